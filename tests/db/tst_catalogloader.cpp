// CatalogLoader against a real PostgreSQL server (the CTest 'pg' fixture).

#include "models/schema/catalogloader.h"
#include "models/sql/sqlcompletion.h"
#include "models/store/connectionprofile.h"
#include "models/workspace/openconnection.h"
#include "tests/testsupport/testserver.h"

#include <QPointer>
#include <QSignalSpy>
#include <QTest>

using namespace sightline;

namespace {

const CatalogRelation *relation(const CatalogSnapshot &catalog, const QString &schema,
                                const QString &name)
{
    const int i = catalog.relationIndex(schema, name);
    return i >= 0 ? &catalog.relations().at(i) : nullptr;
}

QList<const CatalogFunction *> functions(const CatalogSnapshot &catalog, const QString &schema,
                                         const QString &name)
{
    QList<const CatalogFunction *> out;
    for (const CatalogFunction &f : catalog.functions()) {
        if (f.schema == schema && f.name == name)
            out << &f;
    }
    return out;
}

bool waitForLoad(CatalogLoader &loader, int timeoutMs = 30000)
{
    return QTest::qWaitFor([&] { return loader.state() != CatalogLoader::State::Loading; },
                           timeoutMs) &&
           loader.state() == CatalogLoader::State::Ready;
}

} // namespace

class TestCatalogLoader : public QObject
{
    Q_OBJECT
private:
    PgConnectSpec m_spec;

private Q_SLOTS:
    void initTestCase()
    {
        SIGHTLINE_REQUIRE_SERVER();
        m_spec = test::freshDatabase(QStringLiteral("tst_catalogloader"));
        const char *const setup[] = {
            "CREATE SCHEMA sales",
            "CREATE TABLE public.orders (id int PRIMARY KEY, customer_id int, obsolete text, "
            "total numeric(12,2), \"Created At\" timestamptz)",
            "ALTER TABLE public.orders DROP COLUMN obsolete",
            "CREATE TABLE public.customers (id int, name text)",
            "CREATE VIEW public.open_orders AS SELECT id, total FROM public.orders",
            "CREATE MATERIALIZED VIEW public.order_totals AS "
            "SELECT customer_id, sum(total) AS total FROM public.orders GROUP BY 1",
            "CREATE TABLE public.events (id int, at date) PARTITION BY RANGE (at)",
            "CREATE TABLE public.events_2024 PARTITION OF public.events "
            "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
            "CREATE TABLE sales.invoices (id int, amount numeric)",
            "CREATE FUNCTION public.order_total(order_id int) RETURNS numeric "
            "LANGUAGE sql AS 'SELECT 1::numeric'",
            "CREATE PROCEDURE public.archive_orders(before date) LANGUAGE sql AS 'SELECT 1'",
            "CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql "
            "AS 'BEGIN RETURN NEW; END'",
        };
        for (const char *sql : setup) {
            const PgQueryResult r = test::runOnce(m_spec, QString::fromUtf8(sql));
            QVERIFY2(r.ok(),
                     qPrintable(QString::fromUtf8(sql) + QLatin1String(": ") + r.error.fullText()));
        }
    }

    void metadataSpecKeepsTheProfileOptions()
    {
        PgConnectSpec spec = m_spec;
        spec.params.insert(QStringLiteral("options"), QStringLiteral("-c search_path=sales"));
        const PgConnectSpec meta = CatalogLoader::metadataSpec(spec);
        QCOMPARE(meta.params.value(QStringLiteral("application_name")),
                 QStringLiteral("sightline-metadata"));
        const QString options = meta.params.value(QStringLiteral("options"));
        QVERIFY2(options.startsWith(QLatin1String("-c search_path=sales ")), qPrintable(options));
        QVERIFY(options.contains(QLatin1String("-c statement_timeout=30s")));
        QVERIFY(options.contains(QLatin1String("-c default_transaction_read_only=on")));
        QCOMPARE(meta.params.value(QStringLiteral("dbname")),
                 m_spec.params.value(QStringLiteral("dbname")));
    }

