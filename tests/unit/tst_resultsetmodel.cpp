#include "models/query/resultsetmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include <optional>

using namespace sightline;

namespace {
PgRowBatch makeBatch(int first, int count)
{
    PgRowBatch batch(3);
    for (int i = first; i < first + count; ++i) {
        batch.beginRow();
        const QByteArray number = QByteArray::number(i);
        batch.appendValue(number.constData(), int(number.size()));
        if (i % 10 == 0) {
            batch.appendNull();
        } else {
            const QByteArray text = "row " + number;
            batch.appendValue(text.constData(), int(text.size()));
        }
        batch.appendValue(i % 2 ? "t" : "f", 1);
    }
    return batch;
}

QList<PgColumn> columns()
{
    return {{QStringLiteral("id"), 23}, {QStringLiteral("label"), 25}, {QStringLiteral("odd"), 16}};
}

// One row with one column of type `oid` holding `value` (nullopt is NULL).
void oneValue(ResultSetModel &model, quint32 oid, const std::optional<QByteArray> &value)
{
    model.setColumns({{QStringLiteral("v"), oid}});
    PgRowBatch batch(1);
    batch.beginRow();
    if (value)
        batch.appendValue(value->constData(), int(value->size()));
    else
        batch.appendNull();
    model.appendBatch(batch);
}
} // namespace

class TestResultSetModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void modelTester()
    {
        ResultSetModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setColumns(columns());
        model.appendBatch(makeBatch(1, 50));
        model.appendBatch(makeBatch(51, 7));
        model.appendBatch(PgRowBatch(3));
        QCOMPARE(model.rowCount(), 57);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.columnCount(), 0);
    }

    void valuesAcrossBatches()
    {
        ResultSetModel model;
        model.setColumns(columns());
        model.appendBatch(makeBatch(1, 3));
        model.appendBatch(makeBatch(4, 1000));
        QCOMPARE(model.rowCount(), 1003);
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("1"));
        QCOMPARE(model.index(3, 1).data().toString(), QStringLiteral("row 4"));
        QCOMPARE(model.index(1002, 0).data().toString(), QStringLiteral("1003"));
        // NULL is distinct from an empty string and marked.
        QCOMPARE(model.index(9, 1).data(ResultSetModel::IsNullRole).toBool(), true);
        QCOMPARE(model.index(9, 1).data().toString(), QStringLiteral("NULL"));
        QVERIFY(model.index(9, 1).data(ResultSetModel::RawValueRole).isNull());
        QCOMPARE(model.index(8, 1).data(ResultSetModel::IsNullRole).toBool(), false);
        // Booleans read as words, numbers align right.
        QCOMPARE(model.index(0, 2).data().toString(), QStringLiteral("true"));
        QCOMPARE(model.index(1, 2).data().toString(), QStringLiteral("false"));
        const auto align = model.index(0, 0).data(Qt::TextAlignmentRole).value<Qt::Alignment>();
        QVERIFY(align & Qt::AlignRight);
        const auto textAlign = model.index(0, 1).data(Qt::TextAlignmentRole).value<Qt::Alignment>();
        QVERIFY(textAlign & Qt::AlignLeft);
        QCOMPARE(model.headerData(1, Qt::Horizontal).toString(), QStringLiteral("label"));
    }

    void rowCapStopsAppending()
    {
        ResultSetModel model;
        model.setRowCap(120);
        model.setColumns(columns());
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QVERIFY(model.appendBatch(makeBatch(1, 100)));
        QVERIFY(!model.appendBatch(makeBatch(101, 100)));
        QVERIFY(model.capReached());
        QCOMPARE(model.rowCount(), 120);
        QCOMPARE(model.index(119, 0).data().toString(), QStringLiteral("120"));
        QVERIFY(!model.appendBatch(makeBatch(201, 5)));
        QCOMPARE(model.rowCount(), 120);
        QCOMPARE(inserted.count(), 2);
    }

    void longValuesAreCutForDisplayOnly()
    {
        ResultSetModel model;
        model.setColumns({{QStringLiteral("t"), 25}});
        PgRowBatch batch(1);
        batch.beginRow();
        const QByteArray longText(5000, 'x');
        batch.appendValue(longText.constData(), int(longText.size()));
        model.appendBatch(batch);
        QVERIFY(model.index(0, 0).data().toString().size() < 1100);
        QCOMPARE(model.index(0, 0).data(ResultSetModel::RawValueRole).toString().size(), 5000);
    }

    void capRaiseRevealsRows()
    {
        ResultSetModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRowCap(120);
        model.setColumns(columns());
        QVERIFY(model.appendBatch(makeBatch(1, 100)));
        QVERIFY(!model.appendBatch(makeBatch(101, 100)));
        QCOMPARE(model.rowCount(), 120);
        QCOMPARE(model.hiddenRows(), 80);
        QVERIFY(model.capReached());

        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.setRowCap(150);
        QCOMPARE(model.rowCount(), 150);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 120);
        QCOMPARE(inserted.at(0).at(2).toInt(), 149);
        QCOMPARE(model.index(149, 0).data().toString(), QStringLiteral("150"));
        QCOMPARE(model.hiddenRows(), 50);
        QVERIFY(model.capReached());

        model.setRowCap(1000);
        QCOMPARE(model.rowCount(), 200);
        QCOMPARE(model.hiddenRows(), 0);
        QVERIFY(!model.capReached());
        QCOMPARE(model.index(199, 0).data().toString(), QStringLiteral("200"));
        // Appending goes on after the revealed rows.
        QVERIFY(model.appendBatch(makeBatch(201, 10)));
        QCOMPARE(model.rowCount(), 210);
        QCOMPARE(model.index(209, 0).data().toString(), QStringLiteral("210"));

        // Lowering the cap keeps what is shown and only limits appends.
        model.setRowCap(5);
        QCOMPARE(model.rowCount(), 210);
        QVERIFY(!model.appendBatch(makeBatch(211, 3)));
        QCOMPARE(model.rowCount(), 210);
        QCOMPARE(model.droppedRows(), 3);
        QVERIFY(model.capReached());
    }

    void batchRefusedAtCapIsCounted()
    {
        ResultSetModel model;
        model.setRowCap(100);
        model.setColumns(columns());
        QVERIFY(model.appendBatch(makeBatch(1, 100)));
        QVERIFY(!model.capReached());
        QVERIFY(!model.appendBatch(makeBatch(101, 50)));
        QVERIFY(model.capReached());
        QCOMPARE(model.droppedRows(), 50);
        QCOMPARE(model.hiddenRows(), 0);
        model.setRowCap(500);
        QVERIFY(!model.capReached());
        QCOMPARE(model.droppedRows(), 0);
        QCOMPARE(model.rowCount(), 100);
    }

    void rendering_data()
    {
        QTest::addColumn<quint32>("oid");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QString>("display");
        QTest::addColumn<bool>("rightAligned");
        QTest::addColumn<bool>("truncated");

        QTest::newRow("int4") << 23u << QByteArray("-42") << QStringLiteral("-42") << true << false;
        QTest::newRow("int8") << 20u << QByteArray("9223372036854775807")
                              << QStringLiteral("9223372036854775807") << true << false;
        QTest::newRow("numeric") << 1700u << QByteArray("12.50") << QStringLiteral("12.50") << true
                                 << false;
        QTest::newRow("float8 NaN")
            << 701u << QByteArray("NaN") << QStringLiteral("NaN") << true << false;
        QTest::newRow("bool t") << 16u << QByteArray("t") << QStringLiteral("true") << false
                                << false;
        QTest::newRow("bool f") << 16u << QByteArray("f") << QStringLiteral("false") << false
                                << false;
        QTest::newRow("empty text") << 25u << QByteArray("") << QString() << false << false;
        QTest::newRow("timestamptz as sent")
            << 1184u << QByteArray("2024-02-29 13:45:01.5+00")
            << QStringLiteral("2024-02-29 13:45:01.5+00") << false << false;
        QTest::newRow("line breaks shown")
            << 25u << QByteArray("a\nb\r\nc\rd") << QStringLiteral("a\u21B5b\u21B5c\u21B5d")
            << false << false;
        QTest::newRow("json on one line")
            << 114u << QByteArray("{\n  \"a\": [1,\n\t2],\n  \"s\": \"x\\ny\"\n}")
            << QStringLiteral("{ \"a\": [1, 2], \"s\": \"x\\ny\" }") << false << false;
        QTest::newRow("jsonb as sent") << 3802u << QByteArray("{\"a\": [1, \"b,c\"]}")
                                       << QStringLiteral("{\"a\": [1, \"b,c\"]}") << false << false;
        QTest::newRow("short bytea")
            << 17u << QByteArray("\\x00ff27") << QStringLiteral("\\x00ff27") << false << false;
        const QByteArray longBytea = "\\x" + QByteArray(200, 'a');
        QTest::newRow("long bytea cut with size")
            << 17u << longBytea
            << (QStringLiteral("\\x") +
                QString(2 * ResultSetModel::kDisplayBytes, QLatin1Char('a')) +
                QStringLiteral("\u2026 (100 bytes)"))
            << false << true;
        QTest::newRow("long text cut")
            << 25u << QByteArray(2000, 'y')
            << QString(ResultSetModel::kDisplayChars, QLatin1Char('y')) + QChar(0x2026) << false
            << true;
        // Cut by characters, not bytes: no broken character at the end.
        QByteArray wide;
        for (int i = 0; i < 600; ++i)
            wide += "\xe6\x97\xa5";
        QTest::newRow("long multibyte cut")
            << 25u << wide << QString(ResultSetModel::kDisplayChars, QChar(0x65e5)) + QChar(0x2026)
            << false << true;
    }

    void rendering()
    {
        QFETCH(quint32, oid);
        QFETCH(QByteArray, value);
        QFETCH(QString, display);
        QFETCH(bool, rightAligned);
        QFETCH(bool, truncated);

        ResultSetModel model;
        oneValue(model, oid, value);
        const QModelIndex index = model.index(0, 0);
        QCOMPARE(index.data().toString(), display);
        QCOMPARE(index.data(ResultSetModel::IsNullRole).toBool(), false);
        QCOMPARE(index.data(ResultSetModel::IsTruncatedRole).toBool(), truncated);
        QCOMPARE(index.data(ResultSetModel::TypeOidRole).toUInt(), oid);
        const auto align = index.data(Qt::TextAlignmentRole).value<Qt::Alignment>();
        QCOMPARE(bool(align & Qt::AlignRight), rightAligned);
        // The raw value is always whole and as sent.
        const QVariant raw = index.data(ResultSetModel::RawValueRole);
        QVERIFY(!raw.isNull());
        QCOMPARE(raw.toString().toUtf8(), value);
        // Long values say more in a tooltip; short ones need none.
        const QString tip = index.data(Qt::ToolTipRole).toString();
        QCOMPARE(!tip.isEmpty(), truncated);
    }

    void nullIsNotEmpty()
    {
        ResultSetModel model;
        model.setColumns({{QStringLiteral("a"), 25}, {QStringLiteral("b"), 25}});
        PgRowBatch batch(2);
        batch.beginRow();
        batch.appendNull();
        batch.appendValue("", 0);
        model.appendBatch(batch);
        const QModelIndex null = model.index(0, 0);
        const QModelIndex empty = model.index(0, 1);
        QCOMPARE(null.data(ResultSetModel::IsNullRole).toBool(), true);
        QCOMPARE(empty.data(ResultSetModel::IsNullRole).toBool(), false);
        QCOMPARE(null.data().toString(), QStringLiteral("NULL"));
        QCOMPARE(empty.data().toString(), QString());
        QVERIFY(null.data(ResultSetModel::RawValueRole).isNull());
        const QVariant emptyRaw = empty.data(ResultSetModel::RawValueRole);
        QVERIFY(emptyRaw.isValid());
        QVERIFY(!emptyRaw.toString().isNull());
        QCOMPARE(emptyRaw.toString(), QString(QLatin1String("")));
        QCOMPARE(null.data(Qt::ToolTipRole).toString(), QStringLiteral("SQL NULL"));
        QVERIFY(empty.data(Qt::ToolTipRole).isNull());
    }

    void longToolTipIsEscapedStart()
    {
        ResultSetModel model;
        oneValue(model, 25, "<b>bold</b>\n" + QByteArray(3000, 'z'));
        const QString tip = model.index(0, 0).data(Qt::ToolTipRole).toString();
        QVERIFY(tip.contains(QStringLiteral("&lt;b&gt;bold&lt;/b&gt;<br>")));
        QVERIFY(tip.size() < 1500);
    }
};

QTEST_GUILESS_MAIN(TestResultSetModel)
#include "tst_resultsetmodel.moc"
