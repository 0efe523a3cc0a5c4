// The value types of the session layer, without a server: PgRowBatch, PgError,
// PgCapabilities and the text encoding of query parameters.

#include "models/pg/pgcapabilities.h"
#include "models/pg/pgerror.h"
#include "models/pg/pgparams.h"
#include "models/pg/pgrowbatch.h"

#include <QDateTime>
#include <QTest>
#include <QTimeZone>
#include <QUuid>

using namespace sightline;

class TestPgValues : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void batchStoresValuesNullsAndEmpties()
    {
        PgRowBatch batch(3);
        QCOMPARE(batch.columnCount(), 3);
        QVERIFY(batch.isEmpty());
        for (int row = 0; row < 200; ++row) {
            batch.beginRow();
            const QByteArray number = QByteArray::number(row);
            batch.appendValue(number.constData(), int(number.size()));
            if (row % 3 == 0)
                batch.appendNull();
            else
                batch.appendValue("", 0);
            const QByteArray text = QStringLiteral("ü%1").arg(row).toUtf8();
            batch.appendValue(text.constData(), int(text.size()));
        }
        QCOMPARE(batch.rowCount(), 200);
        for (int row = 0; row < 200; ++row) {
            QCOMPARE(batch.value(row, 0), QByteArrayView(QByteArray::number(row)));
            QCOMPARE(batch.isNull(row, 0), false);
            QCOMPARE(batch.isNull(row, 1), row % 3 == 0);
            // NULL and '' stay apart, in bytes and in text.
            QVERIFY(batch.value(row, 1).isEmpty());
            QCOMPARE(batch.text(row, 1).isNull(), row % 3 == 0);
            QCOMPARE(batch.text(row, 2), QStringLiteral("ü%1").arg(row));
        }
        QVERIFY(batch.byteSize() > 200 * 3);
    }

    void batchCopiesShareAndDetach()
    {
        PgRowBatch batch(1);
        batch.beginRow();
        batch.appendValue("a", 1);
        const PgRowBatch copy = batch; // what a receiver keeps
        batch.beginRow();
        batch.appendValue("b", 1);
        QCOMPARE(copy.rowCount(), 1);
        QCOMPARE(batch.rowCount(), 2);
        QCOMPARE(copy.text(0, 0), QStringLiteral("a"));
        QCOMPARE(batch.text(1, 0), QStringLiteral("b"));
    }

    void defaultBatchIsEmpty()
    {
        const PgRowBatch batch;
        QCOMPARE(batch.rowCount(), 0);
        QCOMPARE(batch.columnCount(), 0);
        QCOMPARE(batch.byteSize(), 0);
        // Rows without columns exist too: SELECT FROM generate_series(1, 2).
        PgRowBatch noColumns(0);
        noColumns.beginRow();
        noColumns.beginRow();
        QCOMPARE(noColumns.rowCount(), 2);
    }

    void batchLimitsAreCheckedBeforeAppending()
    {
        PgRowBatch batch(2);
        QCOMPARE(batch.dataBytes(), 0);
        // Any single value PostgreSQL can send fits an empty batch...
        QVERIFY(batch.canAppendRow(qsizetype(1) << 30));
        QVERIFY(batch.canAppendRow(PgRowBatch::kMaxDataBytes));
        // ...but nothing that would take a 32-bit offset past its range.
        QVERIFY(!batch.canAppendRow(PgRowBatch::kMaxDataBytes + 1));
        QVERIFY(!batch.canAppendRow(qsizetype(3) << 31));
        QVERIFY(!batch.canAppendRow(-1));

        batch.beginRow();
        batch.appendValue("abc", 3);
        batch.appendNull();
        QCOMPARE(batch.dataBytes(), 3);
        QVERIFY(batch.canAppendRow(PgRowBatch::kMaxDataBytes - 3));
        QVERIFY(!batch.canAppendRow(PgRowBatch::kMaxDataBytes - 2));
        QVERIFY(batch.byteSize() >= batch.dataBytes());

        // Copies are independent, and so are their counts.
        const PgRowBatch copy = batch;
        batch.beginRow();
        batch.appendValue("de", 2);
        batch.appendValue("", 0);
        QCOMPARE(batch.dataBytes(), 5);
        QCOMPARE(copy.dataBytes(), 3);
        QCOMPARE(PgRowBatch().dataBytes(), 0);
        QVERIFY(PgRowBatch().canAppendRow(0));
    }

    void errorSummaryAndFullText()
    {
        PgError error;
        QVERIFY(!error.isError());
        error.kind = PgError::Kind::Server;
        error.severity = QStringLiteral("ERROR");
        error.sqlState = QStringLiteral("42P01");
        error.message = QStringLiteral("relation \"x\" does not exist");
        error.position = 15;
        error.hint = QStringLiteral("Check the name.");
        QVERIFY(error.isError());
        QCOMPARE(error.summary(), QStringLiteral("ERROR 42P01: relation \"x\" does not exist"));
        const QString full = error.fullText();
        QVERIFY(full.startsWith(error.summary()));
        QVERIFY(full.contains(QLatin1String("Check the name.")));
        QVERIFY(full.contains(QLatin1String("15")));

        PgError connection;
        connection.kind = PgError::Kind::Connection;
        connection.severity = QStringLiteral("FATAL");
        connection.sqlState = QStringLiteral("28P01");
        connection.message = QStringLiteral("Wrong password for user \"x\"");
        QCOMPARE(connection.summary(), connection.message); // written for people already
        QVERIFY(connection.fullText().contains(QLatin1String("28P01")));

        const PgError client = PgError::client(QStringLiteral("Not connected"));
        QCOMPARE(client.kind, PgError::Kind::Client);
        QVERIFY(client.isError());
        QCOMPARE(client.summary(), QStringLiteral("Not connected")); // our own words need no prefix
    }

    void versionLabel_data()
    {
        QTest::addColumn<int>("number");
        QTest::addColumn<QString>("label");
        QTest::newRow("15") << 150008 << QStringLiteral("PostgreSQL 15.8");
        QTest::newRow("17") << 170002 << QStringLiteral("PostgreSQL 17.2");
        QTest::newRow("9.6") << 90624 << QStringLiteral("PostgreSQL 9.6.24");
        QTest::newRow("unknown") << 0 << QString();
    }

    void versionLabel()
    {
        QFETCH(int, number);
        QFETCH(QString, label);
        PgCapabilities caps;
        caps.serverVersionNum = number;
        QCOMPARE(caps.versionLabel(), label);
        QCOMPARE(caps.isValid(), number > 0);
    }

    void paramEncoding_data()
    {
        QTest::addColumn<QVariant>("value");
        QTest::addColumn<bool>("isNull");
        QTest::addColumn<QByteArray>("text");

        QTest::newRow("invalid") << QVariant() << true << QByteArray();
        QTest::newRow("null typed") << QVariant(QMetaType::fromType<int>()) << true << QByteArray();
        QTest::newRow("empty string") << QVariant(QString()) << false << QByteArray("");
        QTest::newRow("int") << QVariant(-42) << false << QByteArray("-42");
        QTest::newRow("uint64") << QVariant(quint64(18446744073709551615ull)) << false
                                << QByteArray("18446744073709551615");
        QTest::newRow("bool") << QVariant(false) << false << QByteArray("false");
        QTest::newRow("double") << QVariant(0.1) << false << QByteArray("0.1");
        QTest::newRow("infinity") << QVariant(qInf()) << false << QByteArray("Infinity");
        QTest::newRow("nan") << QVariant(qQNaN()) << false << QByteArray("NaN");
        QTest::newRow("unicode") << QVariant(QStringLiteral("€")) << false
                                 << QByteArray("\xe2\x82\xac");
        QTest::newRow("date") << QVariant(QDate(2024, 2, 29)) << false << QByteArray("2024-02-29");
        QTest::newRow("datetime utc")
            << QVariant(QDateTime(QDate(2024, 1, 2), QTime(3, 4, 5, 6), QTimeZone::utc())) << false
            << QByteArray("2024-01-02T03:04:05.006Z");
        QTest::newRow("datetime offset")
            << QVariant(QDateTime(QDate(2024, 1, 2), QTime(3, 4, 5), QTimeZone(3600))) << false
            << QByteArray("2024-01-02T03:04:05.000+01:00");
        QTest::newRow("uuid") << QVariant(QUuid(
                                     QStringLiteral("{12345678-1234-1234-1234-123456789abc}")))
                              << false << QByteArray("12345678-1234-1234-1234-123456789abc");
        QTest::newRow("string list")
            << QVariant(
                   QStringList{QStringLiteral("a"), QStringLiteral("b\"c"), QStringLiteral("d\\e")})
            << false << QByteArray("{\"a\",\"b\\\"c\",\"d\\\\e\"}");
        QTest::newRow("list with null") << QVariant(QVariantList{1, QVariant(), 3}) << false
                                        << QByteArray("{\"1\",NULL,\"3\"}");
        QTest::newRow("nested list")
            << QVariant(QVariantList{QVariantList{1, 2}, QVariantList{3, 4}}) << false
            << QByteArray("{{\"1\",\"2\"},{\"3\",\"4\"}}");
    }

    void paramEncoding()
    {
        QFETCH(QVariant, value);
        QFETCH(bool, isNull);
        QFETCH(QByteArray, text);
        QByteArray encoded("garbage");
        QCOMPARE(!pg::encodeParam(value, encoded), isNull);
        QCOMPARE(encoded, text);
    }

    void paramsKeepTheirPositions()
    {
        std::vector<QByteArray> values;
        std::vector<bool> nulls;
        pg::encodeParams({1, QVariant(), QStringLiteral("x")}, values, nulls);
        QCOMPARE(values.size(), size_t(3));
        QCOMPARE(nulls, (std::vector<bool>{false, true, false}));
        QCOMPARE(values[0], QByteArray("1"));
        QCOMPARE(values[2], QByteArray("x"));
    }
};

QTEST_GUILESS_MAIN(TestPgValues)
#include "tst_pgvalues.moc"