    void loadsTheCatalog()
    {
        CatalogLoader loader(m_spec);
        QSignalSpy loaded(&loader, &CatalogLoader::loaded);
        QSignalSpy states(&loader, &CatalogLoader::stateChanged);
        QCOMPARE(loader.state(), CatalogLoader::State::Empty);
        QVERIFY(!loader.hasSnapshot());
        loader.load();
        QVERIFY(loader.isLoading());
        QVERIFY2(waitForLoad(loader), qPrintable(loader.lastError().fullText()));
        QCOMPARE(loaded.size(), 1);
        QCOMPARE(states.size(), 2); // Loading, Ready
        QVERIFY(loader.hasSnapshot());
        QCOMPARE(loader.session()->serverParameter(QStringLiteral("application_name")),
                 QStringLiteral("sightline-metadata"));

        const CatalogSnapshot catalog = loader.snapshot();
        QCOMPARE(catalog.searchPath(),
                 (QStringList{QStringLiteral("pg_catalog"), QStringLiteral("public")}));
        QVERIFY(catalog.hasSchema(QStringLiteral("sales")));
        QVERIFY(catalog.hasSchema(QStringLiteral("information_schema")));
        QVERIFY(!catalog.hasSchema(QStringLiteral("pg_toast")));

        const CatalogRelation *orders =
            relation(catalog, QStringLiteral("public"), QStringLiteral("orders"));
        QVERIFY(orders);
        QCOMPARE(orders->kind, CatalogRelationKind::Table);
        QStringList columns;
        for (const CatalogColumn &c : orders->columns)
            columns << c.name + QLatin1Char(':') + c.type;
        QCOMPARE(columns,
                 (QStringList{QStringLiteral("id:integer"), QStringLiteral("customer_id:integer"),
                              QStringLiteral("total:numeric(12,2)"),
                              QStringLiteral("Created At:timestamp with time zone")}));

        const CatalogRelation *view =
            relation(catalog, QStringLiteral("public"), QStringLiteral("open_orders"));
        QVERIFY(view);
        QCOMPARE(view->kind, CatalogRelationKind::View);
        QCOMPARE(view->columns.size(), 2);
        QCOMPARE(relation(catalog, QStringLiteral("public"), QStringLiteral("order_totals"))->kind,
                 CatalogRelationKind::MaterializedView);
        const CatalogRelation *events =
            relation(catalog, QStringLiteral("public"), QStringLiteral("events"));
        QVERIFY(events);
        QCOMPARE(events->kind, CatalogRelationKind::PartitionedTable);
        QVERIFY(!events->isPartition);
        QVERIFY(relation(catalog, QStringLiteral("public"), QStringLiteral("events_2024"))
                    ->isPartition);
        QVERIFY(relation(catalog, QStringLiteral("sales"), QStringLiteral("invoices")));
        QVERIFY(relation(catalog, QStringLiteral("pg_catalog"), QStringLiteral("pg_class")));
        QVERIFY(relation(catalog, QStringLiteral("information_schema"), QStringLiteral("tables")));

        const auto total =
            functions(catalog, QStringLiteral("public"), QStringLiteral("order_total"));
        QCOMPARE(total.size(), 1);
        QCOMPARE(total.first()->arguments, QStringLiteral("order_id integer"));
        QCOMPARE(total.first()->result, QStringLiteral("numeric"));
        const auto archive =
            functions(catalog, QStringLiteral("public"), QStringLiteral("archive_orders"));
        QCOMPARE(archive.size(), 1);
        QCOMPARE(archive.first()->kind, CatalogFunctionKind::Procedure);
        // Trigger functions, type I/O and operator implementations are noise.
        QVERIFY(functions(catalog, QStringLiteral("public"), QStringLiteral("touch")).isEmpty());
        QVERIFY(
            functions(catalog, QStringLiteral("pg_catalog"), QStringLiteral("int4in")).isEmpty());
        QVERIFY(
            functions(catalog, QStringLiteral("pg_catalog"), QStringLiteral("int4pl")).isEmpty());
        // What people call stays.
        QCOMPARE(functions(catalog, QStringLiteral("pg_catalog"), QStringLiteral("now")).size(), 1);
        const auto count =
            functions(catalog, QStringLiteral("pg_catalog"), QStringLiteral("count"));
        QCOMPARE(count.size(), 2);
        QCOMPARE(count.first()->kind, CatalogFunctionKind::Aggregate);
        const auto series =
            functions(catalog, QStringLiteral("pg_catalog"), QStringLiteral("generate_series"));
        QVERIFY(!series.isEmpty());
        QVERIFY(series.first()->returnsSet);
        QCOMPARE(catalog.keywordCategory(u"select"), QChar(u'R'));
        QVERIFY(catalog.keywordCategory(u"name").isNull()); // unreserved

        // The loaded catalog drives completion end to end.
        const QString sql = QStringLiteral("select o. from orders o");
        const CompletionResult r = SqlCompletion::complete(catalog, sql, 9);
        QStringList texts;
        for (const CompletionCandidate &c : r.candidates)
            texts << c.text;
        QCOMPARE(texts, (QStringList{QStringLiteral("id"), QStringLiteral("customer_id"),
                                     QStringLiteral("total"), QStringLiteral("\"Created At\"")}));
    }

