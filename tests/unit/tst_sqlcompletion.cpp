#include "models/schema/catalogsnapshot.h"
#include "models/sql/sqlcompletion.h"

#include <QTest>

using namespace sightline;

Q_DECLARE_METATYPE(sightline::CompletionContext)

namespace {

CatalogColumn col(const char *name, const char *type)
{
    return {QString::fromUtf8(name), QString::fromUtf8(type)};
}

CatalogRelation rel(const char *schema, const char *name, QList<CatalogColumn> columns,
                    CatalogRelationKind kind = CatalogRelationKind::Table, bool partition = false)
{
    CatalogRelation r;
    r.schema = QString::fromUtf8(schema);
    r.name = QString::fromUtf8(name);
    r.kind = kind;
    r.isPartition = partition;
    r.columns = std::move(columns);
    return r;
}

CatalogFunction fn(const char *schema, const char *name, const char *arguments, const char *result,
                   CatalogFunctionKind kind = CatalogFunctionKind::Function, bool set = false)
{
    return {QString::fromUtf8(schema),
            QString::fromUtf8(name),
            QString::fromUtf8(arguments),
            QString::fromUtf8(result),
            kind,
            set};
}

QHash<QString, QChar> serverKeywords()
{
    // A few of pg_get_keywords()'s non-unreserved words, enough for the names below.
    QHash<QString, QChar> words;
    for (const char *w : {"select", "from", "table", "order", "user", "where", "join"})
        words.insert(QString::fromLatin1(w), u'R');
    for (const char *w : {"left", "right", "inner"})
        words.insert(QString::fromLatin1(w), u'T');
    for (const char *w : {"position", "between", "coalesce"})
        words.insert(QString::fromLatin1(w), u'C');
    return words;
}

// A small shop: public (on the search path) and sales (not on it).
CatalogSnapshot shop()
{
    QList<CatalogRelation> relations{
        rel("public", "orders",
            {col("id", "integer"), col("customer_id", "integer"), col("total", "numeric(12,2)"),
             col("Created At", "timestamp with time zone"), col("position", "integer")}),
        rel("public", "customers",
            {col("id", "integer"), col("name", "text"), col("email", "text")}),
        rel("public", "order_items", {col("order_id", "integer"), col("sku", "text")}),
        rel("public", "orders_2024", {col("id", "integer")}, CatalogRelationKind::Table, true),
        rel("public", "Order Archive", {col("id", "integer")}),
        rel("public", "select", {col("from", "text")}),
        rel("public", "open_orders", {col("id", "integer"), col("total", "numeric")},
            CatalogRelationKind::View),
        rel("sales", "invoices", {col("id", "integer"), col("amount", "numeric")}),
        rel("sales", "orders", {col("ref", "text")}),
        rel("pg_catalog", "pg_class", {col("oid", "oid"), col("relname", "name")}),
    };
    QList<CatalogFunction> functions{
        fn("pg_catalog", "now", "", "timestamp with time zone"),
        fn("pg_catalog", "count", "\"any\"", "bigint", CatalogFunctionKind::Aggregate),
        fn("pg_catalog", "count", "", "bigint", CatalogFunctionKind::Aggregate),
        fn("pg_catalog", "generate_series", "integer, integer", "SETOF integer",
           CatalogFunctionKind::Function, true),
        fn("pg_catalog", "coalesce_compat", "text", "text"),
        fn("public", "order_total", "order_id integer", "numeric"),
        fn("public", "archive_orders", "before date", "", CatalogFunctionKind::Procedure),
        fn("sales", "invoice_sum", "integer", "numeric"),
    };
    return CatalogSnapshot({QStringLiteral("public"), QStringLiteral("sales"),
                            QStringLiteral("pg_catalog"), QStringLiteral("information_schema")},
                           relations, functions,
                           {QStringLiteral("pg_catalog"), QStringLiteral("public")},
                           serverKeywords());
}

// `marked` holds the cursor as a '|' (the tests avoid the || operator).
CompletionResult completeAt(const CatalogSnapshot &catalog, const QString &marked,
                            int max = SqlCompletion::kMaxCandidates)
{
    const int cursor = int(marked.indexOf(QLatin1Char('|')));
    QString text = marked;
    text.remove(cursor, 1);
    return SqlCompletion::complete(catalog, text, cursor, max);
}

QStringList texts(const CompletionResult &result)
{
    QStringList out;
    for (const CompletionCandidate &c : result.candidates)
        out << c.text;
    return out;
}

const CompletionCandidate *find(const CompletionResult &result, const QString &text)
{
    for (const CompletionCandidate &c : result.candidates) {
        if (c.text == text)
            return &c;
    }
    return nullptr;
}

// A catalog the size of a big application: 2,000 tables of 15 columns in 20 schemas.
CatalogSnapshot bigCatalog()
{
    QStringList schemas{QStringLiteral("public"), QStringLiteral("pg_catalog")};
    QList<CatalogRelation> relations;
    for (int s = 0; s < 20; ++s) {
        const QString schema = s == 0 ? QStringLiteral("public") : QStringLiteral("s%1").arg(s);
        if (s > 0)
            schemas << schema;
        for (int t = 0; t < 100; ++t) {
            CatalogRelation r;
            r.schema = schema;
            r.name = QStringLiteral("t_%1_%2").arg(s).arg(t, 3, 10, QLatin1Char('0'));
            for (int c = 0; c < 15; ++c)
                r.columns.append({QStringLiteral("c%1_%2").arg(t).arg(c), QStringLiteral("text")});
            relations << r;
        }
    }
    QList<CatalogFunction> functions;
    for (int f = 0; f < 1500; ++f) {
        functions << fn("pg_catalog", "", "integer", "integer");
        functions.last().name = QStringLiteral("fn_%1").arg(f);
    }
    return CatalogSnapshot(schemas, relations, functions,
                           {QStringLiteral("pg_catalog"), QStringLiteral("public")},
                           serverKeywords());
}

} // namespace

