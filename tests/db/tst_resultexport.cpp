// Export of a whole result to a file: CSV byte for byte as `psql --csv`
// writes it, from a re-run streamed straight to the file and from the rows a
// model holds; JSON that parses back with the right types; cancel and
// failure leave no file behind and an existing one untouched.

#include "models/pg/pgsession.h"
#include "models/query/resultexport.h"
#include "models/query/resultsetmodel.h"
#include "tests/testsupport/testserver.h"

#include <QDebug>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace sightline;

namespace {

// Every type the issue names, and values psql's CSV writer treats specially:
// separators, quotes, line breaks, "\.", unicode, empty string and NULL.
// Plain literals: moc emits nothing for a file whose strings are raw literals.
QString query(int rows)
{
    return QStringLiteral(
               "SELECT g AS id,\n"
               "  CASE g % 7 WHEN 0 THEN NULL WHEN 1 THEN '' WHEN 2 THEN 'a,b \"q\" ' || g\n"
               "    WHEN 3 THEN E'line1\\nline2 ' || g WHEN 4 THEN 'h\u00e9llo \u2713 "
               "\u65e5\u672c ' || g\n"
               "    WHEN 5 THEN E'cr\\r\\n' || g ELSE '\\.' END AS label,\n"
               "  CASE WHEN g % 11 = 0 THEN NULL WHEN g % 13 = 0 THEN 'NaN'::numeric\n"
               "    ELSE (g * 1.25)::numeric(20, 4) END AS amount,\n"
               "  12345678901234567890.000000000000000001 + g AS big,\n"
               "  timestamptz '2024-02-29 13:45:01.5+00' + g * interval '61.25 seconds' AS ts,\n"
               "  jsonb_build_object('g', g, 's', 'x,\"y\" ' || g, 'a', jsonb_build_array(g, "
               "NULL, true)) AS js,\n"
               "  CASE WHEN g % 3 = 0 THEN NULL ELSE g % 2 = 0 END AS flag,\n"
               "  CASE WHEN g % 17 = 0 THEN NULL ELSE int4send(g) END AS bin,\n"
               "  g::float8 / 7 AS f,\n"
               "  \"char\"(chr(65 + g % 26)) AS \"Say \"\"hi\"\", world\"\n"
               "FROM generate_series(1, %1) AS g ORDER BY g")
        .arg(rows);
}

QString psqlPath()
{
    const QString found = QStandardPaths::findExecutable(QStringLiteral("psql"));
    return found.isEmpty() ? QStringLiteral("/usr/lib/postgresql/15/bin/psql") : found;
}

// What `psql --csv` (with extra arguments) writes for `sql`.
QByteArray psqlCsv(const QString &sql, const QStringList &extra = {})
{
    QProcess psql;
    QStringList args{QStringLiteral("--csv"), QStringLiteral("-X"),
                     QStringLiteral("-h"),    qEnvironmentVariable("SIGHTLINE_TEST_PGHOST"),
                     QStringLiteral("-p"),    qEnvironmentVariable("SIGHTLINE_TEST_PGPORT"),
                     QStringLiteral("-U"),    qEnvironmentVariable("SIGHTLINE_TEST_PGUSER"),
                     QStringLiteral("-d"),    QStringLiteral("postgres")};
    args << extra << QStringLiteral("-c") << sql;
    psql.start(psqlPath(), args);
    if (!psql.waitForFinished(120000) || psql.exitStatus() != QProcess::NormalExit ||
        psql.exitCode() != 0) {
        qWarning() << "psql failed:" << psql.errorString() << psql.readAllStandardError();
        return {};
    }
    return psql.readAllStandardOutput();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

bool sameBytes(const QByteArray &ours, const QByteArray &theirs)
{
    if (ours == theirs)
        return true;
    qsizetype at = 0;
    while (at < ours.size() && at < theirs.size() && ours.at(at) == theirs.at(at))
        ++at;
    qWarning().noquote() << "sizes" << ours.size() << theirs.size() << "; first difference at byte"
                         << at << "\nours:  " << ours.mid(std::max<qsizetype>(0, at - 60), 160)
                         << "\npsql:  " << theirs.mid(std::max<qsizetype>(0, at - 60), 160);
    return false;
}

struct Finished
{
    ResultExport::Outcome outcome = ResultExport::Outcome::Failed;
    qint64 rows = -1;
    QString error;
};

// Waits for the export's end (the event loop runs meanwhile).
bool waitFor(ResultExport &exporter, Finished *finished, int timeoutMs = 180000)
{
    QSignalSpy spy(&exporter, &ResultExport::finished);
    if (!spy.wait(timeoutMs) || spy.isEmpty())
        return false;
    const QList<QVariant> args = spy.takeFirst();
    finished->outcome = args.at(0).value<ResultExport::Outcome>();
    finished->rows = args.at(1).toLongLong();
    finished->error = args.at(2).toString();
    return true;
}

// Files in `dir` other than `keep` (QSaveFile's temporaries would show up here).
QStringList strayFiles(const QString &dir, const QStringList &keep = {})
{
    QStringList files = QDir(dir).entryList(QDir::Files | QDir::Hidden);
    files.removeIf([&](const QString &name) { return keep.contains(name); });
    return files;
}

// A complete result loaded into a model, as the grid holds it.
bool loadModel(ResultSetModel &model, const QString &sql)
{
    PgSession session;
    PgError error;
    if (!test::connectAndWait(session, test::serverSpec(QStringLiteral("postgres")), &error)) {
        qWarning() << error.message;
        return false;
    }
    const PgQueryResult result = test::runAndWait(session, sql);
    if (!result.ok()) {
        qWarning() << result.error.message;
        return false;
    }
    model.setRowCap(10000000);
    model.setColumns(result.columns);
    model.appendBatch(result.rows);
    return !model.capReached();
}

} // namespace

class TestResultExport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { SIGHTLINE_REQUIRE_SERVER(); }

