// Value-level formatting shared by the grid, copy, export and the cell viewer.

#include "models/query/resultvalueformat.h"

#include <QJsonDocument>
#include <QTest>

using namespace sightline;

class TestResultValueFormat : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void csvField_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QByteArray>("written");
        QTest::newRow("plain") << QByteArray("abc") << QByteArray("abc");
        QTest::newRow("empty") << QByteArray("") << QByteArray("");
        QTest::newRow("comma") << QByteArray("a,b") << QByteArray("\"a,b\"");
        QTest::newRow("quote") << QByteArray("say \"hi\"") << QByteArray("\"say \"\"hi\"\"\"");
        QTest::newRow("newline") << QByteArray("a\nb") << QByteArray("\"a\nb\"");
        QTest::newRow("cr") << QByteArray("a\rb") << QByteArray("\"a\rb\"");
        QTest::newRow("end of data") << QByteArray("\\.") << QByteArray("\"\\.\"");
        QTest::newRow("backslash") << QByteArray("\\") << QByteArray("\\");
        QTest::newRow("tab stays bare") << QByteArray("a\tb") << QByteArray("a\tb");
    }

    void csvField()
    {
        QFETCH(QByteArray, value);
        QFETCH(QByteArray, written);
        QByteArray out;
        appendCsvField(out, value);
        QCOMPARE(out, written);
    }

    void jsonValue_data()
    {
        QTest::addColumn<quint32>("oid");
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<bool>("isNull");
        QTest::addColumn<QByteArray>("written");
        QTest::newRow("null") << 25u << QByteArray() << true << QByteArray("null");
        QTest::newRow("int") << 23u << QByteArray("-17") << false << QByteArray("-17");
        QTest::newRow("numeric") << 1700u << QByteArray("12345678901234567890.000001") << false
                                 << QByteArray("12345678901234567890.000001");
        QTest::newRow("float exponent")
            << 701u << QByteArray("1e+20") << false << QByteArray("1e+20");
        QTest::newRow("NaN stays a string")
            << 701u << QByteArray("NaN") << false << QByteArray("\"NaN\"");
        QTest::newRow("Infinity stays a string")
            << 1700u << QByteArray("-Infinity") << false << QByteArray("\"-Infinity\"");
        QTest::newRow("money is a string")
            << 790u << QByteArray("$1.00") << false << QByteArray("\"$1.00\"");
        QTest::newRow("bool") << 16u << QByteArray("t") << false << QByteArray("true");
        QTest::newRow("jsonb embedded") << 3802u << QByteArray("{\"a\": [1, null]}") << false
                                        << QByteArray("{\"a\": [1, null]}");
        QTest::newRow("text escaped") << 25u << QByteArray("a\"b\\c\nd\te\x01") << false
                                      << QByteArray("\"a\\\"b\\\\c\\nd\\te\\u0001\"");
        QTest::newRow("unicode as is")
            << 25u << QByteArray("h\xc3\xa9") << false << QByteArray("\"h\xc3\xa9\"");
        QTest::newRow("bytea as string")
            << 17u << QByteArray("\\x00ff") << false << QByteArray("\"\\\\x00ff\"");
        QTest::newRow("timestamp as string") << 1184u << QByteArray("2024-01-01 00:00:00+00")
                                             << false << QByteArray("\"2024-01-01 00:00:00+00\"");
    }

    void jsonValue()
    {
        QFETCH(quint32, oid);
        QFETCH(QByteArray, raw);
        QFETCH(bool, isNull);
        QFETCH(QByteArray, written);
        QByteArray out;
        appendJsonValue(out, raw, isNull, oid);
        QCOMPARE(out, written);
        // Every value is valid JSON on its own.
        QJsonParseError error;
        QJsonDocument::fromJson("[" + out + "]", &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
    }

    void prettyJson_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("pretty");
        QTest::newRow("object") << QStringLiteral("{\"b\": 1, \"a\": [1, 2.50, {}], \"c\": []}")
                                << QStringLiteral("{\n  \"b\": 1,\n  \"a\": [\n    1,\n    2.50,\n"
                                                  "    {}\n  ],\n  \"c\": []\n}");
        QTest::newRow("scalar") << QStringLiteral(" \"x\" ") << QStringLiteral("\"x\"");
        QTest::newRow("big number kept")
            << QStringLiteral("[123456789012345678901234567890]")
            << QStringLiteral("[\n  123456789012345678901234567890\n]");
        QTest::newRow("strings untouched")
            << QStringLiteral("{\"k,{\":\"v: [\\\"x\\\"]\\n\"}")
            << QStringLiteral("{\n  \"k,{\": \"v: [\\\"x\\\"]\\n\"\n}");
        QTest::newRow("literals") << QStringLiteral("[true,false,null]")
                                  << QStringLiteral("[\n  true,\n  false,\n  null\n]");
        QTest::newRow("trailing comma") << QStringLiteral("[1,]") << QString();
        QTest::newRow("unclosed") << QStringLiteral("{\"a\": 1") << QString();
        QTest::newRow("bare word") << QStringLiteral("{a: 1}") << QString();
        QTest::newRow("two values") << QStringLiteral("1 2") << QString();
        QTest::newRow("bad number") << QStringLiteral("[01]") << QString();
        QTest::newRow("empty") << QString() << QString();
        QTest::newRow("mismatched") << QStringLiteral("[1}") << QString();
    }

    void prettyJson()
    {
        QFETCH(QString, json);
        QFETCH(QString, pretty);
        const QString out = sightline::prettyJson(json);
        QCOMPARE(out, pretty);
        QCOMPARE(out.isNull(), pretty.isNull());
    }

    void prettyJsonDeepNesting()
    {
        // No recursion, and indentation stops growing: depth does not matter.
        const int depth = 50000;
        const QString json = QString(depth, QLatin1Char('[')) + QString(depth, QLatin1Char(']'));
        const QString out = sightline::prettyJson(json);
        QVERIFY(!out.isNull());
        QVERIFY(out.endsWith(QLatin1Char(']')));
        QVERIFY(out.size() < qsizetype(depth) * 2 * 90);
    }

    void bytea_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("hex") << QByteArray("\\x00ff27") << true << QByteArray("\x00\xff'", 3);
        QTest::newRow("empty hex") << QByteArray("\\x") << true << QByteArray();
        QTest::newRow("odd hex") << QByteArray("\\x0") << false << QByteArray();
        QTest::newRow("bad hex") << QByteArray("\\xzz") << false << QByteArray();
        QTest::newRow("escape form")
            << QByteArray("a\\\\b\\000\\377") << true << QByteArray("a\\b\x00\xff", 5);
        QTest::newRow("bad escape") << QByteArray("a\\9") << false << QByteArray();
    }

    void bytea()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, ok);
        QFETCH(QByteArray, bytes);
        QByteArray decoded;
        QCOMPARE(decodeBytea(text, &decoded), ok);
        QCOMPARE(decoded, bytes);
        if (ok)
            QCOMPARE(byteaSize(text), qint64(bytes.size()));
    }

    void displayText()
    {
        bool truncated = true;
        QCOMPARE(cellDisplayText("short", 10, &truncated), QStringLiteral("short"));
        QVERIFY(!truncated);
        QCOMPARE(cellDisplayText("0123456789abc", 10, &truncated),
                 QStringLiteral("0123456789\u2026"));
        QVERIFY(truncated);
        QCOMPARE(cellDisplayText("a\r\nb", 10, &truncated), QStringLiteral("a\u21b5b"));
        QVERIFY(!truncated);
        // A surrogate pair is never split.
        const QByteArray emoji = QStringLiteral("\U0001F600\U0001F600").toUtf8();
        QCOMPARE(cellDisplayText(emoji, 3, &truncated), QStringLiteral("\U0001F600\u2026"));
        QVERIFY(truncated);
    }

    void oneLine()
    {
        QCOMPARE(jsonOneLine(QStringLiteral("{\n\t\"a\":  1,\r\n\"b\": \"x\\\"\ty\"}")),
                 QStringLiteral("{ \"a\":  1, \"b\": \"x\\\"\ty\"}"));
    }
};

QTEST_GUILESS_MAIN(TestResultValueFormat)
#include "tst_resultvalueformat.moc"
