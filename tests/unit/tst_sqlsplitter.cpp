// The lexer and splitter over tricky SQL, cross-checked against PostgreSQL's
// own splitter (libpg_query).

#include "models/sql/pgquerysplit.h"
#include "models/sql/sqllexer.h"
#include "models/sql/sqlsplitter.h"

#include <QTest>

using namespace sightline;

namespace {

QStringList texts(const QString &script, const QList<SqlStatementRange> &ranges)
{
    QStringList out;
    for (const auto &r : ranges)
        out << script.mid(r.start, r.length());
    return out;
}

QString line(std::initializer_list<const char *> parts)
{
    QString s;
    for (const char *p : parts)
        s += QString::fromUtf8(p);
    return s;
}

} // namespace

class TestSqlSplitter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void split_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<QStringList>("expected");
        // psql-only rows are not valid for the server's parser.
        QTest::addColumn<bool>("serverSql");

        QTest::newRow("two simple")
            << QStringLiteral("SELECT 1; SELECT 2;") << QStringList{"SELECT 1", "SELECT 2"} << true;
        QTest::newRow("no final semicolon")
            << QStringLiteral("SELECT 1;\nSELECT 2") << QStringList{"SELECT 1", "SELECT 2"} << true;
        QTest::newRow("string with semicolon") << QStringLiteral("SELECT 'a;b'; SELECT ';'")
                                               << QStringList{"SELECT 'a;b'", "SELECT ';'"} << true;
        QTest::newRow("doubled quote") << QStringLiteral("SELECT 'it''s; here'; SELECT 2")
                                       << QStringList{"SELECT 'it''s; here'", "SELECT 2"} << true;
        QTest::newRow("escape string with escaped quote")
            << QStringLiteral("SELECT E'\\''; SELECT E'a\\\\'; SELECT 3")
            << QStringList{"SELECT E'\\''", "SELECT E'a\\\\'", "SELECT 3"} << true;
        QTest::newRow("standard string keeps backslash")
            << QStringLiteral("SELECT 'C:\\'; SELECT 2") << QStringList{"SELECT 'C:\\'", "SELECT 2"}
            << true;
        QTest::newRow("dollar quoted function body")
            << line({"CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$\n",
                     "BEGIN\n  PERFORM 1;\n  RETURN 2;\nEND;\n$$;\nSELECT f();"})
            << QStringList{line({"CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$\n",
                                 "BEGIN\n  PERFORM 1;\n  RETURN 2;\nEND;\n$$"}),
                           "SELECT f()"}
            << true;
        QTest::newRow("tagged dollar quote containing $$")
            << QStringLiteral("DO $body$ BEGIN RAISE NOTICE '$$;'; END $body$; SELECT 1")
            << QStringList{"DO $body$ BEGIN RAISE NOTICE '$$;'; END $body$", "SELECT 1"} << true;
        QTest::newRow("nested block comments")
            << QStringLiteral("SELECT /* a /* b; */ c; */ 1; SELECT 2")
            << QStringList{"SELECT /* a /* b; */ c; */ 1", "SELECT 2"} << true;
        QTest::newRow("line comments")
            << QStringLiteral("-- first; still comment\nSELECT 1; -- trailing;\n-- only comment\n")
            << QStringList{"SELECT 1"} << true;
        QTest::newRow("quoted identifier with semicolon")
            << QStringLiteral("SELECT 1 AS \"a;\"\"b\"; SELECT 2")
            << QStringList{"SELECT 1 AS \"a;\"\"b\"", "SELECT 2"} << true;
        QTest::newRow("casts and params")
            << QStringLiteral("SELECT $1::int, '1'::text; PREPARE p AS SELECT $2")
            << QStringList{"SELECT $1::int, '1'::text", "PREPARE p AS SELECT $2"} << true;
        QTest::newRow("empty statements")
            << QStringLiteral(";;SELECT 1;;; ;") << QStringList{"SELECT 1"} << true;
        QTest::newRow("rule with several actions")
            << QStringLiteral("CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); "
                              "INSERT INTO b VALUES (2)); SELECT 1")
            << QStringList{"CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); "
                           "INSERT INTO b VALUES (2))",
                           "SELECT 1"}
            << true;
        QTest::newRow("begin atomic body")
            << line({"CREATE FUNCTION g(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC\n",
                     "  SELECT CASE WHEN a > 0 THEN 1 ELSE 2 END;\n  SELECT a;\nEND;\n",
                     "SELECT g(1);"})
            << QStringList{line({"CREATE FUNCTION g(a int) RETURNS int LANGUAGE sql BEGIN "
                                 "ATOMIC\n",
                                 "  SELECT CASE WHEN a > 0 THEN 1 ELSE 2 END;\n  SELECT a;\nEND"}),
                           "SELECT g(1)"}
            << true;
        QTest::newRow("transaction block keeps BEGIN separate")
            << QStringLiteral("BEGIN; UPDATE t SET a = 1; COMMIT;")
            << QStringList{"BEGIN", "UPDATE t SET a = 1", "COMMIT"} << true;
        QTest::newRow("unicode text")
            << QStringLiteral("SELECT 'żółw;' AS \"naïve\"; SELECT '🐘'")
            << QStringList{"SELECT 'żółw;' AS \"naïve\"", "SELECT '🐘'"} << true;
        QTest::newRow("bit and national strings")
            << QStringLiteral("SELECT B'10;1', X'1F', N'x;'; SELECT U&'d\\0061t;a'")
            << QStringList{"SELECT B'10;1', X'1F', N'x;'", "SELECT U&'d\\0061t;a'"} << true;
        QTest::newRow("operators next to comments")
            << QStringLiteral("SELECT 1--2;\n; SELECT 2/*x;*/+3")
            << QStringList{"SELECT 1", "SELECT 2/*x;*/+3"} << true;
        QTest::newRow("psql variables")
            << QStringLiteral("SELECT :'name', :\"ident\", :var; SELECT 1::int")
            << QStringList{"SELECT :'name', :\"ident\", :var", "SELECT 1::int"} << false;
        QTest::newRow("psql backslash command")
            << QStringLiteral("SELECT 1\n\\gset\nSELECT 2;\n\\echo done\n")
            << QStringList{"SELECT 1", "SELECT 2"} << false;
        QTest::newRow("unterminated string")
            << QStringLiteral("SELECT 1; SELECT 'open; SELECT 3")
            << QStringList{"SELECT 1", "SELECT 'open; SELECT 3"} << false;
    }

    void split()
    {
        QFETCH(QString, script);
        QFETCH(QStringList, expected);
        QFETCH(bool, serverSql);
        const QList<SqlStatementRange> ours = SqlSplitter::split(script);
        QCOMPARE(texts(script, ours), expected);
        if (!serverSql)
            return;
        // PostgreSQL's own parser must agree on every boundary.
        const PgQuerySplitResult theirs = pgQuerySplit(script, PgQuerySplitMode::Parser);
        QVERIFY2(theirs.ok(), qPrintable(theirs.error));
        QCOMPARE(texts(script, theirs.statements), texts(script, ours));
        for (int i = 0; i < ours.size(); ++i)
            QCOMPARE(ours.at(i).terminated, theirs.statements.at(i).terminated);
    }

    void scannerAgreesOnInvalidSql()
    {
        // Scripts that do not parse are still split like the server's scanner does.
        const QString script = QStringLiteral("SELECT FROM WHERE; UPDATE SET; SELECT 'x;y'");
        const auto ours = SqlSplitter::split(script);
        const auto theirs = pgQuerySplit(script, PgQuerySplitMode::Scanner);
        QVERIFY(theirs.ok());
        QCOMPARE(texts(script, ours), texts(script, theirs.statements));
        QVERIFY(!pgQuerySplit(script, PgQuerySplitMode::Parser).ok());
    }

    void statementAtCursor()
    {
        const QString script = QStringLiteral("SELECT 1;\n\nSELECT 2;  -- c\nSELECT 3");
        const auto ranges = SqlSplitter::split(script);
        QCOMPARE(ranges.size(), 3);
        QCOMPARE(SqlSplitter::statementAt(ranges, 0), 0);
        QCOMPARE(SqlSplitter::statementAt(ranges, 9), 0);  // right after ';'
        QCOMPARE(SqlSplitter::statementAt(ranges, 10), 0); // blank line: the one before
        QCOMPARE(SqlSplitter::statementAt(ranges, int(script.indexOf(u'2'))), 1);
        QCOMPARE(SqlSplitter::statementAt(ranges, int(script.indexOf(u'c'))), 1);
        QCOMPARE(SqlSplitter::statementAt(ranges, int(script.size())), 2);
        QCOMPARE(SqlSplitter::statementAt({}, 0), -1);
    }

    void tokenKinds_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("kind");
        QTest::addColumn<bool>("unterminated");
        QTest::newRow("dollar") << QStringLiteral("$a$ x $$ y $a$")
                                << int(SqlTokenKind::DollarString) << false;
        QTest::newRow("param") << QStringLiteral("$12") << int(SqlTokenKind::Parameter) << false;
        QTest::newRow("escape") << QStringLiteral("E'\\'x'") << int(SqlTokenKind::EscapeString)
                                << false;
        QTest::newRow("open comment")
            << QStringLiteral("/* /* */") << int(SqlTokenKind::BlockComment) << true;
        QTest::newRow("cast") << QStringLiteral("::") << int(SqlTokenKind::Cast) << false;
        QTest::newRow("number") << QStringLiteral("1_000.5e-3") << int(SqlTokenKind::Number)
                                << false;
        QTest::newRow("hex") << QStringLiteral("0x1F") << int(SqlTokenKind::Number) << false;
        QTest::newRow("quoted ident")
            << QStringLiteral("U&\"d\\0061t\"") << int(SqlTokenKind::QuotedIdentifier) << false;
        QTest::newRow("psql var") << QStringLiteral(":foo") << int(SqlTokenKind::PsqlVariable)
                                  << false;
    }

    void tokenKinds()
    {
        QFETCH(QString, text);
        QFETCH(int, kind);
        QFETCH(bool, unterminated);
        const auto tokens = SqlLexer::tokenize(text);
        QCOMPARE(tokens.size(), 1);
        QCOMPARE(int(tokens.first().kind), kind);
        QCOMPARE(tokens.first().length, int(text.size()));
        QCOMPARE(tokens.first().unterminated, unterminated);
    }

    void lineByLineMatchesWhole()
    {
        // A highlighter lexes one line at a time; the carried state must give
        // the same tokens as lexing the whole text at once.
        const QString script = QStringLiteral(
            "CREATE FUNCTION f() RETURNS text AS $fn$\nSELECT 'a\nb';\n$fn$ LANGUAGE sql;\n"
            "/* one\n /* two */\n still */ SELECT E'x\\\ny', \"multi\nline\";\n");
        const auto whole = SqlLexer::tokenize(script);
        QList<QPair<int, int>> expected; // (kind, absolute end) of each token end on a line
        SqlLexer::State state;
        int offset = 0;
        QList<SqlToken> pieced;
        for (const QString &lineText : script.split(u'\n')) {
            const QString withNewline = lineText + u'\n';
            for (SqlToken t : SqlLexer::tokenize(withNewline, state)) {
                t.start += offset;
                pieced.append(t);
            }
            offset += int(withNewline.size());
        }
        // Merge consecutive pieces of one multi-line token for the comparison.
        QList<SqlToken> merged;
        for (const SqlToken &t : pieced) {
            if (!merged.isEmpty() && merged.last().unterminated && merged.last().kind == t.kind &&
                merged.last().end() == t.start) {
                merged.last().length += t.length;
                merged.last().unterminated = t.unterminated;
            } else {
                merged.append(t);
            }
        }
        // The split added a final newline; drop tokens past the script.
        while (!merged.isEmpty() && merged.last().start >= script.size())
            merged.removeLast();
        if (!merged.isEmpty() && merged.last().end() > script.size())
            merged.last().length = int(script.size()) - merged.last().start;
        QCOMPARE(merged.size(), whole.size());
        for (int i = 0; i < whole.size(); ++i) {
            QCOMPARE(int(merged.at(i).kind), int(whole.at(i).kind));
            QCOMPARE(merged.at(i).start, whole.at(i).start);
        }
    }

    void keywords()
    {
        QVERIFY(SqlLexer::isKeyword(u"SELECT"));
        QVERIFY(SqlLexer::isKeyword(u"lateral"));
        QVERIFY(!SqlLexer::isKeyword(u"orders"));
    }
};

QTEST_GUILESS_MAIN(TestSqlSplitter)
#include "tst_sqlsplitter.moc"