    void rerunCsvMatchesPsql()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("all.csv"));
        const QString sql = query(200000);

        ResultExport exporter;
        QSignalSpy progress(&exporter, &ResultExport::progress);
        QVERIFY(exporter.startFromQuery(test::serverSpec(QStringLiteral("postgres")), sql, path,
                                        ExportOptions()));
        QVERIFY(exporter.isRunning());
        // One export at a time.
        QVERIFY(!exporter.startFromQuery(test::serverSpec(QStringLiteral("postgres")), sql, path,
                                         ExportOptions()));
        Finished finished;
        QVERIFY(waitFor(exporter, &finished));
        QCOMPARE(finished.outcome, ResultExport::Outcome::Written);
        QVERIFY2(finished.error.isEmpty(), qPrintable(finished.error));
        QCOMPARE(finished.rows, qint64(200000));
        QVERIFY(!exporter.isRunning());
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(0).toLongLong(), qint64(200000));

        const QByteArray theirs = psqlCsv(sql);
        QVERIFY(theirs.size() > 10 * 1000 * 1000);
        QVERIFY(theirs.contains("\"a,b \"\"q\"\" 2\""));
        QVERIFY(theirs.contains("\"\\.\""));
        QVERIFY(sameBytes(readFile(path), theirs));
        QCOMPARE(strayFiles(dir.path(), {QStringLiteral("all.csv")}), QStringList());
    }

    void modelCsvMatchesPsql()
    {
        const QString sql = query(5000);
        ResultSetModel model;
        QVERIFY(loadModel(model, sql));
        QCOMPARE(model.rowCount(), 5000);

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("loaded.csv"));
        ResultExport exporter;
        QVERIFY(exporter.startFromRows(model.rows(), std::nullopt, path, ExportOptions()));
        Finished finished;
        QVERIFY(waitFor(exporter, &finished));
        QCOMPARE(finished.outcome, ResultExport::Outcome::Written);
        QCOMPARE(finished.rows, qint64(5000));
        QVERIFY(sameBytes(readFile(path), psqlCsv(sql)));

        // Without the header line: psql's tuples-only CSV.
        ExportOptions noHeader;
        noHeader.header = false;
        QVERIFY(exporter.startFromRows(model.rows(), std::nullopt, path, noHeader));
        QVERIFY(waitFor(exporter, &finished));
        QCOMPARE(finished.outcome, ResultExport::Outcome::Written);
        QVERIFY(sameBytes(readFile(path), psqlCsv(sql, {QStringLiteral("-t")})));

        // The rows a sorted, filtered grid shows, in its order, and a column subset.
        ExportOptions subset;
        subset.columns = {1, 0};
        QVERIFY(exporter.startFromRows(model.rows(), std::vector<int>{9, 3, 4}, path, subset));
        QVERIFY(waitFor(exporter, &finished));
        QCOMPARE(finished.rows, qint64(3));
        QCOMPARE(readFile(path),
                 QByteArray("label,id\n\"line1\nline2 10\",10\n"
                            "h\xc3\xa9llo \xe2\x9c\x93 \xe6\x97\xa5\xe6\x9c\xac 4,4\n"
                            "\"cr\r\n5\",5\n"));
    }

    void json_data()
    {
        QTest::addColumn<bool>("rerun");
        QTest::newRow("from the model") << false;
        QTest::newRow("from a re-run") << true;
    }

    void json()
    {
        QFETCH(bool, rerun);
        const QString sql = query(3000);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("rows.json"));
        ExportOptions options;
        options.format = ExportFormat::Json;
        ResultExport exporter;
        ResultSetModel model;
        if (rerun) {
            QVERIFY(exporter.startFromQuery(test::serverSpec(QStringLiteral("postgres")), sql, path,
                                            options));
        } else {
            QVERIFY(loadModel(model, sql));
            QVERIFY(exporter.startFromRows(model.rows(), std::nullopt, path, options));
        }
        Finished finished;
        QVERIFY(waitFor(exporter, &finished));
        QCOMPARE(finished.outcome, ResultExport::Outcome::Written);

        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(readFile(path), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QVERIFY(doc.isArray());
        const QJsonArray rows = doc.array();
        QCOMPARE(rows.size(), 3000);
        for (qsizetype i = 0; i < rows.size(); ++i) {
            const QJsonObject row = rows.at(i).toObject();
            const int g = int(i) + 1;
            QCOMPARE(row.size(), 10);
            QCOMPARE(row.value(QStringLiteral("id")).toInteger(), qint64(g));
            const QJsonValue label = row.value(QStringLiteral("label"));
            QCOMPARE(label.isNull(), g % 7 == 0);
            if (g % 7 == 1)
                QCOMPARE(label.toString(QStringLiteral("?")), QString());
            const QJsonValue amount = row.value(QStringLiteral("amount"));
            if (g % 11 == 0)
                QVERIFY(amount.isNull());
            else if (g % 13 == 0)
                QCOMPARE(amount.toString(), QStringLiteral("NaN"));
            else
                QCOMPARE(amount.toDouble(), g * 1.25);
            QVERIFY(row.value(QStringLiteral("big")).isDouble());
            QVERIFY(row.value(QStringLiteral("ts")).isString());
            const QJsonObject js = row.value(QStringLiteral("js")).toObject();
            QCOMPARE(js.value(QStringLiteral("g")).toInteger(), qint64(g));
            QCOMPARE(js.value(QStringLiteral("a")).toArray().at(2).toBool(), true);
            const QJsonValue flag = row.value(QStringLiteral("flag"));
            if (g % 3 == 0)
                QVERIFY(flag.isNull());
            else
                QCOMPARE(flag.toBool(!(g % 2 == 0)), g % 2 == 0);
            const QJsonValue bin = row.value(QStringLiteral("bin"));
            if (g % 17 == 0)
                QVERIFY(bin.isNull());
            else
                QVERIFY(bin.toString().startsWith(QStringLiteral("\\x")));
            QVERIFY(row.value(QStringLiteral("f")).isDouble());
            QVERIFY(row.value(QStringLiteral("Say \"hi\", world")).isString());
        }
        // The numbers are written as the server sent them, digits intact.
        QVERIFY(readFile(path).contains("\"big\":12345678901234567891.000000000000000001"));
    }

    void jsonDuplicateNamesAndEmpty()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("dup.json"));
        ExportOptions options;
        options.format = ExportFormat::Json;
        ResultExport exporter;
        Finished finished;
        QVERIFY(exporter.startFromQuery(test::serverSpec(QStringLiteral("postgres")),
                                        QStringLiteral("SELECT 1 AS a, 2 AS a, 3 AS a_2"), path,
                                        options));
        QVERIFY(waitFor(exporter, &finished));
        QCOMPARE(finished.outcome, ResultExport::Outcome::Written);
        const QJsonObject row = QJsonDocument::fromJson(readFile(path)).array().at(0).toObject();
        QCOMPARE(row.value(QStringLiteral("a")).toInt(), 1);
        QCOMPARE(row.value(QStringLiteral("a_3")).toInt(), 2);
        QCOMPARE(row.value(QStringLiteral("a_2")).toInt(), 3);

        QVERIFY(exporter.startFromQuery(test::serverSpec(QStringLiteral("postgres")),
                                        QStringLiteral("SELECT 1 AS a WHERE false"), path,
                                        options));
        QVERIFY(waitFor(exporter, &finished));
        QCOMPARE(finished.outcome, ResultExport::Outcome::Written);
        QCOMPARE(readFile(path), QByteArray("[\n]\n"));
        QVERIFY(QJsonDocument::fromJson(readFile(path)).isArray());
    }

    void cancelLeavesNothing_data()
    {
        QTest::addColumn<bool>("rerun");
        QTest::addColumn<bool>("existing");
        QTest::newRow("re-run, new file") << true << false;
        QTest::newRow("re-run, existing file") << true << true;
        QTest::newRow("model, new file") << false << false;
        QTest::newRow("model, existing file") << false << true;
    }

    void cancelLeavesNothing()
    {
        QFETCH(bool, rerun);
        QFETCH(bool, existing);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("out.csv"));
        const QByteArray before("precious\n");
        if (existing) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(before);
        }

        ResultExport exporter;
        ResultSetModel model;
        if (rerun) {
            // Long enough that the cancel comes while rows stream.
            QVERIFY(exporter.startFromQuery(
                test::serverSpec(QStringLiteral("postgres")),
                QStringLiteral("SELECT g, repeat('x', 200) FROM generate_series(1, 20000000) g"),
                path, ExportOptions()));
            QTRY_VERIFY_WITH_TIMEOUT(exporter.rowsWritten() > 0, 30000);
        } else {
            QVERIFY(loadModel(model, query(20000)));
            QVERIFY(exporter.startFromRows(model.rows(), std::nullopt, path, ExportOptions()));
        }
        exporter.cancel();
        Finished finished;
        QVERIFY(waitFor(exporter, &finished, 30000));
        QCOMPARE(finished.outcome, ResultExport::Outcome::Cancelled);
        if (existing) {
            QCOMPARE(readFile(path), before);
            QCOMPARE(strayFiles(dir.path(), {QStringLiteral("out.csv")}), QStringList());
        } else {
            QVERIFY(!QFile::exists(path));
            QCOMPARE(strayFiles(dir.path()), QStringList());
        }
    }

    void failuresLeaveNothing()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("out.csv"));
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("keep me\n");
        }
        ResultExport exporter;
        Finished finished;

        // An error from the server, after some rows were written.
        QVERIFY(exporter.startFromQuery(
            test::serverSpec(QStringLiteral("postgres")),
            QStringLiteral("SELECT 1 / (g - 50000) FROM generate_series(1, 100000) g"), path,
            ExportOptions()));
        QVERIFY(waitFor(exporter, &finished));
        QCOMPARE(finished.outcome, ResultExport::Outcome::Failed);
        QVERIFY2(finished.error.contains(QStringLiteral("22012")), qPrintable(finished.error));
        QCOMPARE(readFile(path), QByteArray("keep me\n"));
        QCOMPARE(strayFiles(dir.path(), {QStringLiteral("out.csv")}), QStringList());

        // A folder that does not exist.
        const QString nowhere = dir.filePath(QStringLiteral("no/such/dir/out.csv"));
        ResultSetModel model;
        QVERIFY(loadModel(model, QStringLiteral("SELECT 1 AS one")));
        QVERIFY(exporter.startFromRows(model.rows(), std::nullopt, nowhere, ExportOptions()));
        QVERIFY(waitFor(exporter, &finished));
        QCOMPARE(finished.outcome, ResultExport::Outcome::Failed);
        QVERIFY2(finished.error.contains(nowhere), qPrintable(finished.error));

        // A server that cannot be reached.
        PgConnectSpec bad = test::serverSpec(QStringLiteral("no_such_database_here"));
        QVERIFY(exporter.startFromQuery(bad, QStringLiteral("SELECT 1"), path, ExportOptions()));
        QVERIFY(waitFor(exporter, &finished));
        QCOMPARE(finished.outcome, ResultExport::Outcome::Failed);
        QVERIFY(!finished.error.isEmpty());
        QCOMPARE(readFile(path), QByteArray("keep me\n"));

        // A statement that returns no rows.
        QVERIFY(exporter.startFromQuery(test::serverSpec(QStringLiteral("postgres")),
                                        QStringLiteral("SET work_mem = '8MB'"), path,
                                        ExportOptions()));
        QVERIFY(waitFor(exporter, &finished));
        QCOMPARE(finished.outcome, ResultExport::Outcome::Failed);
        QCOMPARE(readFile(path), QByteArray("keep me\n"));
    }

    void rerunIsReadOnly()
    {
        const PgConnectSpec spec = test::freshDatabase(QStringLiteral("resultexport_readonly"));
        QVERIFY(test::runOnce(spec, QStringLiteral("CREATE TABLE t (id int)")).ok());
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("out.csv"));
        ResultExport exporter;
        Finished finished;
        QVERIFY(exporter.startFromQuery(
            spec,
            QStringLiteral("INSERT INTO t SELECT g FROM generate_series(1, 3) g RETURNING id"),
            path, ExportOptions()));
        QVERIFY(waitFor(exporter, &finished));
        QCOMPARE(finished.outcome, ResultExport::Outcome::Failed);
        QVERIFY2(finished.error.contains(QStringLiteral("25006")), qPrintable(finished.error));
        QVERIFY(!QFile::exists(path));
        const PgQueryResult count = test::runOnce(spec, QStringLiteral("SELECT count(*) FROM t"));
        QVERIFY(count.ok());
        QCOMPARE(count.rows.text(0, 0), QStringLiteral("0"));
    }

    void rerunAppliesFilter()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("filtered.csv"));
        ExportOptions options;
        options.filterText = QStringLiteral("ROW 1");
        options.filterColumn = 1;
        ResultExport exporter;
        Finished finished;
        QVERIFY(exporter.startFromQuery(
            test::serverSpec(QStringLiteral("postgres")),
            QStringLiteral("SELECT g, 'row ' || g AS label FROM generate_series(1, 20) g"), path,
            options));
        QVERIFY(waitFor(exporter, &finished));
        QCOMPARE(finished.outcome, ResultExport::Outcome::Written);
        QCOMPARE(finished.rows, qint64(11));
        QCOMPARE(readFile(path).count('\n'), 12);
    }
};

QTEST_GUILESS_MAIN(TestResultExport)
#include "tst_resultexport.moc"
