// Index proposals from plan nodes ("Try an index…").

#include "models/plan/indexproposal.h"
#include "models/plan/planparser.h"

#include <QTest>

using namespace sightline;

class TestIndexProposal : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void conditionColumns_data()
    {
        QTest::addColumn<QString>("condition");
        QTest::addColumn<QString>("alias");
        QTest::addColumn<QStringList>("columns");
        QTest::newRow("one") << QStringLiteral("(customer_id = 42)") << QStringLiteral("orders")
                             << QStringList{QStringLiteral("customer_id")};
        QTest::newRow("equality first")
            << QStringLiteral("((o.created > (now() - '1 day'::interval)) AND (o.status = "
                              "'open'::text))")
            << QStringLiteral("o")
            << QStringList{QStringLiteral("status"), QStringLiteral("created")};
        QTest::newRow("other alias skipped")
            << QStringLiteral("(c.id = o.customer_id)") << QStringLiteral("o")
            << QStringList{QStringLiteral("customer_id")};
        QTest::newRow("quoted") << QStringLiteral("(\"Weird Col\" = 1)") << QStringLiteral("t")
                                << QStringList{QStringLiteral("Weird Col")};
        QTest::newRow("functions and types are not columns")
            << QStringLiteral("(lower(email) = 'a@b.c'::text)") << QStringLiteral("u")
            << QStringList{QStringLiteral("email")};
        QTest::newRow("in list") << QStringLiteral("(kind = ANY ('{a,b}'::text[]))")
                                 << QStringLiteral("t") << QStringList{QStringLiteral("kind")};
    }

    void conditionColumns()
    {
        QFETCH(QString, condition);
        QFETCH(QString, alias);
        QFETCH(QStringList, columns);
        QCOMPARE(sightline::conditionColumns(condition, alias, QString()), columns);
    }

    void seqScanWithFilter()
    {
        const PlanParseResult parsed = PlanParser::parse(QStringLiteral(
            "Seq Scan on public.orders o  (cost=0.00..1000.00 rows=5 width=8) (actual "
            "time=0.1..90.0 rows=5 loops=1)\n"
            "  Filter: ((o.customer_id = 42) AND (o.created > '2024-01-01'::date))\n"
            "  Rows Removed by Filter: 99995\n"));
        QVERIFY(parsed.ok());
        const auto proposal = proposeIndex(parsed.mainPlan(), 0);
        QVERIFY(proposal);
        QCOMPARE(proposal->table, QStringLiteral("orders"));
        QCOMPARE(proposal->columns,
                 (QStringList{QStringLiteral("customer_id"), QStringLiteral("created")}));
        QCOMPARE(proposal->statement(),
                 QStringLiteral("CREATE INDEX ON public.orders (customer_id, created)"));
        QVERIFY(proposal->reason.contains(QStringLiteral("filters")));
    }

    void sortOverAScanUsesTheSortKey()
    {
        const PlanParseResult parsed = PlanParser::parse(
            QStringLiteral("Sort  (cost=10.00..11.00 rows=100 width=8)\n"
                           "  Sort Key: e.created DESC\n"
                           "  ->  Seq Scan on events e  (cost=0.00..5.00 rows=100 width=8)\n"));
        QVERIFY(parsed.ok());
        const auto proposal = proposeIndex(parsed.mainPlan(), 0);
        QVERIFY(proposal);
        QCOMPARE(proposal->columns, QStringList{QStringLiteral("created")});
        QCOMPARE(proposal->statement(), QStringLiteral("CREATE INDEX ON events (created)"));
    }

    void nodesThatReadNoTableGetNothing()
    {
        const PlanParseResult parsed = PlanParser::parse(
            QStringLiteral("Hash  (cost=1.00..1.00 rows=1 width=4)\n"
                           "  ->  Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)\n"));
        QVERIFY(parsed.ok());
        QVERIFY(!proposeIndex(parsed.mainPlan(), 0));
        // The scan has no condition: nothing to index either.
        QVERIFY(!proposeIndex(parsed.mainPlan(), 1));
        QVERIFY(!proposeIndex(parsed.mainPlan(), 7));
    }
};

QTEST_GUILESS_MAIN(TestIndexProposal)
#include "tst_indexproposal.moc"
