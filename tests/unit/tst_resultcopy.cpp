// The "Copy as" text formats, checked against hand-written expectations.

#include "models/query/resultcopy.h"
#include "models/query/resultsetmodel.h"

#include <QTest>

#include <optional>

using namespace sightline;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(sightline::CopyFormat)
Q_DECLARE_METATYPE(sightline::CopyOptions)

namespace {

using Value = std::optional<QString>; // nullopt is SQL NULL

QList<PgColumn> columns()
{
    return {{QStringLiteral("id"), 23},     {QStringLiteral("Label"), 25},
            {QStringLiteral("flag"), 16},   {QStringLiteral("f"), 701},
            {QStringLiteral("select"), 25}, {QStringLiteral("my col"), 25},
            {QStringLiteral("n"), 1700}};
}

QString longText()
{
    return QString(1500, QLatin1Char('x')) + QStringLiteral("END");
}

QList<QList<Value>> rowValues()
{
    const QString uni = QStringLiteral("h\u00e9llo \u2713 \u65e5\u672c");
    return {
        {u"1"_s, u"plain"_s, u"t"_s, u"1.5"_s, u"x"_s, u"y"_s, u"12.50"_s},
        {u"2"_s, std::nullopt, u"f"_s, u"NaN"_s, u""_s, std::nullopt, u"-Infinity"_s},
        {u"3"_s, u"a,b \"q\""_s, u"t"_s, u"-2e-05"_s, u"tab\there"_s, u"line1\nline2"_s, u"0"_s},
        {u"4"_s, uni, std::nullopt, u"Infinity"_s, u"it's"_s, u"pipe|back\\"_s, u"NaN"_s},
        {u"5"_s, longText(), u"f"_s, u"3"_s, u"s"_s, u"m"_s, u"1"_s},
        {u"6"_s, u"\\."_s, u"t"_s, u"0"_s, u"cr\rx"_s, u"a\r\nb"_s, u"100"_s},
    };
}

// Two batches, so rows are read across a batch boundary.
void fill(ResultSetModel &model)
{
    model.setColumns(columns());
    const QList<QList<Value>> values = rowValues();
    PgRowBatch first(int(columns().size()));
    PgRowBatch second(int(columns().size()));
    for (qsizetype r = 0; r < values.size(); ++r) {
        PgRowBatch &batch = r < 3 ? first : second;
        batch.beginRow();
        for (const Value &value : values.at(r)) {
            if (!value) {
                batch.appendNull();
                continue;
            }
            const QByteArray utf8 = value->toUtf8();
            batch.appendValue(utf8.constData(), int(utf8.size()));
        }
    }
    model.appendBatch(first);
    model.appendBatch(second);
}

CopyOptions noHeader()
{
    CopyOptions options;
    options.header = false;
    return options;
}

const QString kUni = QStringLiteral("h\u00e9llo \u2713 \u65e5\u672c");

} // namespace

