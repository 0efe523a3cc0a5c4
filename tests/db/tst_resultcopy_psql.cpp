// "Copy as CSV" must paste the same bytes `psql --csv` writes for the same
// query, so a copied selection and a psql export are interchangeable.

#include "models/pg/pgsession.h"
#include "models/query/resultcopy.h"
#include "models/query/resultsetmodel.h"
#include "tests/testsupport/testserver.h"

#include <QDebug>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include <algorithm>

using namespace sightline;

namespace {

// Every case psql's CSV writer treats specially: separators, quotes, line
// breaks, "\.", empty string versus NULL, and values longer than the grid's
// display limit; plus types whose text form is easy to get subtly wrong.
// Plain literals: moc emits nothing for this file when the query is a raw string.
const char *const kQuery =
    "SELECT * FROM (VALUES\n"
    "  (1, 'plain'::text, true, 1.5::float8, 12.50::numeric, ''::text, NULL::text,\n"
    "   'a,b \"q\"'::text, E'line1\\nline2'::text, E'tab\\there'::text, E'cr\\rx'::text,\n"
    "   '\\.'::text, 'héllo ✓ 日本'::text, repeat('long, \"text\" ', 300),\n"
    "   '\\x00ff27'::bytea, '{\"a\": [1, \"b,c\"]}'::jsonb, ARRAY['x', NULL, 'y,z'],\n"
    "   '2024-02-29 13:45:01.5+00'::timestamptz, 0.1::float8, -0.000100::numeric),\n"
    "  (2, '', false, 'NaN', 'NaN', NULL, '', '\"', E'\\r\\n', ' ', '\\', ',', '', '', '\\x', "
    "'[]',\n"
    "   '{}', '-infinity', '-Infinity', 'Infinity'),\n"
    "  (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,\n"
    "   NULL, NULL, NULL, NULL, NULL)\n"
    ") AS t(id, \"Label\", flag, \"f, float\", n, \"empty\", \"nothing\", \"say \"\"hi\"\"\", "
    "\"new\nline\", tab, cr, eod, uni, long, bin, js, arr, ts, tenth, small)\n"
    "UNION ALL\n"
    "SELECT g, 'row ' || g || CASE WHEN g % 3 = 0 THEN ',x' WHEN g % 3 = 1 THEN '\"y\"' ELSE '' "
    "END,\n"
    "       g % 2 = 0, g / 7.0, g * 1.25, '', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,\n"
    "       NULL, NULL, NULL, NULL, g::float8 / 3, NULL\n"
    "FROM generate_series(4, 500) AS g\n"
    "ORDER BY 1\n";

QString psqlPath()
{
    const QString found = QStandardPaths::findExecutable(QStringLiteral("psql"));
    return found.isEmpty() ? QStringLiteral("/usr/lib/postgresql/15/bin/psql") : found;
}

} // namespace

class TestResultCopyPsql : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void csvMatchesPsql()
    {
        SIGHTLINE_REQUIRE_SERVER();
        const QString query = QString::fromUtf8(kQuery);

        PgSession session;
        PgError error;
        QVERIFY2(
            test::connectAndWait(session, test::serverSpec(QStringLiteral("postgres")), &error),
            qPrintable(error.message));
        const PgQueryResult result = test::runAndWait(session, query);
        QVERIFY2(result.ok(), qPrintable(result.error.message));
        QCOMPARE(result.rows.rowCount(), 500);

        ResultSetModel model;
        model.setColumns(result.columns);
        model.appendBatch(result.rows);
        QList<int> rows;
        for (int r = 0; r < model.rowCount(); ++r)
            rows << r;
        const QByteArray ours = copyRows(model, rows, {}, CopyFormat::Csv).toUtf8();

        QProcess psql;
        psql.start(psqlPath(), {QStringLiteral("--csv"), QStringLiteral("-X"), QStringLiteral("-h"),
                                qEnvironmentVariable("SIGHTLINE_TEST_PGHOST"), QStringLiteral("-p"),
                                qEnvironmentVariable("SIGHTLINE_TEST_PGPORT"), QStringLiteral("-U"),
                                qEnvironmentVariable("SIGHTLINE_TEST_PGUSER"), QStringLiteral("-d"),
                                QStringLiteral("postgres"), QStringLiteral("-c"), query});
        QVERIFY2(psql.waitForFinished(60000), qPrintable(psql.errorString()));
        QCOMPARE(psql.exitStatus(), QProcess::NormalExit);
        QVERIFY2(psql.exitCode() == 0, psql.readAllStandardError().constData());
        const QByteArray theirs = psql.readAllStandardOutput();

        // Sanity: the interesting values made it through both paths whole.
        QVERIFY(theirs.contains("\"say \"\"hi\"\"\""));
        QVERIFY(theirs.contains("\"\\.\""));
        QVERIFY(ours.size() > 4000);
        if (ours != theirs) {
            qsizetype at = 0;
            while (at < ours.size() && at < theirs.size() && ours.at(at) == theirs.at(at))
                ++at;
            qWarning().noquote() << "first difference at byte" << at
                                 << "\nours:  " << ours.mid(std::max<qsizetype>(0, at - 40), 120)
                                 << "\npsql:  " << theirs.mid(std::max<qsizetype>(0, at - 40), 120);
        }
        QCOMPARE(ours, theirs);
    }
};

QTEST_GUILESS_MAIN(TestResultCopyPsql)
#include "tst_resultcopy_psql.moc"