class TestSqlCompletion : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void contexts_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<CompletionContext>("context");
        QTest::addColumn<QString>("firstCandidate"); // empty: there is none

        using C = CompletionContext;
        QTest::newRow("statement start") << "sel|" << C::StatementStart << "select";
        QTest::newRow("statement start upper") << "SEL|" << C::StatementStart << "SELECT";
        QTest::newRow("statement start mixed") << "Sel|" << C::StatementStart << "SELECT";
        QTest::newRow("second statement") << "select 1; upd|" << C::StatementStart << "update";
        QTest::newRow("after terminator")
            << "select 1 from orders;|" << C::StatementStart << "ALTER";
        QTest::newRow("from") << "select * from ord|" << C::Relation << "order_items";
        QTest::newRow("from exact") << "select * from orders|" << C::Relation << "orders";
        QTest::newRow("from list") << "select * from orders o, cus|" << C::Relation << "customers";
        QTest::newRow("join") << "select * from orders o join cu|" << C::Relation << "customers";
        QTest::newRow("update") << "update cust|" << C::Relation << "customers";
        QTest::newRow("insert into") << "insert into ord|" << C::Relation << "order_items";
        QTest::newRow("table") << "table open|" << C::Relation << "open_orders";
        QTest::newRow("drop table") << "drop table if exists cus|" << C::Relation << "customers";
        QTest::newRow("create index on") << "create index on cus|" << C::Relation << "customers";
        QTest::newRow("create table") << "create table cus|" << C::NewName << "";
        QTest::newRow("alias") << "select sum(o.total) as tot|" << C::NewName << "";
        QTest::newRow("from schema") << "select * from sal|" << C::Relation << "sales";
        QTest::newRow("from srf") << "select * from generate_s|" << C::Relation
                                  << "generate_series()";
        QTest::newRow("after relation")
            << "select * from orders o jo|" << C::AfterRelation << "join";
        QTest::newRow("select list") << "select cu| from orders" << C::Expression << "customer_id";
        QTest::newRow("where") << "select * from orders where tot|" << C::Expression << "total";
        QTest::newRow("where function")
            << "select * from orders where no|" << C::Expression << "now()";
        QTest::newRow("function args")
            << "select count(cu| from orders" << C::Expression << "customer_id";
        QTest::newRow("after operand") << "select * fr|" << C::Expression << "from";
        QTest::newRow("after column") << "select id fr| orders" << C::Expression << "from";
        QTest::newRow("order by") << "select * from orders order by tot|" << C::Expression
                                  << "total";
        QTest::newRow("update set") << "update orders set tot|" << C::Expression << "total";
        QTest::newRow("join on") << "select * from orders o join customers c on c.id = cu|"
                                 << C::Expression << "customer_id";
        QTest::newRow("column list") << "insert into orders (cu|" << C::ColumnList << "customer_id";
        QTest::newRow("column list 2")
            << "insert into public.orders (id, to|) values (1, 2)" << C::ColumnList << "total";
        QTest::newRow("call") << "call arch|" << C::Routine << "archive_orders()";
        QTest::newRow("cast") << "select x::int|" << C::TypeName << "int";
        QTest::newRow("subquery") << "select * from (sel|" << C::StatementStart << "select";
        QTest::newRow("string") << "select 'o.|'" << C::None << "";
        QTest::newRow("string end") << "select 'abc|" << C::None << "";
        QTest::newRow("line comment") << "select 1 -- from o|\nfrom orders" << C::None << "";
        QTest::newRow("block comment") << "select /* o.| */ 1" << C::None << "";
        QTest::newRow("dollar string") << "select $$ from or| $$" << C::None << "";
        QTest::newRow("number") << "select 12|" << C::None << "";
        QTest::newRow("escape string") << "select E'it\\'s fr|'" << C::None << "";
    }

    void contexts()
    {
        QFETCH(QString, text);
        QFETCH(CompletionContext, context);
        QFETCH(QString, firstCandidate);
        const CompletionResult r = completeAt(shop(), text);
        QCOMPARE(r.context, context);
        if (firstCandidate.isEmpty()) {
            QVERIFY2(r.candidates.isEmpty(), qPrintable(texts(r).join(QLatin1Char(' '))));
        } else {
            QVERIFY(!r.candidates.isEmpty());
            QCOMPARE(r.candidates.first().text, firstCandidate);
        }
    }

    void qualified_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("qualifier");
        QTest::addColumn<QStringList>("candidates"); // all of them, in order

        const QStringList orders{QStringLiteral("id"), QStringLiteral("customer_id"),
                                 QStringLiteral("total"), QStringLiteral("\"Created At\""),
                                 QStringLiteral("position")};
        QTest::newRow("alias") << "select o.| from orders o"
                               << "o" << orders;
        QTest::newRow("alias after cursor") << "select o.|"
                                            << "o" << QStringList();
        QTest::newRow("alias with AS") << "select x.| from orders AS x"
                                       << "x" << orders;
        QTest::newRow("alias upper case") << "select O.| from orders o"
                                          << "o" << orders;
        QTest::newRow("quoted alias") << "select \"Ord\".| from orders \"Ord\""
                                      << "Ord" << orders;
        QTest::newRow("schema-qualified table")
            << "select i.| from sales.invoices i"
            << "i" << QStringList{QStringLiteral("id"), QStringLiteral("amount")};
        QTest::newRow("quoted table") << "select a.| from public.\"Order Archive\" a"
                                      << "a" << QStringList{QStringLiteral("id")};
        QTest::newRow("table name") << "select orders.| from orders"
                                    << "orders" << orders;
        QTest::newRow("join alias prefix")
            << "select c.na| from orders o join public.customers AS c on c.id = o.customer_id"
            << "c" << QStringList{QStringLiteral("name")};
        QTest::newRow("update alias") << "update orders u set total = u.to|"
                                      << "u" << QStringList{QStringLiteral("total")};
        QTest::newRow("delete using") << "delete from orders o using customers c where c.em|"
                                      << "c" << QStringList{QStringLiteral("email")};
        QTest::newRow("subquery alias")
            << "select * from customers c where exists (select 1 from orders o where o.cu|"
            << "o" << QStringList{QStringLiteral("customer_id")};
        QTest::newRow("two parts") << "select public.orders.to| from public.orders"
                                   << "public.orders" << QStringList{QStringLiteral("total")};
        QTest::newRow("unreferenced table") << "select customers.em|"
                                            << "customers" << QStringList{QStringLiteral("email")};
        QTest::newRow("schema relations")
            << "select * from sales.|"
            << "sales" << QStringList{QStringLiteral("invoices"), QStringLiteral("orders")};
        QTest::newRow("schema relations and functions")
            << "select sales.|"
            << "sales"
            << QStringList{QStringLiteral("invoices"), QStringLiteral("orders"),
                           QStringLiteral("invoice_sum()")};
        QTest::newRow("reserved word after dot") << "select s.| from \"select\" s"
                                                 << "s" << QStringList{QStringLiteral("from")};
        QTest::newRow("function alias") << "select g.| from generate_series(1, 3) g"
                                        << "g" << QStringList();
        QTest::newRow("unknown") << "select nope.| from orders"
                                 << "nope" << QStringList();
    }

    void qualified()
    {
        QFETCH(QString, text);
        QFETCH(QString, qualifier);
        QFETCH(QStringList, candidates);
        const CompletionResult r = completeAt(shop(), text);
        QCOMPARE(r.context, CompletionContext::Qualified);
        QCOMPARE(r.qualifier, qualifier);
        QCOMPARE(texts(r), candidates);
    }

    void tableReferences_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("tables"); // "schema.name alias", "name" without one

        QTest::newRow("from list and joins")
            << "select | from a.b x join \"C\" as y on true, d left join e.\"F G\" z using (k)"
            << QStringList{QStringLiteral("a.b x"), QStringLiteral("C y"), QStringLiteral("d"),
                           QStringLiteral("e.F G z")};
        QTest::newRow("upper case folds")
            << "select | from Sales.Orders O" << QStringList{QStringLiteral("sales.orders o")};
        QTest::newRow("only and star")
            << "select | from only t * u" << QStringList{QStringLiteral("t u")};
        QTest::newRow("clause words are no alias")
            << "select | from t where x = 1 group by y" << QStringList{QStringLiteral("t")};
        QTest::newRow("function") << "select | from generate_series(1, 2) g, t"
                                  << QStringList{QStringLiteral("generate_series g()"),
                                                 QStringLiteral("t")};
        QTest::newRow("insert, not the statement before")
            << "update t1 a set x = 1 from t2 b; insert into t3 (c) select | from t4"
            << QStringList{QStringLiteral("t3"), QStringLiteral("t4")};
        QTest::newRow("update") << "update t1 a set x = | from t2 b"
                                << QStringList{QStringLiteral("t1 a"), QStringLiteral("t2 b")};
        QTest::newRow("delete using")
            << "delete from t1 a using t2 b, t3 where |"
            << QStringList{QStringLiteral("t1 a"), QStringLiteral("t2 b"), QStringLiteral("t3")};
        QTest::newRow("subquery") << "select | from (select * from inner_t i) s, outer_t"
                                  << QStringList{QStringLiteral("inner_t i"),
                                                 QStringLiteral("outer_t")};
        QTest::newRow("database.schema.table")
            << "select | from db.s.t x" << QStringList{QStringLiteral("s.t x")};
    }

    void tableReferences()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, tables);
        const int cursor = int(text.indexOf(QLatin1Char('|')));
        text.remove(cursor, 1);
        QStringList found;
        for (const SqlTableReference &t : SqlCompletionSite::at(text, cursor).tables) {
            QString entry = t.parts.join(QLatin1Char('.'));
            if (!t.alias.isEmpty())
                entry += QLatin1Char(' ') + t.alias;
            if (t.isFunction)
                entry += QLatin1String("()");
            found << entry;
        }
        QCOMPARE(found, tables);
    }

    void replacementRange()
    {
        const CatalogSnapshot catalog = shop();
        // Inside a word: the whole word is replaced, the prefix is what precedes the cursor.
        const QString text = QStringLiteral("select o.customer from orders o");
        CompletionResult r = SqlCompletion::complete(catalog, text, 12);
        QCOMPARE(r.start, 9);
        QCOMPARE(r.end, 17);
        QCOMPARE(r.prefix, QStringLiteral("cus"));
        QCOMPARE(texts(r), QStringList{QStringLiteral("customer_id")});

        // An empty word right after the dot.
        r = SqlCompletion::complete(catalog, text, 9);
        QCOMPARE(r.start, 9);
        QCOMPARE(r.prefix, QString());
        QCOMPARE(r.candidates.size(), 5);

        // A quoted name being typed: the quote is part of what is replaced, and
        // the unclosed quote does not hide the FROM clause after the cursor.
        r = completeAt(catalog, QStringLiteral("select o.\"Cr| from orders o"));
        QCOMPARE(r.start, 9);
        QCOMPARE(r.end, 12);
        QCOMPARE(r.prefix, QStringLiteral("Cr"));
        QCOMPARE(texts(r), QStringList{QStringLiteral("\"Created At\"")});

        // Cursor out of range is clamped, not a crash.
        r = SqlCompletion::complete(catalog, QStringLiteral("sel"), 99);
        QCOMPARE(r.start, 0);
        QCOMPARE(r.end, 3);
        r = SqlCompletion::complete(catalog, QString(), -4);
        QCOMPARE(r.context, CompletionContext::StatementStart);
    }

    void quoting_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("use");
        QTest::addColumn<QString>("expected");
        const int bare = int(SqlCompletion::NameUse::Bare);
        const int function = int(SqlCompletion::NameUse::Function);
        const int afterDot = int(SqlCompletion::NameUse::AfterDot);
        QTest::newRow("plain") << "orders" << bare << "orders";
        QTest::newRow("digits and dollar") << "t_2$x" << bare << "t_2$x";
        QTest::newRow("leading digit") << "2x" << bare << "\"2x\"";
        QTest::newRow("leading dollar") << "$x" << bare << "\"$x\"";
        QTest::newRow("upper case") << "Orders" << bare << "\"Orders\"";
        QTest::newRow("space") << "Order Archive" << bare << "\"Order Archive\"";
        QTest::newRow("embedded quote") << "a\"b" << bare << "\"a\"\"b\"";
        QTest::newRow("non-ascii") << "café" << bare << "\"café\"";
        QTest::newRow("reserved") << "select" << bare << "\"select\"";
        QTest::newRow("reserved after dot") << "select" << afterDot << "select";
        QTest::newRow("type/function word") << "left" << bare << "\"left\"";
        QTest::newRow("type/function word as function") << "left" << function << "left";
        QTest::newRow("column-name word") << "position" << bare << "\"position\"";
        QTest::newRow("column-name word as function") << "position" << function << "\"position\"";
        QTest::newRow("unreserved") << "name" << bare << "name";
        QTest::newRow("upper after dot") << "Name" << afterDot << "\"Name\"";
    }

    void quoting()
    {
        QFETCH(QString, name);
        QFETCH(int, use);
        QFETCH(QString, expected);
        QCOMPARE(SqlCompletion::quoteIdentifier(shop(), name, SqlCompletion::NameUse(use)),
                 expected);
    }

    void quotingWithoutServerKeywords()
    {
        // Without the server's list every key word the lexer knows is quoted.
        const CatalogSnapshot empty;
        QCOMPARE(SqlCompletion::quoteIdentifier(empty, QStringLiteral("name")),
                 QStringLiteral("\"name\""));
        QCOMPARE(SqlCompletion::quoteIdentifier(empty, QStringLiteral("orders")),
                 QStringLiteral("orders"));
    }

    void insertedNamesAreQuoted()
    {
        const CatalogSnapshot catalog = shop();
        CompletionResult r = completeAt(catalog, QStringLiteral("select * from Ord|"));
        QVERIFY(find(r, QStringLiteral("\"Order Archive\"")));
        r = completeAt(catalog, QStringLiteral("select * from sel|"));
        QVERIFY(find(r, QStringLiteral("\"select\"")));
        // A column named like a column-name key word, bare in the select list.
        r = completeAt(catalog, QStringLiteral("select pos| from orders"));
        QCOMPARE(r.candidates.first().text, QStringLiteral("\"position\""));
        QCOMPARE(r.candidates.first().label, QStringLiteral("position"));
    }

    void ranking()
    {
        const CatalogSnapshot catalog = shop();
        // Reachable names first, then names needing their schema, then
        // partitions, then the system catalog.
        CompletionResult r = completeAt(catalog, QStringLiteral("select * from |"));
        const QStringList all = texts(r);
        QVERIFY(all.indexOf(QStringLiteral("orders")) <
                all.indexOf(QStringLiteral("sales.orders")));
        QVERIFY(all.indexOf(QStringLiteral("sales.orders")) <
                all.indexOf(QStringLiteral("orders_2024")));
        QVERIFY(all.indexOf(QStringLiteral("orders_2024")) <
                all.indexOf(QStringLiteral("pg_class")));
        QVERIFY(all.contains(QStringLiteral("sales")));
        QVERIFY(!all.contains(QStringLiteral("now()"))); // not a set-returning function
        const CompletionCandidate *invoices = find(r, QStringLiteral("sales.invoices"));
        QVERIFY(invoices);
        QCOMPARE(invoices->label, QStringLiteral("sales.invoices"));
        QCOMPARE(invoices->kind, CompletionKind::Table);
        QCOMPARE(invoices->detail, QStringLiteral("table in sales"));
        const CompletionCandidate *view = find(r, QStringLiteral("open_orders"));
        QVERIFY(view);
        QCOMPARE(view->kind, CompletionKind::View);

        // The whole word typed beats a longer name in the same group.
        r = completeAt(catalog, QStringLiteral("select * from orders|"));
        QCOMPARE(texts(r).mid(0, 2),
                 (QStringList{QStringLiteral("orders"), QStringLiteral("sales.orders")}));

        // Expressions: columns (table order), then aliases, functions, key words.
        r = completeAt(catalog, QStringLiteral("select | from orders o"));
        QCOMPARE(texts(r).mid(0, 6),
                 (QStringList{QStringLiteral("id"), QStringLiteral("customer_id"),
                              QStringLiteral("total"), QStringLiteral("\"Created At\""),
                              QStringLiteral("\"position\""), QStringLiteral("o")}));
        const int count = int(texts(r).indexOf(QStringLiteral("count()")));
        const int select = int(texts(r).indexOf(QStringLiteral("SELECT")));
        QVERIFY(count > 5);
        QVERIFY(select > count);
        QCOMPARE(r.candidates.at(0).detail, QStringLiteral("integer · o"));
    }

    void ambiguousColumnsAreQualified()
    {
        const CompletionResult r = completeAt(
            shop(),
            QStringLiteral("select i| from orders o join customers c on c.id = o.customer_id"));
        QCOMPARE(texts(r).mid(0, 2), (QStringList{QStringLiteral("o.id"), QStringLiteral("c.id")}));
        QCOMPARE(r.candidates.at(0).label, QStringLiteral("o.id"));
    }

    void functions()
    {
        const CatalogSnapshot catalog = shop();
        CompletionResult r = completeAt(catalog, QStringLiteral("select cou|"));
        const CompletionCandidate *count = find(r, QStringLiteral("count()"));
        QVERIFY(count);
        QCOMPARE(count->cursorOffset, 6); // between the parentheses: it takes arguments
        QCOMPARE(count->kind, CompletionKind::Function);
        QVERIFY2(count->detail.contains(QStringLiteral("+1 more")), qPrintable(count->detail));

        r = completeAt(catalog, QStringLiteral("select now|"));
        QCOMPARE(r.candidates.first().text, QStringLiteral("now()"));
        QCOMPARE(r.candidates.first().cursorOffset, -1);

        // A parenthesis already there is not doubled.
        r = completeAt(catalog, QStringLiteral("select cou|(*) from orders"));
        QCOMPARE(r.candidates.first().text, QStringLiteral("count"));

        // Functions of schemas off the search path only after their schema.
        r = completeAt(catalog, QStringLiteral("select invoice|"));
        QVERIFY(!find(r, QStringLiteral("invoice_sum()")));
        // Procedures are for CALL only.
        r = completeAt(catalog, QStringLiteral("select arch|"));
        QVERIFY(!find(r, QStringLiteral("archive_orders()")));
    }

    void emptyCatalogGivesKeywordsOnly()
    {
        const CatalogSnapshot empty;
        QVERIFY(empty.isEmpty());
        CompletionResult r = completeAt(empty, QStringLiteral("sel|"));
        QCOMPARE(r.candidates.first().text, QStringLiteral("select"));
        r = completeAt(empty, QStringLiteral("select o.| from orders o"));
        QCOMPARE(r.context, CompletionContext::Qualified);
        QVERIFY(r.candidates.isEmpty());
        r = completeAt(empty, QStringLiteral("select * from orders where |"));
        for (const CompletionCandidate &c : r.candidates)
            QCOMPARE(c.kind, CompletionKind::Keyword);
    }

    void snapshotLookups()
    {
        const CatalogSnapshot catalog = shop();
        const CatalogSnapshot copy = catalog; // shares the data
        QCOMPARE(copy.relations().size(), catalog.relations().size());
        const int orders = catalog.relationIndex(QString(), QStringLiteral("orders"));
        QVERIFY(orders >= 0);
        QCOMPARE(catalog.relations().at(orders).schema, QStringLiteral("public"));
        QVERIFY(catalog.isReachableUnqualified(orders));
        const int salesOrders =
            catalog.relationIndex(QStringLiteral("sales"), QStringLiteral("orders"));
        QVERIFY(salesOrders >= 0 && salesOrders != orders);
        QVERIFY(!catalog.isReachableUnqualified(salesOrders));
        QCOMPARE(catalog.relationIndex(QString(), QStringLiteral("invoices")), -1);
        QCOMPARE(catalog.findRelation(QString(), QStringLiteral("ORDERS")), orders);
        QCOMPARE(catalog.findRelation(QStringLiteral("SALES"), QStringLiteral("Invoices")),
                 catalog.relationIndex(QStringLiteral("sales"), QStringLiteral("invoices")));
        QCOMPARE(catalog.relationsWithPrefix(u"ORD").size(),
                 5); // order_items, orders x2, orders_2024, Order Archive
        QCOMPARE(catalog.relationsWithPrefix(u"ord", QStringLiteral("sales")).size(), 1);
        QCOMPARE(catalog.schemasWithPrefix(u"S"), QStringList{QStringLiteral("sales")});
        QCOMPARE(catalog.searchPathIndex(QStringLiteral("public")), 1);
        QCOMPARE(catalog.searchPathIndex(QStringLiteral("sales")), -1);
        const QList<int> counts = catalog.functionGroupsWithPrefix(u"count");
        QCOMPARE(counts.size(), 1);
        QCOMPARE(catalog.functionGroups().at(counts.first()).count, 2);
        QCOMPARE(catalog.columnCount(), 20);
        QCOMPARE(catalog.keywordCategory(u"SELECT"), QChar(u'R'));
        QVERIFY(catalog.keywordCategory(u"orders").isNull());
    }

    void largeCatalog()
    {
        const CatalogSnapshot catalog = bigCatalog();
        QCOMPARE(catalog.relations().size(), 2000);
        QCOMPARE(catalog.columnCount(), 30000);

        CompletionResult r = completeAt(catalog, QStringLiteral("select t.| from s3.t_3_042 t"));
        QCOMPARE(r.candidates.size(), 15);
        QCOMPARE(r.candidates.first().text, QStringLiteral("c42_0"));

        r = completeAt(catalog, QStringLiteral("select * from t_0_01|"));
        QCOMPARE(r.candidates.size(), 10); // t_0_010 .. t_0_019 in public
        QCOMPARE(r.candidates.first().text, QStringLiteral("t_0_010"));

        // Everything matches an empty prefix: the list is capped, best first.
        r = completeAt(catalog, QStringLiteral("select * from |"), 300);
        QCOMPARE(r.candidates.size(), 300);
        QCOMPARE(r.candidates.first().text, QStringLiteral("t_0_000"));
        // Then the schemas, then names needing their schema.
        QCOMPARE(r.candidates.at(100).text, QStringLiteral("public"));
        QCOMPARE(r.candidates.at(101).text, QStringLiteral("s1"));
        QCOMPARE(r.candidates.at(119).text, QStringLiteral("s9"));
        QVERIFY(r.candidates.at(120).text.startsWith(QLatin1String("s1")));
        QVERIFY(r.candidates.at(120).text.endsWith(QLatin1String(".t_10_000")));

        r = completeAt(catalog,
                       QStringLiteral("select c7_1| from t_0_007 a join s2.t_2_007 b on true"));
        // Both tables have these columns: qualified, the whole name typed first.
        QCOMPARE(texts(r).mid(0, 4),
                 (QStringList{QStringLiteral("a.c7_1"), QStringLiteral("b.c7_1"),
                              QStringLiteral("a.c7_10"), QStringLiteral("a.c7_11")}));
    }
};

QTEST_APPLESS_MAIN(TestSqlCompletion)
#include "tst_sqlcompletion.moc"
