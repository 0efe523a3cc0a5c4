// PgSession against a real PostgreSQL server (the CTest 'pg' fixture).

#include "models/pg/pgsession.h"
#include "tests/testsupport/testserver.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>

#include <memory>

using namespace sightline;

namespace {

// Everything a session says, in order, so tests can check sequences as well
// as contents.
class Recorder : public QObject
{
public:
    explicit Recorder(PgSession *session)
    {
        connect(session, &PgSession::requestStarted, this, [this](PgRequestId id) {
            started << id;
            log << QStringLiteral("started:%1").arg(id);
        });
        connect(session, &PgSession::columnsReceived, this,
                [this](PgRequestId id, int statement, const QList<PgColumn> &cols) {
                    columns[id] << cols;
                    log << QStringLiteral("columns:%1:%2").arg(id).arg(statement);
                });
        connect(session, &PgSession::rowsReceived, this,
                [this](PgRequestId id, int statement, const PgRowBatch &rows) {
                    batches[id] << rows;
                    log << QStringLiteral("rows:%1:%2").arg(id).arg(statement);
                });
        connect(session, &PgSession::statementFinished, this,
                [this](PgRequestId id, const PgStatementResult &result) {
                    statements[id] << result;
                    log << QStringLiteral("statement:%1:%2").arg(id).arg(result.statementIndex);
                });
        connect(session, &PgSession::requestFailed, this, [this](PgRequestId id, const PgError &e) {
            failed[id] = e;
            failedAt[id] = clock.elapsed();
            log << QStringLiteral("failed:%1").arg(id);
        });
        connect(session, &PgSession::requestFinished, this,
                [this](PgRequestId id, bool ok, qint64) {
                    finished[id] = ok;
                    log << QStringLiteral("finished:%1").arg(id);
                });
        connect(
            session, &PgSession::noticeReceived, this,
            [this](PgRequestId id, const PgNotice &notice) { notices << qMakePair(id, notice); });
        connect(session, &PgSession::transactionStatusChanged, this,
                [this](PgTransactionStatus status) { tx << status; });
        clock.start();
    }

    bool waitFinished(PgRequestId id, int timeoutMs = 30000)
    {
        return QTest::qWaitFor([&] { return finished.contains(id); }, timeoutMs);
    }

    bool mentions(PgRequestId id) const
    {
        const QString suffix = QStringLiteral(":%1").arg(id);
        for (const QString &entry : log) {
            if (entry.endsWith(suffix) || entry.contains(suffix + QLatin1Char(':')))
                return true;
        }
        return false;
    }

    qint64 rowCount(PgRequestId id) const
    {
        qint64 rows = 0;
        for (const PgRowBatch &batch : batches.value(id))
            rows += batch.rowCount();
        return rows;
    }

    // All values of one column of a request, in order (NULL -> null QString).
    QStringList column(PgRequestId id, int column) const
    {
        QStringList values;
        for (const PgRowBatch &batch : batches.value(id)) {
            for (int row = 0; row < batch.rowCount(); ++row)
                values << batch.text(row, column);
        }
        return values;
    }

    QElapsedTimer clock;
    QList<PgRequestId> started;
    QMap<PgRequestId, QList<QList<PgColumn>>> columns;
    QMap<PgRequestId, QList<PgRowBatch>> batches;
    QMap<PgRequestId, QList<PgStatementResult>> statements;
    QMap<PgRequestId, PgError> failed;
    QMap<PgRequestId, qint64> failedAt;
    QMap<PgRequestId, bool> finished;
    QList<QPair<PgRequestId, PgNotice>> notices;
    QList<PgTransactionStatus> tx;
    QStringList log;
};

// A port on 127.0.0.1 that nothing listens on (bound once, then released).
quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

} // namespace

class TestPgSession : public QObject
{
    Q_OBJECT

private:
    PgConnectSpec m_spec;
    QString m_database;

    std::unique_ptr<PgSession> connectedSession(const PgConnectSpec &spec)
    {
        auto session = std::make_unique<PgSession>();
        PgError error;
        if (!test::connectAndWait(*session, spec, &error)) {
            qWarning("connect failed: %s", qPrintable(error.fullText()));
            return nullptr;
        }
        return session;
    }

    bool isRunningOnServer(const QString &applicationName)
    {
        const PgQueryResult result = test::runOnce(
            test::serverSpec(),
            QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1 "
                           "AND state = 'active'"),
            {applicationName});
        return result.ok() && result.rows.text(0, 0) != QLatin1String("0");
    }