class TestResultCopy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void formats_data()
    {
        QTest::addColumn<CopyFormat>("format");
        QTest::addColumn<QList<int>>("rows");
        QTest::addColumn<QList<int>>("cols");
        QTest::addColumn<CopyOptions>("options");
        QTest::addColumn<QString>("expected");

        const QList<int> all;
        CopyOptions insert;
        insert.schemaName = QStringLiteral("app");
        insert.tableName = QStringLiteral("Orders");

        // TSV: tab separated, NULL and '' both empty, CSV-style quotes only
        // around values with a tab, line break or quote; booleans as words.
        QTest::newRow("tsv header") << CopyFormat::Tsv << QList<int>{0, 1} << all << CopyOptions()
                                    << QStringLiteral("id\tLabel\tflag\tf\tselect\tmy col\tn\n"
                                                      "1\tplain\ttrue\t1.5\tx\ty\t12.50\n"
                                                      "2\t\tfalse\tNaN\t\t\t-Infinity\n");
        QTest::newRow("tsv quoting, no header")
            << CopyFormat::Tsv << QList<int>{2, 3, 5} << all << noHeader()
            << (QStringLiteral("3\t\"a,b \"\"q\"\"\"\ttrue\t-2e-05\t\"tab\there\"\t"
                               "\"line1\nline2\"\t0\n4\t") +
                kUni +
                QStringLiteral("\t\tInfinity\tit's\tpipe|back\\\tNaN\n"
                               "6\t\\.\ttrue\t0\t\"cr\rx\"\t\"a\r\nb\"\t100\n"));
        QTest::newRow("tsv subset reordered")
            << CopyFormat::Tsv << QList<int>{3, 0} << QList<int>{5, 1} << CopyOptions()
            << (QStringLiteral("my col\tLabel\npipe|back\\\t") + kUni +
                QStringLiteral("\ny\tplain\n"));

        // CSV: what psql --csv writes (t/f, '' and NULL both empty, "\." quoted).
        QTest::newRow("csv header")
            << CopyFormat::Csv << QList<int>{0, 1, 2, 3} << all << CopyOptions()
            << (QStringLiteral("id,Label,flag,f,select,my col,n\n"
                               "1,plain,t,1.5,x,y,12.50\n"
                               "2,,f,NaN,,,-Infinity\n"
                               "3,\"a,b \"\"q\"\"\",t,-2e-05,tab\there,\"line1\nline2\",0\n4,") +
                kUni + QStringLiteral(",,Infinity,it's,pipe|back\\,NaN\n"));
        QTest::newRow("csv no header, end marker and CR")
            << CopyFormat::Csv << QList<int>{5} << all << noHeader()
            << QStringLiteral("6,\"\\.\",t,0,\"cr\rx\",\"a\r\nb\",100\n");
        QTest::newRow("csv subset, quoted header")
            << CopyFormat::Csv << QList<int>{1} << QList<int>{6, 1, 2} << CopyOptions()
            << QStringLiteral("n,Label,flag\n-Infinity,,f\n");
        QTest::newRow("csv no rows") << CopyFormat::Csv << QList<int>{} << QList<int>{0, 5}
                                     << CopyOptions() << QStringLiteral("id,my col\n");

        // Markdown: numbers right-aligned, NULL spelled out, pipes and
        // backslashes escaped, line breaks as <br>; always a header.
        const QString mdHead = QStringLiteral("| id | Label | flag | f | select | my col | n |\n"
                                              "| ---: | --- | --- | ---: | --- | --- | ---: |\n");
        QTest::newRow("markdown")
            << CopyFormat::Markdown << QList<int>{0, 1, 2, 3, 5} << all << CopyOptions()
            << (mdHead +
                QStringLiteral(
                    "| 1 | plain | true | 1.5 | x | y | 12.50 |\n"
                    "| 2 | NULL | false | NaN |  | NULL | -Infinity |\n"
                    "| 3 | a,b \"q\" | true | -2e-05 | tab\there | line1<br>line2 | 0 |\n"
                    "| 4 | ") +
                kUni +
                QStringLiteral(" | NULL | Infinity | it's | pipe\\|back\\\\ | NaN |\n"
                               "| 6 | \\\\. | true | 0 | cr<br>x | a<br>b | 100 |\n"));
        QTest::newRow("markdown header off keeps the header")
            << CopyFormat::Markdown << QList<int>{0} << QList<int>{1, 0} << noHeader()
            << QStringLiteral("| Label | id |\n| --- | ---: |\n| plain | 1 |\n");

        // INSERT: identifiers quoted only when needed, literals by type.
        const QString prefix = QStringLiteral("INSERT INTO app.\"Orders\" (id, \"Label\", flag, f, "
                                              "\"select\", \"my col\", n) VALUES (");
        QTest::newRow("insert")
            << CopyFormat::SqlInsert << QList<int>{0, 1, 2, 3, 5} << all << insert
            << (prefix + QStringLiteral("1, 'plain', true, 1.5, 'x', 'y', 12.50);\n") + prefix +
                QStringLiteral("2, NULL, false, 'NaN', '', NULL, '-Infinity');\n") + prefix +
                QStringLiteral("3, 'a,b \"q\"', true, -2e-05, 'tab\there', 'line1\nline2', 0);\n") +
                prefix + QStringLiteral("4, '") + kUni +
                QStringLiteral("', NULL, 'Infinity', 'it''s', 'pipe|back\\', 'NaN');\n") + prefix +
                QStringLiteral("6, '\\.', true, 0, 'cr\rx', 'a\r\nb', 100);\n"));
        QTest::newRow("insert default table, subset")
            << CopyFormat::SqlInsert << QList<int>{1, 0} << QList<int>{5, 0} << noHeader()
            << QStringLiteral("INSERT INTO table_name (\"my col\", id) VALUES (NULL, 2);\n"
                              "INSERT INTO table_name (\"my col\", id) VALUES ('y', 1);\n");

        // Long values are copied whole, never the grid's truncated text.
        QTest::newRow("tsv long") << CopyFormat::Tsv << QList<int>{4} << QList<int>{1} << noHeader()
                                  << longText() + QLatin1Char('\n');
        QTest::newRow("csv long") << CopyFormat::Csv << QList<int>{4} << QList<int>{1} << noHeader()
                                  << longText() + QLatin1Char('\n');
        QTest::newRow("markdown long")
            << CopyFormat::Markdown << QList<int>{4} << QList<int>{1} << CopyOptions()
            << QStringLiteral("| Label |\n| --- |\n| ") + longText() + QStringLiteral(" |\n");
        QTest::newRow("insert long")
            << CopyFormat::SqlInsert << QList<int>{4} << QList<int>{1} << CopyOptions()
            << QStringLiteral("INSERT INTO table_name (\"Label\") VALUES ('") + longText() +
                   QStringLiteral("');\n");

        QTest::newRow("out of range indices are skipped")
            << CopyFormat::Tsv << QList<int>{-1, 0, 99} << QList<int>{0, 7, -2} << CopyOptions()
            << QStringLiteral("id\n1\n");
    }

    void formats()
    {
        QFETCH(CopyFormat, format);
        QFETCH(QList<int>, rows);
        QFETCH(QList<int>, cols);
        QFETCH(CopyOptions, options);
        QFETCH(QString, expected);

        ResultSetModel model;
        fill(model);
        QCOMPARE(model.rowCount(), 6);
        QCOMPARE(copyRows(model, rows, cols, format, options), expected);
    }

    void identifiers_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << u"order_id2"_s << u"order_id2"_s;
        QTest::newRow("leading underscore") << u"_x"_s << u"_x"_s;
        QTest::newRow("mixed case") << u"OrderId"_s << u"\"OrderId\""_s;
        QTest::newRow("reserved keyword") << u"select"_s << u"\"select\""_s;
        QTest::newRow("keyword table") << u"table"_s << u"\"table\""_s;
        QTest::newRow("space") << u"my col"_s << u"\"my col\""_s;
        QTest::newRow("leading digit") << u"1st"_s << u"\"1st\""_s;
        QTest::newRow("embedded quote") << u"a\"b"_s << u"\"a\"\"b\""_s;
        QTest::newRow("non-ascii") << u"caf\u00e9"_s << u"\"caf\u00e9\""_s;
        QTest::newRow("anonymous column") << u"?column?"_s << u"\"?column?\""_s;
        QTest::newRow("empty") << QString() << u"\"\""_s;
    }

    void identifiers()
    {
        QFETCH(QString, name);
        QFETCH(QString, expected);
        QCOMPARE(quoteSqlIdentifier(name), expected);
    }

    void literals_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<quint32>("oid");
        QTest::addColumn<QString>("expected");
        QTest::newRow("null") << QString() << 25u << u"NULL"_s;
        QTest::newRow("null int") << QString() << 23u << u"NULL"_s;
        QTest::newRow("empty text") << u""_s << 25u << u"''"_s;
        QTest::newRow("int2") << u"-7"_s << 21u << u"-7"_s;
        QTest::newRow("int8") << u"9223372036854775807"_s << 20u << u"9223372036854775807"_s;
        QTest::newRow("oid") << u"16384"_s << 26u << u"16384"_s;
        QTest::newRow("float4 exp") << u"1e+30"_s << 700u << u"1e+30"_s;
        QTest::newRow("float8 NaN") << u"NaN"_s << 701u << u"'NaN'"_s;
        QTest::newRow("float8 -Infinity") << u"-Infinity"_s << 701u << u"'-Infinity'"_s;
        QTest::newRow("numeric") << u"-0.000100"_s << 1700u << u"-0.000100"_s;
        QTest::newRow("numeric Infinity") << u"Infinity"_s << 1700u << u"'Infinity'"_s;
        QTest::newRow("money is a string") << u"$1,000.00"_s << 790u << u"'$1,000.00'"_s;
        QTest::newRow("bool true") << u"t"_s << 16u << u"true"_s;
        QTest::newRow("bool false") << u"f"_s << 16u << u"false"_s;
        QTest::newRow("quotes doubled") << u"O'Brien ''x''"_s << 25u << u"'O''Brien ''''x'''''"_s;
        QTest::newRow("backslash kept") << u"C:\\temp\\n"_s << 25u << u"'C:\\temp\\n'"_s;
        QTest::newRow("bytea text form") << u"\\x00ff27"_s << 17u << u"'\\x00ff27'"_s;
        QTest::newRow("json") << u"{\"a\": 'b'}"_s << 3802u << u"'{\"a\": ''b''}'"_s;
        QTest::newRow("newline kept") << u"a\nb"_s << 1043u << u"'a\nb'"_s;
    }

    void literals()
    {
        QFETCH(QString, value);
        QFETCH(quint32, oid);
        QFETCH(QString, expected);
        QCOMPARE(sqlLiteral(value, oid), expected);
    }
};

QTEST_GUILESS_MAIN(TestResultCopy)
#include "tst_resultcopy.moc"
