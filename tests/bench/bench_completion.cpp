// bench_completion: how long SQL completion takes on a big catalog, and how long
// the catalog takes to load and build.
//
// A synthetic catalog of 2,000 tables x 15 columns in 20 schemas (plus 1,500
// functions) is built in memory; then SqlCompletion::complete() is timed in
// several contexts (statement start, FROM with and without a prefix, alias
// columns, a schema's members, a three-table select list, the end of a
// 2,000-statement script), each many times: median and max per context. With
// a server (SIGHTLINE_TEST_PG*, as scripts/bench sets; skip with --no-server)
// the same shape of schema is created in a fresh database, loaded through
// CatalogLoader (load and build time, several runs) and completed on again.
// Prints plain key=value lines. Target: every completion under 50 ms.
//
//   bench_completion [--runs N] [--no-server]   (other arguments are ignored)

#include "models/schema/catalogloader.h"
#include "models/sql/sqlcompletion.h"
#include "tests/testsupport/testserver.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>

#include <algorithm>

using namespace sightline;

namespace {

constexpr int kSchemas = 20;
constexpr int kTablesPerSchema = 100;
constexpr int kColumns = 15;

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QString tableName(int schema, int table)
{
    static const char *const words[] = {"orders",   "customers", "invoices", "payments",  "events",
                                        "accounts", "sessions",  "products", "shipments", "users"};
    return QStringLiteral("%1_%2_%3")
        .arg(QString::fromLatin1(words[table % 10]))
        .arg(schema)
        .arg(table, 3, 10, QLatin1Char('0'));
}

QString columnName(int column)
{
    static const char *const names[] = {"id",         "customer_id", "created_at", "updated_at",
                                        "status",     "total",       "currency",   "note",
                                        "owner_id",   "region",      "amount",     "reference",
                                        "deleted_at", "version",     "payload"};
    return QString::fromLatin1(names[column % 15]);
}

QString schemaName(int schema)
{
    return schema == 0 ? QStringLiteral("public") : QStringLiteral("app%1").arg(schema);
}

CatalogSnapshot syntheticCatalog()
{
    QStringList schemas{QStringLiteral("pg_catalog"), QStringLiteral("information_schema")};
    QList<CatalogRelation> relations;
    for (int s = 0; s < kSchemas; ++s) {
        schemas << schemaName(s);
        for (int t = 0; t < kTablesPerSchema; ++t) {
            CatalogRelation r;
            r.schema = schemaName(s);
            r.name = tableName(s, t);
            for (int c = 0; c < kColumns; ++c)
                r.columns.append({columnName(c), QStringLiteral("integer")});
            relations << r;
        }
    }
    QList<CatalogFunction> functions;
    for (int f = 0; f < 1500; ++f) {
        CatalogFunction fn;
        fn.schema = QStringLiteral("pg_catalog");
        fn.name = QStringLiteral("fn_%1_%2").arg(QChar(u'a' + f % 26)).arg(f);
        fn.arguments = QStringLiteral("integer, text");
        fn.result = QStringLiteral("text");
        functions << fn;
    }
    QHash<QString, QChar> keywords;
    for (const char *w : {"select", "from", "where", "table", "order", "group", "user"})
        keywords.insert(QString::fromLatin1(w), u'R');
    return CatalogSnapshot(schemas, relations, functions,
                           {QStringLiteral("pg_catalog"), QStringLiteral("public")}, keywords);
}

struct Case
{
    const char *name;
    QString text; // '|' marks the cursor
};

QList<Case> cases()
{
    QString script;
    for (int i = 0; i < 2000; ++i)
        script += QStringLiteral("select o.id, o.total from public.%1 o where o.status = 'x';\n")
                      .arg(tableName(0, i % kTablesPerSchema));
    return {
        {"statement_start", QStringLiteral("sel|")},
        {"from_prefix", QStringLiteral("select * from orde|")},
        {"from_empty", QStringLiteral("select * from |")},
        {"alias_columns", QStringLiteral("select o.| from app7.orders_7_040 o")},
        {"schema_members", QStringLiteral("select * from app3.|")},
        {"select_list_3_tables",
         QStringLiteral("select c| from public.orders_0_000 o join app1.customers_1_001 c on "
                        "c.id = o.customer_id join app2.payments_2_003 p on p.owner_id = c.id "
                        "where o.total > 10")},
        {"select_list_empty", QStringLiteral("select | from public.orders_0_000 o")},
        {"end_of_2000_statement_script",
         script + QStringLiteral("select o.| from public.orders_0_010 o")},
    };
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(values.size() / 2);
}

// Times every case; `label` prefixes the printed keys.
void timeCompletions(const CatalogSnapshot &catalog, const QString &label, int runs)
{
    for (const Case &c : cases()) {
        const int cursor = int(c.text.lastIndexOf(QLatin1Char('|')));
        QString text = c.text;
        text.remove(cursor, 1);
        QList<double> ms;
        qsizetype candidates = 0;
        for (int run = 0; run < runs; ++run) {
            QElapsedTimer timer;
            timer.start();
            const CompletionResult r = SqlCompletion::complete(catalog, text, cursor);
            ms << double(timer.nsecsElapsed()) / 1e6;
            candidates = r.candidates.size();
        }
        out() << QStringLiteral("%1.%2 median_ms=%3 max_ms=%4 candidates=%5")
                     .arg(label, QString::fromLatin1(c.name))
                     .arg(median(ms), 0, 'f', 3)
                     .arg(*std::max_element(ms.cbegin(), ms.cend()), 0, 'f', 3)
                     .arg(candidates)
              << Qt::endl;
    }
}

// The same shape of schema in a real database, in one statement.
QString createSchemaSql()
{
    QStringList columns;
    for (int c = 0; c < kColumns; ++c)
        columns << columnName(c) + QStringLiteral(" integer");
    QStringList words;
    for (int t = 0; t < 10; ++t)
        words << QLatin1Char('\'') + tableName(0, t).section(QLatin1Char('_'), 0, -3) +
                     QLatin1Char('\'');
    return QStringLiteral("DO $bench$ DECLARE words text[] := ARRAY[%1]; BEGIN "
                          "FOR s IN 0..%2 LOOP "
                          "IF s > 0 THEN EXECUTE format('CREATE SCHEMA app%s', s); END IF; "
                          "FOR t IN 0..%3 LOOP "
                          "EXECUTE format('CREATE TABLE %I.%I (%4)', "
                          "CASE WHEN s = 0 THEN 'public' ELSE 'app' || s END, "
                          "words[t % 10 + 1] || '_' || s || '_' || lpad(t::text, 3, '0')); "
                          "END LOOP; END LOOP; END $bench$")
        .arg(words.join(QLatin1Char(',')))
        .arg(kSchemas - 1)
        .arg(kTablesPerSchema - 1)
        .arg(columns.join(QStringLiteral(", ")));
}

int runAgainstServer(int runs)
{
    QString why;
    if (!test::serverConfigured(&why)) {
        out() << "server=none (" << why << ")" << Qt::endl;
        return 0;
    }
    QElapsedTimer timer;
    timer.start();
    const PgConnectSpec spec = test::freshDatabase(QStringLiteral("bench_completion"));
    const PgQueryResult created = test::runOnce(spec, createSchemaSql());
    if (!created.ok()) {
        QTextStream(stderr) << "bench_completion: " << created.error.fullText() << "\n";
        return 1;
    }
    out() << "server_setup_ms=" << timer.elapsed() << Qt::endl;

    CatalogLoader loader(spec);
    QList<double> loadMs, buildMs;
    for (int run = 0; run < std::max(3, runs / 20); ++run) {
        loader.refresh();
        while (loader.isLoading())
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
        if (loader.state() != CatalogLoader::State::Ready) {
            QTextStream(stderr) << "bench_completion: " << loader.lastError().fullText() << "\n";
            return 1;
        }
        loadMs << double(loader.lastLoadMs());
        buildMs << double(loader.lastBuildMs());
    }
    const CatalogSnapshot catalog = loader.snapshot();
    out() << QStringLiteral("server.catalog relations=%1 columns=%2 functions=%3")
                 .arg(catalog.relations().size())
                 .arg(catalog.columnCount())
                 .arg(catalog.functions().size())
          << Qt::endl;
    out() << QStringLiteral("server.load median_ms=%1 max_ms=%2 (first load includes connecting)")
                 .arg(median(loadMs), 0, 'f', 1)
                 .arg(*std::max_element(loadMs.cbegin(), loadMs.cend()), 0, 'f', 1)
          << Qt::endl;
    out() << QStringLiteral("server.build median_ms=%1 max_ms=%2")
                 .arg(median(buildMs), 0, 'f', 1)
                 .arg(*std::max_element(buildMs.cbegin(), buildMs.cend()), 0, 'f', 1)
          << Qt::endl;
    timeCompletions(catalog, QStringLiteral("server"), runs);
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int runs = 200;
    bool server = true;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--runs") && i + 1 < args.size())
            runs = std::max(1, args.at(++i).toInt());
        else if (args.at(i) == QLatin1String("--no-server"))
            server = false;
    }
    out() << "runs=" << runs << Qt::endl;

    QList<double> buildMs;
    CatalogSnapshot catalog;
    for (int run = 0; run < 5; ++run) {
        QElapsedTimer timer;
        timer.start();
        catalog = syntheticCatalog();
        buildMs << double(timer.nsecsElapsed()) / 1e6;
    }
    out() << QStringLiteral("synthetic.catalog relations=%1 columns=%2 functions=%3")
                 .arg(catalog.relations().size())
                 .arg(catalog.columnCount())
                 .arg(catalog.functions().size())
          << Qt::endl;
    out() << QStringLiteral("synthetic.build median_ms=%1 max_ms=%2")
                 .arg(median(buildMs), 0, 'f', 2)
                 .arg(*std::max_element(buildMs.cbegin(), buildMs.cend()), 0, 'f', 2)
          << Qt::endl;
    timeCompletions(catalog, QStringLiteral("synthetic"), runs);
    return server ? runAgainstServer(runs) : 0;
}