private Q_SLOTS:
    void initTestCase()
    {
        SIGHTLINE_REQUIRE_SERVER();
        m_spec = test::freshDatabase(QStringLiteral("tst_pgsession"));
        m_database = m_spec.params.value(QStringLiteral("dbname"));
        const PgQueryResult check = test::runOnce(m_spec, QStringLiteral("SELECT 1"));
        QVERIFY2(check.ok(), qPrintable(check.error.fullText()));
    }

    void connectsAndProbesCapabilities()
    {
        PgSession session;
        QSignalSpy states(&session, &PgSession::stateChanged);
        QSignalSpy connected(&session, &PgSession::connected);
        QCOMPARE(session.state(), PgSession::State::Disconnected);
        QCOMPARE(session.transactionStatus(), PgTransactionStatus::Unknown);

        PgError error;
        QVERIFY2(test::connectAndWait(session, m_spec, &error), qPrintable(error.fullText()));
        QCOMPARE(connected.count(), 1);
        QCOMPARE(session.state(), PgSession::State::Ready);
        QVERIFY(session.isConnected());
        QCOMPARE(states.count(), 2);
        QCOMPARE(states.at(0).at(0).value<PgSession::State>(), PgSession::State::Connecting);
        QCOMPARE(states.at(1).at(0).value<PgSession::State>(), PgSession::State::Ready);
        QCOMPARE(session.transactionStatus(), PgTransactionStatus::Idle);
        QVERIFY(session.backendPid() > 0);

        // The probe ran before connected(): everything is there already.
        const PgCapabilities &caps = session.capabilities();
        QVERIFY(caps.isValid());
        QVERIFY2(caps.serverVersionNum >= 100000,
                 qPrintable(QString::number(caps.serverVersionNum)));
        QVERIFY(!caps.serverVersion.isEmpty());
        QVERIFY(caps.fullVersion.startsWith(QLatin1String("PostgreSQL ")));
        QVERIFY2(caps.versionLabel().startsWith(
                     QStringLiteral("PostgreSQL %1.").arg(caps.serverVersionNum / 10000)),
                 qPrintable(caps.versionLabel()));
        const QString user = qEnvironmentVariable("SIGHTLINE_TEST_PGUSER");
        QCOMPARE(caps.currentUser, user);
        QCOMPARE(caps.sessionUser, user);
        QCOMPARE(caps.database, m_database);
        QVERIFY(caps.superuser);
        QVERIFY(caps.pgMonitor); // a superuser is a member of every role
        QVERIFY(caps.pgSignalBackend);
        QVERIFY(caps.pgReadAllStats);
        QVERIFY(!caps.inRecovery);
        QVERIFY(!caps.defaultReadOnly);
        QVERIFY(caps.hasExtension(QStringLiteral("plpgsql")));
        QVERIFY(!caps.extensions.value(QStringLiteral("plpgsql")).isEmpty());

        // The same facts straight from the server.
        const PgQueryResult truth = test::runAndWait(
            session, QStringLiteral("SELECT current_setting('server_version_num'), "
                                    "current_setting('track_io_timing')::bool, pg_backend_pid()"));
        QVERIFY2(truth.ok(), qPrintable(truth.error.fullText()));
        QCOMPARE(truth.rows.text(0, 0).toInt(), caps.serverVersionNum);
        QCOMPARE(truth.rows.text(0, 1) == QLatin1String("t"), caps.trackIoTiming);
        QCOMPARE(truth.rows.text(0, 2).toInt(), session.backendPid());

        QCOMPARE(session.serverParameter(QStringLiteral("client_encoding")),
                 QStringLiteral("UTF8"));
        QCOMPARE(session.serverParameter(QStringLiteral("application_name")),
                 QStringLiteral("sightline-tests"));
        QCOMPARE(session.database(), m_database);
        QCOMPARE(session.user(), user);
        QCOMPARE(session.port(), qEnvironmentVariable("SIGHTLINE_TEST_PGPORT"));
        QVERIFY(!session.usesSsl()); // unix socket
    }

    void passesConnectionParameters()
    {
        // No application_name: libpq gets fallback_application_name=sightline.
        PgConnectSpec spec = m_spec;
        spec.params.remove(QStringLiteral("application_name"));
        // Empty values are not passed (libpq would take "" literally for some).
        spec.params.insert(QStringLiteral("sslmode"), QString());
        spec.params.insert(QStringLiteral("options"),
                           QStringLiteral("-c default_transaction_read_only=on"));
        auto session = connectedSession(spec);
        QVERIFY(session);
        QCOMPARE(session->serverParameter(QStringLiteral("application_name")),
                 QStringLiteral("sightline"));
        QVERIFY(session->capabilities().defaultReadOnly);
    }

    void queryWithParameters_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QVariantList>("params");
        QTest::addColumn<QVariantList>("expected"); // QVariant() = NULL

        QTest::newRow("integer") << QStringLiteral("SELECT $1::int + 1") << QVariantList{41}
                                 << QVariantList{QStringLiteral("42")};
        QTest::newRow("null") << QStringLiteral("SELECT $1::text IS NULL, $1::text")
                              << QVariantList{QVariant()}
                              << QVariantList{QStringLiteral("t"), QVariant()};
        QTest::newRow("empty string is not null")
            << QStringLiteral("SELECT $1::text IS NULL, $1::text")
            << QVariantList{QStringLiteral("")}
            << QVariantList{QStringLiteral("f"), QStringLiteral("")};
        const QString unicode = QStringLiteral("Grüße, 世界 🐘 ' \" \\ ;");
        QTest::newRow("unicode")
            << QStringLiteral("SELECT $1::text, char_length($1::text), octet_length($1::text)")
            << QVariantList{unicode}
            << QVariantList{unicode, QString::number(unicode.toUcs4().size()),
                            QString::number(unicode.toUtf8().size())};
        QTest::newRow("several") << QStringLiteral("SELECT $1::int * $2::int, $3::text || '!'")
                                 << QVariantList{6, 7, QStringLiteral("ja")}
                                 << QVariantList{QStringLiteral("42"), QStringLiteral("ja!")};
        QTest::newRow("bool") << QStringLiteral("SELECT $1::bool, NOT $2::bool")
                              << QVariantList{true, true}
                              << QVariantList{QStringLiteral("t"), QStringLiteral("f")};
        QTest::newRow("double round trip")
            << QStringLiteral("SELECT $1::float8 = 0.1") << QVariantList{0.1}
            << QVariantList{QStringLiteral("t")};
        QTest::newRow("date") << QStringLiteral("SELECT $1::date + 1")
                              << QVariantList{QDate(2024, 2, 28)}
                              << QVariantList{QStringLiteral("2024-02-29")};
        QTest::newRow("array")
            << QStringLiteral("SELECT array_length($1::text[], 1), ($1::text[])[2], "
                              "($1::text[])[3]")
            << QVariantList{QStringList{QStringLiteral("a"), QStringLiteral("b,\"c\""),
                                        QStringLiteral("{x}")}}
            << QVariantList{QStringLiteral("3"), QStringLiteral("b,\"c\""), QStringLiteral("{x}")};
        QTest::newRow("injection stays a value")
            << QStringLiteral("SELECT $1::text")
            << QVariantList{QStringLiteral("'); DROP TABLE x; --")}
            << QVariantList{QStringLiteral("'); DROP TABLE x; --")};
    }

    void queryWithParameters()
    {
        QFETCH(QString, sql);
        QFETCH(QVariantList, params);
        QFETCH(QVariantList, expected);
        auto session = connectedSession(m_spec);
        QVERIFY(session);

        auto check = [&](const PgRowBatch &rows) {
            QCOMPARE(rows.rowCount(), 1);
            QCOMPARE(rows.columnCount(), expected.size());
            for (int column = 0; column < expected.size(); ++column) {
                const QVariant &want = expected.at(column);
                QCOMPARE(rows.isNull(0, column), !want.isValid());
                if (want.isValid()) {
                    QCOMPARE(rows.text(0, column), want.toString());
                    QVERIFY(!rows.text(0, column).isNull());
                } else {
                    QVERIFY(rows.text(0, column).isNull());
                }
            }
        };

        // Streaming path.
        Recorder recorder(session.get());
        const PgRequestId id = session->executeParams(sql, params);
        QVERIFY(recorder.waitFinished(id));
        QVERIFY2(recorder.finished.value(id), qPrintable(recorder.failed.value(id).fullText()));
        QCOMPARE(recorder.batches.value(id).size(), 1);
        check(recorder.batches.value(id).first());
        if (QTest::currentTestFailed())
            return;

        // Collected path.
        const PgQueryResult result = test::runAndWait(*session, sql, params);
        QVERIFY2(result.ok(), qPrintable(result.error.fullText()));
        QCOMPARE(result.commandTag, QStringLiteral("SELECT 1"));
        check(result.rows);
    }

    void manyRowsArriveInBatches()
    {
        auto session = connectedSession(m_spec);
        QVERIFY(session);
        Recorder recorder(session.get());
        const int total = 500000;
        const PgRequestId id =
            session->execute(QStringLiteral("SELECT g FROM generate_series(1, %1) g").arg(total));
        QVERIFY(recorder.waitFinished(id, 120000));
        QVERIFY2(recorder.finished.value(id), qPrintable(recorder.failed.value(id).fullText()));

        const QList<PgRowBatch> batches = recorder.batches.value(id);
        QVERIFY2(batches.size() > 1, qPrintable(QString::number(batches.size())));
        QCOMPARE(recorder.rowCount(id), qint64(total));
        int expected = 1;
        for (const PgRowBatch &batch : batches) {
            QVERIFY(batch.rowCount() <= session->batchRows());
            QCOMPARE(batch.columnCount(), 1);
            for (int row = 0; row < batch.rowCount(); ++row) {
                const QByteArrayView value = batch.value(row, 0);
                if (value.toByteArray().toInt() != expected)
                    QFAIL(qPrintable(
                        QStringLiteral("row %1 is %2").arg(expected).arg(value.toByteArray())));
                ++expected;
            }
        }
        QCOMPARE(expected, total + 1);

        // columns once, before the first rows; statementFinished after the last;
        // requestFinished last of all.
        const QStringList &log = recorder.log;
        const QString columns = QStringLiteral("columns:%1:0").arg(id);
        const QString rows = QStringLiteral("rows:%1:0").arg(id);
        QCOMPARE(log.count(columns), 1);
        QVERIFY(log.indexOf(columns) < log.indexOf(rows));
        QCOMPARE(log.at(log.size() - 2), QStringLiteral("statement:%1:0").arg(id));
        QCOMPARE(log.last(), QStringLiteral("finished:%1").arg(id));
        const PgStatementResult statement = recorder.statements.value(id).value(0);
        QCOMPARE(statement.commandTag, QStringLiteral("SELECT %1").arg(total));
        QCOMPARE(statement.rowCount, qint64(total));
        QCOMPARE(statement.rowsAffected, qint64(total));
        QVERIFY(statement.returnsRows);
        QCOMPARE(statement.columns.size(), 1);
        QCOMPARE(statement.columns.first().name, QStringLiteral("g"));
        QCOMPARE(statement.columns.first().typeOid, 23u); // int4
    }

    void pausedRequestReadsNoMoreUntilResumed()
    {
        PgConnectSpec spec = m_spec;
        spec.params.insert(QStringLiteral("application_name"), QStringLiteral("sightline-pause"));
        auto session = connectedSession(spec);
        QVERIFY(session);
        session->setBatchRows(1000);
        Recorder recorder(session.get());
        // Pause as soon as the first rows are in, as a grid at its cap does.
        connect(
            session.get(), &PgSession::rowsReceived, this, [&session] { session->pause(); },
            Qt::SingleShotConnection);
        const int total = 2000000;
        const PgRequestId id = session->execute(
            QStringLiteral("SELECT g, md5(g::text) FROM generate_series(1, %1) g").arg(total));
        QTRY_VERIFY(recorder.rowCount(id) > 0);
        QVERIFY(session->isPaused());
        // Rows a batch had already parsed may still come; after that, nothing.
        QTest::qWait(300);
        const qint64 held = recorder.rowCount(id);
        QTest::qWait(700);
        QCOMPARE(recorder.rowCount(id), held);
        QVERIFY2(held < total / 4, qPrintable(QString::number(held)));
        QCOMPARE(session->state(), PgSession::State::Busy);
        QVERIFY(!recorder.finished.contains(id));
        // The server is still in the query, waiting for us to read.
        QVERIFY(isRunningOnServer(QStringLiteral("sightline-pause")));

        session->resume();
        QVERIFY(!session->isPaused());
        QVERIFY(recorder.waitFinished(id, 120000));
        QVERIFY2(recorder.finished.value(id), qPrintable(recorder.failed.value(id).fullText()));
        QCOMPARE(recorder.rowCount(id), qint64(total));
        const QStringList first = recorder.column(id, 0).mid(0, 3);
        QCOMPARE(first,
                 (QStringList{QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3")}));
    }

    void cancelWhilePausedKeepsTheRowsAndEnds()
    {
        auto session = connectedSession(m_spec);
        QVERIFY(session);
        session->setBatchRows(500);
        Recorder recorder(session.get());
        connect(
            session.get(), &PgSession::rowsReceived, this, [&session] { session->pause(); },
            Qt::SingleShotConnection);
        const PgRequestId id = session->execute(
            QStringLiteral("SELECT g, repeat('x', 200) FROM generate_series(1, 3000000) g"));
        QTRY_VERIFY(recorder.rowCount(id) > 0);
        QVERIFY(session->isPaused());
        QTest::qWait(200);
        const qint64 held = recorder.rowCount(id);

        session->cancel();
        QVERIFY(!session->isPaused());
        QVERIFY(recorder.waitFinished(id, 30000));
        QCOMPARE(recorder.finished.value(id), false);
        QCOMPARE(recorder.failed.value(id).kind, PgError::Kind::Cancelled);
        // Nothing received is taken back; rows already in libpq's buffer may follow.
        QVERIFY(recorder.rowCount(id) >= held);
        QVERIFY(recorder.rowCount(id) < 3000000);
        QCOMPARE(session->state(), PgSession::State::Ready);
        const PgQueryResult after = test::runAndWait(*session, QStringLiteral("SELECT 7"));
        QVERIFY2(after.ok(), qPrintable(after.error.fullText()));
    }

    void pauseIsIgnoredWhenIdle()
    {
        auto session = connectedSession(m_spec);
        QVERIFY(session);
        session->pause();
        QVERIFY(!session->isPaused());
        const PgQueryResult after = test::runAndWait(*session, QStringLiteral("SELECT 8"));
        QVERIFY2(after.ok(), qPrintable(after.error.fullText()));
        QCOMPARE(after.rows.text(0, 0), QStringLiteral("8"));
    }

    void batchSizeIsHonoured()
    {
        auto session = connectedSession(m_spec);
        QVERIFY(session);
        session->setBatchRows(1000);
        QCOMPARE(session->batchRows(), 1000);
        Recorder recorder(session.get());
        const PgRequestId id = session->execute(
            QStringLiteral("SELECT g, CASE WHEN g % 2 = 0 THEN NULL ELSE repeat('x', g % 7) END "
                           "FROM generate_series(1, 10000) g"));
        QVERIFY(recorder.waitFinished(id));
        const QList<PgRowBatch> batches = recorder.batches.value(id);
        QVERIFY(batches.size() >= 10);
        int g = 1;
        for (const PgRowBatch &batch : batches) {
            QVERIFY(batch.rowCount() <= 1000);
            for (int row = 0; row < batch.rowCount(); ++row, ++g) {
                QCOMPARE(batch.isNull(row, 1), g % 2 == 0);
                if (g % 2)
                    QCOMPARE(batch.text(row, 1), QString(g % 7, QLatin1Char('x')));
            }
        }
        QCOMPARE(g, 10001);
    }

    void largeValue()
    {
        auto session = connectedSession(m_spec);
        QVERIFY(session);
        const PgQueryResult result =
            test::runAndWait(*session, QStringLiteral("SELECT repeat('ab', 2500000), 'tail'"));
        QVERIFY2(result.ok(), qPrintable(result.error.fullText()));
        QCOMPARE(result.rows.value(0, 0).size(), 5000000);
        QVERIFY(result.rows.value(0, 0).startsWith("abab"));
        QCOMPARE(result.rows.text(0, 1), QStringLiteral("tail"));
    }

    void scriptYieldsOneResultPerStatement_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<QStringList>("tags");
        QTest::addColumn<QList<qint64>>("affected");
        QTest::addColumn<QList<qint64>>("rows");

        QTest::newRow("ddl and dml")
            << QStringLiteral("CREATE TEMP TABLE t (a int); INSERT INTO t VALUES (1), (2); "
                              "SELECT a FROM t ORDER BY a; UPDATE t SET a = a + 1; DROP TABLE t")
            << QStringList{QStringLiteral("CREATE TABLE"), QStringLiteral("INSERT 0 2"),
                           QStringLiteral("SELECT 2"), QStringLiteral("UPDATE 2"),
                           QStringLiteral("DROP TABLE")}
            << QList<qint64>{-1, 2, 2, 2, -1} << QList<qint64>{0, 0, 2, 0, 0};
        QTest::newRow("two selects")
            << QStringLiteral("SELECT 1; SELECT 2 UNION ALL SELECT 3;")
            << QStringList{QStringLiteral("SELECT 1"), QStringLiteral("SELECT 2")}
            << QList<qint64>{1, 2} << QList<qint64>{1, 2};
        QTest::newRow("empty result has columns")
            << QStringLiteral("SELECT 1 AS x WHERE false; SET search_path = public")
            << QStringList{QStringLiteral("SELECT 0"), QStringLiteral("SET")}
            << QList<qint64>{0, -1} << QList<qint64>{0, 0};
    }

    void scriptYieldsOneResultPerStatement()
    {
        QFETCH(QString, script);
        QFETCH(QStringList, tags);
        QFETCH(QList<qint64>, affected);
        QFETCH(QList<qint64>, rows);
        auto session = connectedSession(m_spec);
        QVERIFY(session);
        Recorder recorder(session.get());
        const PgRequestId id = session->execute(script);
        QVERIFY(recorder.waitFinished(id));
        QVERIFY2(recorder.finished.value(id), qPrintable(recorder.failed.value(id).fullText()));

        const QList<PgStatementResult> statements = recorder.statements.value(id);
        QCOMPARE(statements.size(), tags.size());
        int withColumns = 0;
        for (int i = 0; i < statements.size(); ++i) {
            const PgStatementResult &statement = statements.at(i);
            QCOMPARE(statement.statementIndex, i);
            QCOMPARE(statement.commandTag, tags.at(i));
            QCOMPARE(statement.rowsAffected, affected.at(i));
            QCOMPARE(statement.rowCount, rows.at(i));
            QCOMPARE(statement.returnsRows, tags.at(i).startsWith(QLatin1String("SELECT")));
            if (statement.returnsRows) {
                ++withColumns;
                // columns came before this statement finished, exactly once
                QCOMPARE(recorder.log.count(QStringLiteral("columns:%1:%2").arg(id).arg(i)), 1);
                QVERIFY(recorder.log.indexOf(QStringLiteral("columns:%1:%2").arg(id).arg(i)) <
                        recorder.log.indexOf(QStringLiteral("statement:%1:%2").arg(id).arg(i)));
            }
        }
        QCOMPARE(recorder.columns.value(id).size(), withColumns);
        QCOMPARE(recorder.log.last(), QStringLiteral("finished:%1").arg(id));
    }

    void scriptRowsBelongToTheirStatement()
    {
        auto session = connectedSession(m_spec);
        QVERIFY(session);
        QList<QPair<int, QString>> seen;
        connect(session.get(), &PgSession::rowsReceived, this,
                [&](PgRequestId, int statement, const PgRowBatch &batch) {
                    for (int row = 0; row < batch.rowCount(); ++row)
                        seen << qMakePair(statement, batch.text(row, 0));
                });
        Recorder recorder(session.get());
        const PgRequestId id = session->execute(
            QStringLiteral("SELECT 'a' UNION ALL SELECT 'b'; SELECT 'c'; SELECT 'd' WHERE false"));
        QVERIFY(recorder.waitFinished(id));
        const QList<QPair<int, QString>> expected{
            {0, QStringLiteral("a")}, {0, QStringLiteral("b")}, {1, QStringLiteral("c")}};
        QCOMPARE(seen, expected);
    }

    void cancelEndsSleepWithinOneSecond_data()
    {
        QTest::addColumn<bool>("waitUntilRunning");
        QTest::newRow("while the server sleeps") << true;
        // The server ignores a cancel that arrives before it has read the
        // query; the session has to notice and ask again.
        QTest::newRow("right after sending") << false;
    }

    void cancelEndsSleepWithinOneSecond()
    {
        QFETCH(bool, waitUntilRunning);
        PgConnectSpec spec = m_spec;
        spec.params.insert(QStringLiteral("application_name"), QStringLiteral("sightline-cancel"));
        auto session = connectedSession(spec);
        QVERIFY(session);
        Recorder recorder(session.get());
        const PgRequestId id = session->execute(QStringLiteral("SELECT pg_sleep(60)"));
        QTRY_VERIFY(recorder.started.contains(id));
        if (waitUntilRunning) // make sure the server is really inside pg_sleep
            QTRY_VERIFY_WITH_TIMEOUT(isRunningOnServer(QStringLiteral("sightline-cancel")), 5000);
        QCOMPARE(session->currentRequest(), id);

        QElapsedTimer timer;
        timer.start();
        const qint64 cancelledAt = recorder.clock.elapsed();
        session->cancel();
        QVERIFY(QTest::qWaitFor([&] { return recorder.finished.contains(id); }, 5000));
        const qint64 latency = recorder.failedAt.value(id) - cancelledAt;
        QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
        QVERIFY2(latency < 1000, qPrintable(QString::number(latency)));

        const PgError error = recorder.failed.value(id);
        QCOMPARE(error.sqlState, QStringLiteral("57014"));
        QCOMPARE(error.kind, PgError::Kind::Cancelled);
        QCOMPARE(error.severity, QStringLiteral("ERROR"));
        QCOMPARE(recorder.finished.value(id), false);
        QCOMPARE(recorder.log.last(), QStringLiteral("finished:%1").arg(id));
        QCOMPARE(session->currentRequest(), PgRequestId(0));

        // Still usable afterwards.
        const PgQueryResult after = test::runAndWait(*session, QStringLiteral("SELECT 7"));
        QVERIFY2(after.ok(), qPrintable(after.error.fullText()));
        QCOMPARE(after.rows.text(0, 0), QStringLiteral("7"));
    }

    void cancelledQueuedRequestNeverRuns()
    {
        auto session = connectedSession(m_spec);
        QVERIFY(session);
        Recorder recorder(session.get());
        const PgRequestId first = session->execute(QStringLiteral("SELECT pg_sleep(0.3)"));
        const PgRequestId dropped =
            session->execute(QStringLiteral("CREATE TABLE queued_marker (a int)"));
        const PgRequestId last = session->execute(QStringLiteral("SELECT 3"));
        session->cancelRequest(dropped);
        QVERIFY(recorder.waitFinished(last));
        QVERIFY(recorder.finished.value(first));
        QVERIFY(recorder.finished.value(last));
        QVERIFY2(!recorder.mentions(dropped), qPrintable(recorder.log.join(QLatin1Char(' '))));
        const PgQueryResult marker = test::runAndWait(
            *session, QStringLiteral("SELECT to_regclass('queued_marker') IS NULL"));
        QVERIFY(marker.ok());
        QCOMPARE(marker.rows.text(0, 0), QStringLiteral("t"));
    }

    void cancelledRunningRequestGoesSilent()
    {
        auto session = connectedSession(m_spec);
        QVERIFY(session);
        Recorder recorder(session.get());
        const PgRequestId sleeping = session->execute(QStringLiteral("SELECT pg_sleep(60)"));
        const PgRequestId next = session->execute(QStringLiteral("SELECT 'next'"));
        QTRY_VERIFY(recorder.started.contains(sleeping));
        QTest::qWait(100);
        QElapsedTimer timer;
        timer.start();
        session->cancelRequest(sleeping);
        QCOMPARE(session->currentRequest(), PgRequestId(0));
        const int before = recorder.log.size();
        QVERIFY(recorder.waitFinished(next, 5000));
        QVERIFY(timer.elapsed() < 2000);
        QVERIFY(recorder.finished.value(next));
        QCOMPARE(recorder.column(next, 0), QStringList{QStringLiteral("next")});
        // Nothing about the dropped request after it was dropped.
        for (int i = before; i < recorder.log.size(); ++i)
            QVERIFY2(!recorder.log.at(i).contains(QStringLiteral(":%1").arg(sleeping)),
                     qPrintable(recorder.log.at(i)));
        QVERIFY(!recorder.finished.contains(sleeping));
        QVERIFY(!recorder.failed.contains(sleeping));
    }

    void cancelDropsQueuedRequests()
    {
        auto session = connectedSession(m_spec);
        QVERIFY(session);
        Recorder recorder(session.get());
        const PgRequestId running = session->execute(QStringLiteral("SELECT pg_sleep(60)"));
        const PgRequestId queued1 = session->execute(QStringLiteral("SELECT 1"));
        const PgRequestId queued2 = session->executeParams(QStringLiteral("SELECT $1::int"), {2});
        QTRY_VERIFY(recorder.started.contains(running));
        session->cancel();
        QVERIFY(recorder.waitFinished(running, 5000));
        QCOMPARE(recorder.failed.value(running).kind, PgError::Kind::Cancelled);
        QTest::qWait(200);
        QVERIFY(!recorder.mentions(queued1));
        QVERIFY(!recorder.mentions(queued2));
        QCOMPARE(session->state(), PgSession::State::Ready);
    }

    void noticesCarrySeverity_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QStringList>("severities");
        QTest::addColumn<QStringList>("messages");
        QTest::addColumn<QStringList>("states");

        QTest::newRow("warning then notice")
            << QStringLiteral("DO $$BEGIN RAISE WARNING 'w'; RAISE NOTICE 'n'; END$$")
            << QStringList{QStringLiteral("WARNING"), QStringLiteral("NOTICE")}
            << QStringList{QStringLiteral("w"), QStringLiteral("n")}
            << QStringList{QStringLiteral("01000"), QStringLiteral("00000")};
        QTest::newRow("info") << QStringLiteral("DO $$BEGIN RAISE INFO 'i'; END$$")
                              << QStringList{QStringLiteral("INFO")}
                              << QStringList{QStringLiteral("i")}
                              << QStringList{QStringLiteral("00000")};
        QTest::newRow("from a command")
            << QStringLiteral("DROP TABLE IF EXISTS no_such_table_for_notice")
            << QStringList{QStringLiteral("NOTICE")}
            << QStringList{QStringLiteral(
                   "table \"no_such_table_for_notice\" does not exist, skipping")}
            << QStringList{QStringLiteral("00000")};
    }

    void noticesCarrySeverity()
    {
        QFETCH(QString, sql);
        QFETCH(QStringList, severities);
        QFETCH(QStringList, messages);
        QFETCH(QStringList, states);
        auto session = connectedSession(m_spec);
        QVERIFY(session);
        Recorder recorder(session.get());
        const PgRequestId id = session->execute(sql);
        QVERIFY(recorder.waitFinished(id));
        QVERIFY(recorder.finished.value(id));
        QCOMPARE(recorder.notices.size(), severities.size());
        for (int i = 0; i < severities.size(); ++i) {
            const auto &[noticeId, notice] = recorder.notices.at(i);
            QCOMPARE(noticeId, id);
            QCOMPARE(notice.severity, severities.at(i));
            QCOMPARE(notice.message, messages.at(i));
            QCOMPARE(notice.sqlState, states.at(i));
            QCOMPARE(notice.kind, PgError::Kind::Server);
            if (sql.startsWith(QLatin1String("DO")))
                QVERIFY2(notice.context.contains(QLatin1String("PL/pgSQL")),
                         qPrintable(notice.context));
        }
    }

    void noticeFieldsAreComplete()
    {
        auto session = connectedSession(m_spec);
        QVERIFY(session);
        Recorder recorder(session.get());
        const PgRequestId id = session->execute(QStringLiteral(
            "DO $$BEGIN RAISE NOTICE 'main' USING DETAIL = 'more', HINT = 'try this', "
            "ERRCODE = '01P01'; END$$"));
        QVERIFY(recorder.waitFinished(id));
        QCOMPARE(recorder.notices.size(), 1);
        const PgNotice notice = recorder.notices.first().second;
        QCOMPARE(notice.message, QStringLiteral("main"));
        QCOMPARE(notice.detail, QStringLiteral("more"));
        QCOMPARE(notice.hint, QStringLiteral("try this"));
        QCOMPARE(notice.sqlState, QStringLiteral("01P01"));
        QVERIFY(notice.fullText().contains(QLatin1String("try this")));
    }

    void errorsHavePositions_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("sqlState");
        QTest::addColumn<int>("position");
        QTest::addColumn<QString>("messagePart");

        QTest::newRow("missing table")
            << QStringLiteral("SELECT 1 FROM nosuchtable") << QStringLiteral("42P01") << 15
            << QStringLiteral("nosuchtable");
        QTest::newRow("syntax") << QStringLiteral("SELECT * FORM t") << QStringLiteral("42601")
                                << 10 << QStringLiteral("FORM");
        // Positions count characters, not bytes.
        QTest::newRow("after non-ascii")
            << QStringLiteral("SELECT 'ü€' FROM nosuchtable") << QStringLiteral("42P01") << 18
            << QStringLiteral("nosuchtable");
        QTest::newRow("second statement of a script")
            << QStringLiteral("SELECT 1; SELECT x FROM nosuchtable") << QStringLiteral("42P01")
            << 25 << QStringLiteral("nosuchtable");
        QTest::newRow("runtime error has none")
            << QStringLiteral("SELECT 1/0") << QStringLiteral("22012") << 0
            << QStringLiteral("division by zero");
    }

    void errorsHavePositions()
    {
        QFETCH(QString, sql);
        QFETCH(QString, sqlState);
        QFETCH(int, position);
        QFETCH(QString, messagePart);
        auto session = connectedSession(m_spec);
        QVERIFY(session);
        Recorder recorder(session.get());
        const PgRequestId id = session->execute(sql);
        QVERIFY(recorder.waitFinished(id));
        QCOMPARE(recorder.finished.value(id), false);
        QVERIFY(recorder.failed.contains(id));
        const PgError error = recorder.failed.value(id);
        QCOMPARE(error.kind, PgError::Kind::Server);
        QCOMPARE(error.severity, QStringLiteral("ERROR"));
        QCOMPARE(error.sqlState, sqlState);
        QCOMPARE(error.position, position);
        QVERIFY2(error.message.contains(messagePart), qPrintable(error.message));
        QVERIFY(error.summary().startsWith(QStringLiteral("ERROR %1: ").arg(sqlState)));
        // failed comes before finished, finished is last
        QVERIFY(recorder.log.indexOf(QStringLiteral("failed:%1").arg(id)) <
                recorder.log.indexOf(QStringLiteral("finished:%1").arg(id)));
        QCOMPARE(recorder.log.last(), QStringLiteral("finished:%1").arg(id));

        // The same through the collected path, and the session is still fine.
        const PgQueryResult collected =
            test::runAndWait(*session, sql.section(QLatin1Char(';'), -1).trimmed());
        QVERIFY(!collected.ok());
        QCOMPARE(collected.error.sqlState, sqlState);
        const PgQueryResult after = test::runAndWait(*session, QStringLiteral("SELECT 1"));
        QVERIFY(after.ok());
    }

    void transactionStatusFollowsTheServer()
    {
        auto session = connectedSession(m_spec);
        QVERIFY(session);
        Recorder recorder(session.get());
        QCOMPARE(session->transactionStatus(), PgTransactionStatus::Idle);

        auto run = [&](const QString &sql) {
            const PgRequestId id = session->execute(sql);
            return recorder.waitFinished(id);
        };
        QVERIFY(run(QStringLiteral("BEGIN")));
        QCOMPARE(session->transactionStatus(), PgTransactionStatus::InTransaction);
        QVERIFY(run(QStringLiteral("SELECT 1/0")));
        QCOMPARE(session->transactionStatus(), PgTransactionStatus::InError);
        QVERIFY(run(QStringLiteral("SELECT 1"))); // 25P02: still failed
        QCOMPARE(session->transactionStatus(), PgTransactionStatus::InError);
        QVERIFY(run(QStringLiteral("ROLLBACK")));
        QCOMPARE(session->transactionStatus(), PgTransactionStatus::Idle);

        QVERIFY(recorder.tx.contains(PgTransactionStatus::Active));
        QList<PgTransactionStatus> settled;
        for (PgTransactionStatus status : std::as_const(recorder.tx)) {
            if (status != PgTransactionStatus::Active &&
                (settled.isEmpty() || settled.last() != status))
                settled << status;
        }
        const QList<PgTransactionStatus> expected{PgTransactionStatus::InTransaction,
                                                  PgTransactionStatus::InError,
                                                  PgTransactionStatus::Idle};
        QCOMPARE(settled, expected);
        // Every change was signalled: the last signal is the current status.
        QCOMPARE(recorder.tx.last(), PgTransactionStatus::Idle);
    }

    void terminatedBackendIsReportedAndReconnects_data()
    {
        QTest::addColumn<bool>("inTransaction");
        QTest::addColumn<bool>("running");
        QTest::newRow("idle") << false << false;
        QTest::newRow("idle in transaction") << true << false;
        QTest::newRow("running") << false << true;
        QTest::newRow("running in transaction") << true << true;
    }

    void terminatedBackendIsReportedAndReconnects()
    {
        QFETCH(bool, inTransaction);
        QFETCH(bool, running);
        auto session = connectedSession(m_spec);
        QVERIFY(session);
        Recorder recorder(session.get());
        QSignalSpy lost(session.get(), &PgSession::connectionLost);
        QSignalSpy states(session.get(), &PgSession::stateChanged);

        if (inTransaction) {
            const PgRequestId begin =
                session->execute(QStringLiteral("BEGIN; CREATE TABLE lost_work (a int)"));
            QVERIFY(recorder.waitFinished(begin));
            QCOMPARE(session->transactionStatus(), PgTransactionStatus::InTransaction);
        }
        PgRequestId sleeping = 0;
        PgRequestId queued = 0;
        if (running) {
            sleeping = session->execute(QStringLiteral("SELECT pg_sleep(60)"));
            queued = session->execute(QStringLiteral("CREATE TABLE never_created (a int)"));
            QTRY_VERIFY(recorder.started.contains(sleeping));
        }

        const int oldPid = session->backendPid();
        const PgQueryResult kill = test::runOnce(
            test::serverSpec(), QStringLiteral("SELECT pg_terminate_backend($1)"), {oldPid});
        QVERIFY2(kill.ok(), qPrintable(kill.error.fullText()));
        QCOMPARE(kill.rows.text(0, 0), QStringLiteral("t"));

        QTRY_COMPARE_WITH_TIMEOUT(lost.count(), 1, 5000);
        const PgError error = lost.first().at(0).value<PgError>();
        const bool transactionLost = lost.first().at(1).toBool();
        QCOMPARE(transactionLost, inTransaction);
        QCOMPARE(error.kind, PgError::Kind::ConnectionLost);
        QCOMPARE(error.message, QStringLiteral("The connection to the server was lost"));
        QVERIFY2(error.detail.contains(QLatin1String("terminating connection")),
                 qPrintable(error.detail));
        QCOMPARE(error.sqlState, QStringLiteral("57P01"));
        QCOMPARE(session->state(), PgSession::State::Disconnected);
        QCOMPARE(session->transactionStatus(), PgTransactionStatus::Unknown);
        QVERIFY(!session->isConnected());
        QCOMPARE(states.last().at(0).value<PgSession::State>(), PgSession::State::Disconnected);

        if (running) {
            // The running and the queued request both fail with the same error;
            // nothing is run again.
            for (PgRequestId id : {sleeping, queued}) {
                QVERIFY(recorder.finished.contains(id));
                QCOMPARE(recorder.finished.value(id), false);
                QCOMPARE(recorder.failed.value(id).kind, PgError::Kind::ConnectionLost);
            }
            QVERIFY(!recorder.started.contains(queued));
        }

        // A request while disconnected fails cleanly.
        const PgRequestId refused = session->execute(QStringLiteral("SELECT 1"));
        QVERIFY(recorder.waitFinished(refused, 2000));
        QCOMPARE(recorder.failed.value(refused).kind, PgError::Kind::Client);

        QSignalSpy connected(session.get(), &PgSession::connected);
        session->reconnect();
        QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, 10000);
        QVERIFY(session->backendPid() != oldPid);
        QCOMPARE(session->transactionStatus(), PgTransactionStatus::Idle);
        const PgQueryResult after =
            test::runAndWait(*session, QStringLiteral("SELECT to_regclass('lost_work') IS NULL, "
                                                      "to_regclass('never_created') IS NULL"));
        QVERIFY2(after.ok(), qPrintable(after.error.fullText()));
        QCOMPARE(after.rows.text(0, 0), QStringLiteral("t")); // the transaction is gone
        QCOMPARE(after.rows.text(0, 1), QStringLiteral("t")); // nothing was re-run
    }

    void connectErrorsAreClear_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("sqlState");
        QTest::addColumn<QString>("message");

        QTest::newRow("no such database")
            << QStringLiteral("dbname") << QStringLiteral("no_such_db_x") << QStringLiteral("3D000")
            << QStringLiteral("Database \"no_such_db_x\" does not exist on the server");
        QTest::newRow("no such role")
            << QStringLiteral("user") << QStringLiteral("no_such_role_x") << QStringLiteral("28000")
            << QStringLiteral("Role \"no_such_role_x\" does not exist on the server");
    }

    void connectErrorsAreClear()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QString, sqlState);
        QFETCH(QString, message);
        PgConnectSpec spec = m_spec;
        spec.params.insert(key, value);
        PgSession session;
        QSignalSpy states(&session, &PgSession::stateChanged);
        PgError error;
        QVERIFY(!test::connectAndWait(session, spec, &error));
        QCOMPARE(error.kind, PgError::Kind::Connection);
        QCOMPARE(error.sqlState, sqlState);
        QCOMPARE(error.message, message);
        QVERIFY(!error.detail.isEmpty()); // libpq's own words
        QVERIFY(!error.detail.contains(QLatin1String("LOCATION:")));
        QCOMPARE(session.state(), PgSession::State::Disconnected);
        QCOMPARE(states.last().at(0).value<PgSession::State>(), PgSession::State::Disconnected);
    }

    void passwordAuthentication_data()
    {
        QTest::addColumn<QString>("password");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("wrong") << QStringLiteral("not-the-password") << false;
        QTest::newRow("missing") << QString() << false;
        QTest::newRow("right") << QStringLiteral("sightline-test-password") << true;
    }

    void passwordAuthentication()
    {
        QFETCH(QString, password);
        QFETCH(bool, accepted);
        PgConnectSpec spec = m_spec;
        spec.params.insert(QStringLiteral("user"), QStringLiteral("sightline_pw"));
        spec.params.insert(QStringLiteral("password"), password);
        spec.connectTimeoutSeconds = 10;
        PgSession session;
        PgError error;
        QElapsedTimer timer;
        timer.start();
        const bool ok = test::connectAndWait(session, spec, &error);
        QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
        if (accepted) {
            QVERIFY2(ok, qPrintable(error.fullText()));
            QCOMPARE(session.capabilities().currentUser, QStringLiteral("sightline_pw"));
            QVERIFY(!session.capabilities().superuser);
            return;
        }
        QVERIFY(!ok);
        QCOMPARE(error.kind, PgError::Kind::Connection);
        if (password.isEmpty()) {
            QVERIFY2(error.message.contains(QLatin1String("password")), qPrintable(error.message));
            QVERIFY(error.detail.contains(QLatin1String("no password supplied")));
        } else {
            QCOMPARE(error.sqlState, QStringLiteral("28P01"));
            QCOMPARE(error.message, QStringLiteral("Wrong password for user \"sightline_pw\""));
            QVERIFY(error.detail.contains(QLatin1String("password authentication failed")));
        }
    }

    void refusedPortIsClear_data()
    {
        QTest::addColumn<QString>("host");
        QTest::newRow("address") << QStringLiteral("127.0.0.1");
        QTest::newRow("name") << QStringLiteral("localhost");
    }

    void refusedPortIsClear()
    {
        QFETCH(QString, host);
        const quint16 port = freePort();
        QVERIFY(port != 0);
        PgConnectSpec spec;
        spec.params.insert(QStringLiteral("host"), host);
        spec.params.insert(QStringLiteral("port"), QString::number(port));
        spec.params.insert(QStringLiteral("user"), QStringLiteral("nobody"));
        spec.params.insert(QStringLiteral("dbname"), QStringLiteral("postgres"));
        spec.connectTimeoutSeconds = 5;
        PgSession session;
        PgError error;
        QElapsedTimer timer;
        timer.start();
        QVERIFY(!test::connectAndWait(session, spec, &error));
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(error.kind, PgError::Kind::Connection);
        QCOMPARE(error.message,
                 QStringLiteral("Nothing is listening on %1 port %2").arg(host).arg(port));
        QVERIFY(error.detail.contains(QLatin1String("Connection refused")));
    }

    void silentServerTimesOut()
    {
        // Accepts the TCP connection and never says a word.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        QList<QTcpSocket *> accepted;
        connect(&silent, &QTcpServer::newConnection, this, [&] {
            while (QTcpSocket *socket = silent.nextPendingConnection())
                accepted << socket;
        });
        PgConnectSpec spec;
        spec.params.insert(QStringLiteral("host"), QStringLiteral("127.0.0.1"));
        spec.params.insert(QStringLiteral("port"), QString::number(silent.serverPort()));
        spec.params.insert(QStringLiteral("user"), QStringLiteral("nobody"));
        spec.connectTimeoutSeconds = 2;
        PgSession session;
        PgError error;
        QElapsedTimer timer;
        timer.start();
        QVERIFY(!test::connectAndWait(session, spec, &error));
        const qint64 elapsed = timer.elapsed();
        QVERIFY2(elapsed >= 1990 && elapsed < 3000, qPrintable(QString::number(elapsed)));
        QCOMPARE(error.kind, PgError::Kind::Timeout);
        QCOMPARE(error.message, QStringLiteral("No answer from 127.0.0.1:%1 within 2 seconds")
                                    .arg(silent.serverPort()));
        QVERIFY(!accepted.isEmpty()); // it really reached the server
        QCOMPARE(session.state(), PgSession::State::Disconnected);
    }

    void unknownHostIsClear()
    {
        PgConnectSpec spec;
        spec.params.insert(QStringLiteral("host"), QStringLiteral("no-such-host.invalid"));
        spec.params.insert(QStringLiteral("user"), QStringLiteral("nobody"));
        spec.connectTimeoutSeconds = 8;
        PgSession session;
        PgError error;
        QVERIFY(!test::connectAndWait(session, spec, &error));
        if (error.kind == PgError::Kind::Timeout)
            QSKIP("the resolver did not answer in time on this machine");
        QCOMPARE(error.kind, PgError::Kind::Connection);
        QCOMPARE(error.message,
                 QStringLiteral(
                     "Unknown host \"no-such-host.invalid\": the name could not be resolved"));
    }

    void copyOutStreamsLines()
    {
        auto session = connectedSession(m_spec);
        QVERIFY(session);
        Recorder recorder(session.get());
        const PgRequestId id = session->execute(QStringLiteral(
            "COPY (SELECT g, 'x' || g FROM generate_series(1, 3) g) TO STDOUT; SELECT 'after'"));
        QVERIFY(recorder.waitFinished(id));
        QVERIFY2(recorder.finished.value(id), qPrintable(recorder.failed.value(id).fullText()));
        const QList<PgStatementResult> statements = recorder.statements.value(id);
        QCOMPARE(statements.size(), 2);
        QCOMPARE(statements.at(0).commandTag, QStringLiteral("COPY 3"));
        QCOMPARE(statements.at(0).rowCount, 3);
        QCOMPARE(statements.at(1).commandTag, QStringLiteral("SELECT 1"));
        const QStringList all = recorder.column(id, 0);
        QCOMPARE(all, (QStringList{QStringLiteral("1\tx1"), QStringLiteral("2\tx2"),
                                   QStringLiteral("3\tx3"), QStringLiteral("after")}));
    }

    void copyInIsRefusedCleanly()
    {
        auto session = connectedSession(m_spec);
        QVERIFY(session);
        Recorder recorder(session.get());
        const PgRequestId id = session->execute(
            QStringLiteral("CREATE TEMP TABLE copy_target (a int); COPY copy_target FROM STDIN"));
        QVERIFY(recorder.waitFinished(id));
        QCOMPARE(recorder.finished.value(id), false);
        QVERIFY2(recorder.failed.value(id).message.contains(QLatin1String("COPY")),
                 qPrintable(recorder.failed.value(id).message));
        const PgQueryResult after = test::runAndWait(*session, QStringLiteral("SELECT 1"));
        QVERIFY2(after.ok(), qPrintable(after.error.fullText()));
    }

    void requestWithoutConnectionFails()
    {
        PgSession session;
        Recorder recorder(&session);
        const PgRequestId id = session.execute(QStringLiteral("SELECT 1"));
        QVERIFY(id != 0);
        QVERIFY(recorder.log.isEmpty()); // nothing before the caller has the id
        QVERIFY(recorder.waitFinished(id, 2000));
        QCOMPARE(recorder.failed.value(id).kind, PgError::Kind::Client);
        QVERIFY(!recorder.started.contains(id));
        bool called = false;
        session.query(QStringLiteral("SELECT 1"), {}, [&](const PgQueryResult &result) {
            called = true;
            QVERIFY(!result.ok());
        });
        QTRY_VERIFY(called);
    }

    void idsAreUniqueAndRequestsRunInOrder()
    {
        auto session = connectedSession(m_spec);
        QVERIFY(session);
        Recorder recorder(session.get());
        QList<PgRequestId> ids;
        for (int i = 0; i < 20; ++i)
            ids << session->executeParams(QStringLiteral("SELECT $1::int"), {i});
        QVERIFY(recorder.waitFinished(ids.last()));
        QCOMPARE(recorder.started, ids);
        for (int i = 0; i < ids.size(); ++i)
            QCOMPARE(recorder.column(ids.at(i), 0), QStringList{QString::number(i)});
    }

    void signalsWorkAcrossQueuedConnections()
    {
        auto session = connectedSession(m_spec);
        QVERIFY(session);
        int rows = 0;
        QList<PgColumn> columns;
        PgStatementResult statement;
        PgError failure;
        QObject receiver;
        connect(
            session.get(), &PgSession::columnsReceived, &receiver,
            [&](PgRequestId, int, const QList<PgColumn> &c) { columns = c; }, Qt::QueuedConnection);
        connect(
            session.get(), &PgSession::rowsReceived, &receiver,
            [&](PgRequestId, int, const PgRowBatch &batch) { rows += batch.rowCount(); },
            Qt::QueuedConnection);
        connect(
            session.get(), &PgSession::statementFinished, &receiver,
            [&](PgRequestId, const PgStatementResult &s) { statement = s; }, Qt::QueuedConnection);
        connect(
            session.get(), &PgSession::requestFailed, &receiver,
            [&](PgRequestId, const PgError &e) { failure = e; }, Qt::QueuedConnection);
        session->execute(QStringLiteral("SELECT g AS n FROM generate_series(1, 10) g"));
        QTRY_COMPARE(statement.commandTag, QStringLiteral("SELECT 10"));
        QCOMPARE(rows, 10);
        QCOMPARE(columns.size(), 1);
        QCOMPARE(columns.first().name, QStringLiteral("n"));
        session->execute(QStringLiteral("SELECT nope"));
        QTRY_COMPARE(failure.sqlState, QStringLiteral("42703"));
    }

    void destroyingABusySessionCancelsOnTheServer()
    {
        PgConnectSpec spec = m_spec;
        spec.params.insert(QStringLiteral("application_name"),
                           QStringLiteral("sightline-destroyed"));
        auto session = connectedSession(spec);
        QVERIFY(session);
        QSignalSpy started(session.get(), &PgSession::requestStarted);
        session->execute(QStringLiteral("SELECT pg_sleep(60)"));
        QTRY_COMPARE(started.count(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(isRunningOnServer(QStringLiteral("sightline-destroyed")), 5000);
        session.reset();
        QTRY_VERIFY_WITH_TIMEOUT(!isRunningOnServer(QStringLiteral("sightline-destroyed")), 3000);
    }

    void disconnectDropsEverythingSilently()
    {
        PgConnectSpec spec = m_spec;
        spec.params.insert(QStringLiteral("application_name"),
                           QStringLiteral("sightline-disconnect"));
        auto session = connectedSession(spec);
        QVERIFY(session);
        Recorder recorder(session.get());
        QSignalSpy disconnected(session.get(), &PgSession::disconnected);
        QSignalSpy lost(session.get(), &PgSession::connectionLost);
        const PgRequestId id = session->execute(QStringLiteral("SELECT pg_sleep(60)"));
        QTRY_VERIFY(recorder.started.contains(id));
        session->disconnectFromServer();
        QCOMPARE(disconnected.count(), 1);
        QCOMPARE(session->state(), PgSession::State::Disconnected);
        QTest::qWait(200);
        QVERIFY(!recorder.finished.contains(id));
        QCOMPARE(lost.count(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(!isRunningOnServer(QStringLiteral("sightline-disconnect")), 3000);
        // and it can connect again
        QSignalSpy connected(session.get(), &PgSession::connected);
        session->reconnect();
        QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, 10000);
    }

    void slowRowsArriveBeforeTheEnd()
    {
        auto session = connectedSession(m_spec);
        QVERIFY(session);
        Recorder recorder(session.get());
        QList<qint64> arrivals;
        connect(
            session.get(), &PgSession::rowsReceived, this,
            [&](PgRequestId, int, const PgRowBatch &) { arrivals << recorder.clock.elapsed(); });
        // One row every 200 ms: far below a full batch, so only the latency
        // flush delivers them while the query still runs. (Rows are large
        // because the server only sends when its 8 kB output buffer fills.)
        const PgRequestId id = session->execute(QStringLiteral(
            "SELECT g, repeat('x', 100000), pg_sleep(0.2) FROM generate_series(1, 5) g"));
        QVERIFY(recorder.waitFinished(id));
        const qint64 end = recorder.clock.elapsed();
        QCOMPARE(recorder.rowCount(id), 5);
        QVERIFY2(arrivals.size() >= 3, qPrintable(QString::number(arrivals.size())));
        QVERIFY2(end - arrivals.first() >= 300,
                 qPrintable(QString::number(end - arrivals.first())));
    }

    void requestsMadeWhileConnectingWaitForConnected()
    {
        PgSession session;
        Recorder recorder(&session);
        bool connectedFirst = false;
        connect(&session, &PgSession::connected, this,
                [&] { connectedFirst = recorder.started.isEmpty(); });
        session.connectToServer(m_spec);
        QCOMPARE(session.state(), PgSession::State::Connecting);
        const PgRequestId id = session.execute(QStringLiteral("SELECT current_database()"));
        QVERIFY(recorder.waitFinished(id, 15000));
        QVERIFY(connectedFirst);
        QVERIFY(recorder.finished.value(id));
        QCOMPARE(recorder.column(id, 0), QStringList{m_database});
    }

    void worksInAnotherThread()
    {
        QThread thread;
        thread.start();
        auto *session = new PgSession; // deleted in its thread below
        session->moveToThread(&thread);
        QObject receiver;
        int rows = 0;
        bool connected = false;
        bool finished = false;
        connect(session, &PgSession::connected, &receiver, [&] { connected = true; });
        connect(session, &PgSession::rowsReceived, &receiver,
                [&](PgRequestId, int, const PgRowBatch &batch) { rows += batch.rowCount(); });
        connect(session, &PgSession::requestFinished, &receiver,
                [&](PgRequestId, bool ok, qint64) { finished = ok; });
        const PgConnectSpec spec = m_spec;
        QMetaObject::invokeMethod(session, [session, spec] { session->connectToServer(spec); });
        QTRY_VERIFY_WITH_TIMEOUT(connected, 10000);
        QMetaObject::invokeMethod(session, [session] {
            session->execute(QStringLiteral("SELECT g FROM generate_series(1, 20000) g"));
        });
        QTRY_VERIFY_WITH_TIMEOUT(finished, 10000);
        QCOMPARE(rows, 20000);
        QMetaObject::invokeMethod(session, [session] { delete session; });
        thread.quit();
        QVERIFY(thread.wait(5000));
    }

    void requestDroppedFromQueryCallbackEndsSilently_data()
    {
        QTest::addColumn<QString>("how");
        QTest::addColumn<bool>("dropped");
        QTest::newRow("cancelRequest") << QStringLiteral("cancelRequest") << true;
        QTest::newRow("disconnectFromServer") << QStringLiteral("disconnectFromServer") << true;
        // cancel() drops queued requests only; this one has already finished.
        QTest::newRow("cancel") << QStringLiteral("cancel") << false;
    }

    void requestDroppedFromQueryCallbackEndsSilently()
    {
        QFETCH(QString, how);
        QFETCH(bool, dropped);
        auto session = connectedSession(m_spec);
        QVERIFY(session);
        Recorder recorder(session.get());
        PgRequestId id = 0;
        bool called = false;
        id = session->query(QStringLiteral("SELECT 1"), {}, [&](const PgQueryResult &result) {
            called = true;
            QVERIFY(result.ok());
            if (how == QLatin1String("cancelRequest"))
                session->cancelRequest(id);
            else if (how == QLatin1String("disconnectFromServer"))
                session->disconnectFromServer();
            else
                session->cancel();
        });
        const PgRequestId after = session->execute(QStringLiteral("SELECT 2"));
        QTRY_VERIFY(called);
        if (!dropped) {
            QVERIFY(recorder.waitFinished(id));
            QCOMPARE(recorder.finished.value(id), true);
            QTest::qWait(100);
            QVERIFY(!recorder.mentions(after)); // it was queued: that one is dropped
            return;
        }
        QTest::qWait(100);
        QVERIFY2(!recorder.finished.contains(id), qPrintable(recorder.log.join(QLatin1Char(' '))));
        if (how == QLatin1String("cancelRequest")) {
            // Only that request was dropped: the session goes on.
            QVERIFY(recorder.waitFinished(after));
            QVERIFY(recorder.finished.value(after));
            QCOMPARE(session->state(), PgSession::State::Ready);
        } else {
            QVERIFY(!recorder.mentions(after));
            QCOMPARE(session->state(), PgSession::State::Disconnected);
        }
    }

    void requestsDroppedWhileTheConnectionIsLostEndSilently()
    {
        auto session = connectedSession(m_spec);
        QVERIFY(session);
        Recorder recorder(session.get());
        const PgRequestId sleeping = session->execute(QStringLiteral("SELECT pg_sleep(60)"));
        const PgRequestId dropped = session->execute(QStringLiteral("SELECT 1"));
        const PgRequestId kept = session->execute(QStringLiteral("SELECT 2"));
        QTRY_VERIFY(recorder.started.contains(sleeping));
        // A view that gives up on everything it started the moment the first
        // failure arrives, except the last request.
        connect(session.get(), &PgSession::requestFailed, this, [&](PgRequestId id) {
            if (id == sleeping) {
                session->cancelRequest(sleeping);
                session->cancelRequest(dropped);
            }
        });
        const PgQueryResult kill =
            test::runOnce(test::serverSpec(), QStringLiteral("SELECT pg_terminate_backend($1)"),
                          {session->backendPid()});
        QVERIFY2(kill.ok(), qPrintable(kill.error.fullText()));
        QVERIFY(recorder.waitFinished(kept, 5000));
        const QString log = recorder.log.join(QLatin1Char(' '));
        QCOMPARE(recorder.failed.value(sleeping).kind, PgError::Kind::ConnectionLost);
        QVERIFY2(!recorder.finished.contains(sleeping), qPrintable(log));
        QVERIFY2(!recorder.mentions(dropped), qPrintable(log));
        QCOMPARE(recorder.failed.value(kept).kind, PgError::Kind::ConnectionLost);
        QCOMPARE(recorder.finished.value(kept), false);
    }

    void requestsDroppedBeforeTheyFailUnconnectedEndSilently_data()
    {
        QTest::addColumn<QString>("how");
        QTest::newRow("cancelRequest") << QStringLiteral("cancelRequest");
        QTest::newRow("cancel") << QStringLiteral("cancel");
        QTest::newRow("disconnectFromServer") << QStringLiteral("disconnectFromServer");
    }

    void requestsDroppedBeforeTheyFailUnconnectedEndSilently()
    {
        QFETCH(QString, how);
        PgSession session;
        Recorder recorder(&session);
        bool called = false;
        const PgRequestId dropped = session.query(QStringLiteral("SELECT 1"), {},
                                                  [&](const PgQueryResult &) { called = true; });
        if (how == QLatin1String("cancelRequest"))
            session.cancelRequest(dropped);
        else if (how == QLatin1String("cancel"))
            session.cancel();
        else
            session.disconnectFromServer();
        // A request made after the drop still fails as usual.
        const PgRequestId later = session.execute(QStringLiteral("SELECT 2"));
        QVERIFY(recorder.waitFinished(later, 2000));
        QCOMPARE(recorder.failed.value(later).kind, PgError::Kind::Client);
        QVERIFY2(!recorder.mentions(dropped), qPrintable(recorder.log.join(QLatin1Char(' '))));
        QVERIFY(!called);
    }

    void queryResultsAreLimited()
    {
        PgConnectSpec spec = m_spec;
        spec.params.insert(QStringLiteral("application_name"), QStringLiteral("sightline-limit"));
        auto session = connectedSession(spec);
        QVERIFY(session);
        QCOMPARE(session->queryResultLimit(), qsizetype(256) * 1024 * 1024);
        session->setQueryResultLimit(1024 * 1024);
        QCOMPARE(session->queryResultLimit(), qsizetype(1024 * 1024));
        Recorder recorder(session.get());

        // About 2 MB of rows, then a long sleep: the session has to give up
        // after the first megabyte and stop the server.
        const QString sql = QStringLiteral("SELECT repeat('x', 1000) FROM generate_series(1, 2000) "
                                           "UNION ALL SELECT 'end' FROM pg_sleep(30)");
        PgQueryResult result;
        bool called = false;
        const PgRequestId id = session->query(sql, {}, [&](const PgQueryResult &r) {
            result = r;
            called = true;
        });
        QVERIFY(recorder.waitFinished(id, 15000));
        QVERIFY(called);
        QVERIFY(!result.ok());
        QCOMPARE(result.error.kind, PgError::Kind::Client);
        QVERIFY2(result.error.message.contains(QLatin1String("larger than")),
                 qPrintable(result.error.message));
        QCOMPARE(result.rows.rowCount(), 0); // never a cut-off result
        QCOMPARE(recorder.failed.value(id).kind, PgError::Kind::Client);
        QCOMPARE(recorder.finished.value(id), false);
        QCOMPARE(recorder.log.last(), QStringLiteral("finished:%1").arg(id));
        QVERIFY(!isRunningOnServer(QStringLiteral("sightline-limit")));

        // The session goes on, results under the limit arrive whole, and
        // streaming is not limited.
        const PgQueryResult small = test::runAndWait(
            *session, QStringLiteral("SELECT repeat('x', 1000) FROM generate_series(1, 500)"));
        QVERIFY2(small.ok(), qPrintable(small.error.fullText()));
        QCOMPARE(small.rows.rowCount(), 500);
        const PgRequestId streamed = session->execute(
            QStringLiteral("SELECT repeat('x', 1000) FROM generate_series(1, 2000)"));
        QVERIFY(recorder.waitFinished(streamed));
        QVERIFY(recorder.finished.value(streamed));
        QCOMPARE(recorder.rowCount(streamed), 2000);
    }

    void largeRowsStartANewBatch()
    {
        auto session = connectedSession(m_spec);
        QVERIFY(session);
        Recorder recorder(session.get());
        // Each row holds 20 MiB: two would take a batch past its 32 MiB
        // (kMaxBatchBytes), so every row has to start a batch of its own.
        const PgRequestId id =
            session->execute(QStringLiteral("SELECT g, repeat(chr(64 + g), 20 * 1024 * 1024) "
                                            "FROM generate_series(1, 3) g"));
        QVERIFY(recorder.waitFinished(id, 60000));
        QVERIFY2(recorder.finished.value(id), qPrintable(recorder.failed.value(id).fullText()));
        const QList<PgRowBatch> batches = recorder.batches.value(id);
        QCOMPARE(batches.size(), 3);
        for (int i = 0; i < batches.size(); ++i) {
            const PgRowBatch &batch = batches.at(i);
            QCOMPARE(batch.rowCount(), 1);
            QCOMPARE(batch.text(0, 0), QString::number(i + 1));
            const QByteArrayView value = batch.value(0, 1);
            QCOMPARE(value.size(), 20 * 1024 * 1024);
            QCOMPARE(value.front(), char('A' + i));
            QCOMPARE(value.back(), char('A' + i));
        }
    }

    void escapeIdentifierQuotesAwkwardNames()
    {
        PgSession disconnected;
        QVERIFY(disconnected.escapeIdentifier(QStringLiteral("t")).isEmpty());

        auto session = connectedSession(m_spec);
        QVERIFY(session);
        const QString name = QStringLiteral("Grüße \"Welt\" 🐘; DROP TABLE x; --");
        const QString quoted = session->escapeIdentifier(name);
        QCOMPARE(quoted, QStringLiteral("\"Grüße \"\"Welt\"\" 🐘; DROP TABLE x; --\""));
        QCOMPARE(session->escapeIdentifier(QStringLiteral("plain")), QStringLiteral("\"plain\""));
        // libpq would stop at the NUL and quote a different name.
        QVERIFY(session->escapeIdentifier(QStringLiteral("a%1b").arg(QChar(u'\0'))).isEmpty());

        // The server reads it back as exactly that name.
        const PgQueryResult created =
            test::runAndWait(*session, QStringLiteral("CREATE TABLE %1 (a int)").arg(quoted));
        QVERIFY2(created.ok(), qPrintable(created.error.fullText()));
        const PgQueryResult found = test::runAndWait(
            *session, QStringLiteral("SELECT count(*) FROM pg_class WHERE relname = $1"), {name});
        QVERIFY2(found.ok(), qPrintable(found.error.fullText()));
        QCOMPARE(found.rows.text(0, 0), QStringLiteral("1"));

        // What it is for: CREATE DATABASE, which takes no parameters.
        const QString database = QStringLiteral("sltest_ \"Ä\" db");
        const QString quotedDb = session->escapeIdentifier(database);
        QVERIFY(!quotedDb.isEmpty());
        PgQueryResult done =
            test::runAndWait(*session, QStringLiteral("DROP DATABASE IF EXISTS %1").arg(quotedDb));
        QVERIFY2(done.ok(), qPrintable(done.error.fullText()));
        done = test::runAndWait(*session, QStringLiteral("CREATE DATABASE %1").arg(quotedDb));
        QVERIFY2(done.ok(), qPrintable(done.error.fullText()));
        const PgQueryResult exists = test::runAndWait(
            *session, QStringLiteral("SELECT count(*) FROM pg_database WHERE datname = $1"),
            {database});
        QCOMPARE(exists.rows.text(0, 0), QStringLiteral("1"));
        done = test::runAndWait(*session, QStringLiteral("DROP DATABASE %1").arg(quotedDb));
        QVERIFY2(done.ok(), qPrintable(done.error.fullText()));

        session->disconnectFromServer();
        QVERIFY(session->escapeIdentifier(name).isEmpty());
    }

    void sqlResourcesAreCompiledIn()
    {
        const QString sql = PgSession::sqlResource(QStringLiteral("capabilities"));
        QVERIFY(sql.contains(QLatin1String("server_version_num")));
        QVERIFY(PgSession::sqlResource(QStringLiteral("no_such_resource")).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestPgSession)
#include "tst_pgsession.moc"