    void refreshSeesNewTables()
    {
        CatalogLoader loader(m_spec);
        QSignalSpy loaded(&loader, &CatalogLoader::loaded);
        loader.load();
        QVERIFY2(waitForLoad(loader), qPrintable(loader.lastError().fullText()));
        QVERIFY(
            !relation(loader.snapshot(), QStringLiteral("public"), QStringLiteral("late_arrival")));
        // load() again does nothing: there is a snapshot.
        loader.load();
        QCOMPARE(loader.state(), CatalogLoader::State::Ready);

        const PgQueryResult created =
            test::runOnce(m_spec, QStringLiteral("CREATE TABLE public.late_arrival (x int)"));
        QVERIFY2(created.ok(), qPrintable(created.error.fullText()));
        const CatalogSnapshot before = loader.snapshot();
        loader.refresh();
        QVERIFY(loader.isLoading());
        QVERIFY(loader.hasSnapshot()); // the old one serves meanwhile
        QVERIFY2(waitForLoad(loader), qPrintable(loader.lastError().fullText()));
        QCOMPARE(loaded.size(), 2);
        QVERIFY(
            relation(loader.snapshot(), QStringLiteral("public"), QStringLiteral("late_arrival")));
        // Copies taken earlier are values: they do not change.
        QVERIFY(!relation(before, QStringLiteral("public"), QStringLiteral("late_arrival")));
    }

    void refreshDropsTheLoadUnderWay()
    {
        CatalogLoader loader(m_spec);
        QSignalSpy loaded(&loader, &CatalogLoader::loaded);
        QSignalSpy failed(&loader, &CatalogLoader::failed);
        loader.load();
        loader.refresh(); // while connecting
        QVERIFY2(waitForLoad(loader), qPrintable(loader.lastError().fullText()));
        loader.refresh();
        QTest::qWait(1);  // let some of its queries start
        loader.refresh(); // while querying
        QVERIFY2(waitForLoad(loader), qPrintable(loader.lastError().fullText()));
        QTest::qWait(200); // a dropped load would report late
        QCOMPARE(loaded.size(), 2);
        QCOMPARE(failed.size(), 0);
        QCOMPARE(loader.state(), CatalogLoader::State::Ready);
    }

    void failingConnectionIsAnError()
    {
        CatalogLoader loader(test::serverSpec(QStringLiteral("no_such_database_for_catalog")));
        QSignalSpy failed(&loader, &CatalogLoader::failed);
        QSignalSpy loaded(&loader, &CatalogLoader::loaded);
        loader.load();
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 20000);
        QCOMPARE(loaded.size(), 0);
        QCOMPARE(loader.state(), CatalogLoader::State::Failed);
        const PgError error = failed.first().first().value<PgError>();
        QCOMPARE(error.kind, PgError::Kind::Connection);
        QVERIFY2(error.fullText().contains(QLatin1String("no_such_database_for_catalog")),
                 qPrintable(error.fullText()));
        QCOMPARE(loader.lastError().kind, PgError::Kind::Connection);
        QVERIFY(!loader.hasSnapshot());
        QVERIFY(loader.snapshot().isEmpty());
        // Completion still works, with key words.
        const CompletionResult r = SqlCompletion::complete(loader.snapshot(), u"sel", 3);
        QCOMPARE(r.candidates.first().text, QStringLiteral("select"));
        // load() after a failure tries again.
        loader.load();
        QVERIFY(loader.isLoading());
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 2, 20000);
    }

    void destroyedWhileLoading()
    {
        for (int delayMs : {0, 5, 20, 60}) {
            auto *loader = new CatalogLoader(m_spec);
            QPointer<CatalogLoader> guard(loader);
            loader->load();
            QTest::qWait(delayMs);
            delete loader;
            QVERIFY(!guard);
            QTest::qWait(10); // nothing of it may call back
        }
    }

    void openConnectionOwnsOneLoaderPerDatabase()
    {
        ConnectionProfile profile =
            ConnectionProfile::fromConnInfo(m_spec.params, QStringLiteral("catalog test"));
        OpenConnection connection(profile, QString());
        const QString database = m_spec.params.value(QStringLiteral("dbname"));
        CatalogLoader *loader = connection.catalogFor(database);
        QVERIFY(loader);
        QCOMPARE(loader->parent(), &connection);
        QCOMPARE(connection.catalogFor(database), loader);
        QVERIFY(loader->state() != CatalogLoader::State::Empty); // loading on first request
        CatalogLoader *other = connection.catalogFor(QStringLiteral("postgres"));
        QVERIFY(other != loader);
        QVERIFY2(waitForLoad(*loader), qPrintable(loader->lastError().fullText()));
        QVERIFY(relation(loader->snapshot(), QStringLiteral("sales"), QStringLiteral("invoices")));
        QVERIFY2(waitForLoad(*other), qPrintable(other->lastError().fullText()));
        QVERIFY(!relation(other->snapshot(), QStringLiteral("sales"), QStringLiteral("invoices")));
    }
};

QTEST_GUILESS_MAIN(TestCatalogLoader)
#include "tst_catalogloader.moc"
