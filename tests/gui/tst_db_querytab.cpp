#include "models/query/resultsetmodel.h"
#include "models/schema/catalogloader.h"
#include "models/store/appsettings.h"
#include "tests/testsupport/testserver.h"
#include "widgets/querytab.h"
#include "widgets/resultpage.h"
#include "widgets/resultview.h"
#include "widgets/transactionbadge.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QElapsedTimer>
#include <QItemSelection>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTextCursor>
#include <QTimer>
#include <QToolButton>

using namespace sightline;

namespace {

// The grid's row cap for one test; the default comes back afterwards.
struct RowCap
{
    explicit RowCap(int rows) { AppSettings().setResultRowCap(rows); }
    ~RowCap() { AppSettings().setResultRowCap(100000); }
    RowCap(const RowCap &) = delete;
    RowCap &operator=(const RowCap &) = delete;
};

} // namespace

// A query tab driven the way a person drives it: type, press a key, look at
// the grid and the messages.
class TestQueryTab : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QueryTab> openTab()
    {
        auto tab = std::make_unique<QueryTab>(test::serverSpec(), QStringLiteral("test"));
        tab->resize(900, 600);
        tab->show();
        // Shortcuts only fire in the active window, as for a person.
        tab->activateWindow();
        if (!QTest::qWaitForWindowActive(tab.get()))
            return nullptr;
        tab->editor()->setFocus();
        if (!QTest::qWaitFor([&] { return tab->session()->isConnected(); }, 15000))
            return nullptr;
        return tab;
    }

private Q_SLOTS:
    void initTestCase() { SIGHTLINE_REQUIRE_SERVER(); }

    void typeRunAndSeeRows()
    {
        auto tab = openTab();
        QVERIFY(tab);
        QTest::keyClicks(
            tab->editor(),
            QStringLiteral("SELECT g, 'row ' || g AS label FROM generate_series(1, 2500) g"));
        QTest::keyClick(tab->editor(), Qt::Key_Return, Qt::ControlModifier);
        QTRY_COMPARE_WITH_TIMEOUT(tab->isRunning(), false, 15000);
        QCOMPARE(tab->resultCount(), 1);
        ResultSetModel *model = tab->resultModel(0);
        QVERIFY(model);
        QCOMPARE(model->rowCount(), 2500);
        QCOMPARE(model->headerData(1, Qt::Horizontal).toString(), QStringLiteral("label"));
        QCOMPARE(model->index(2499, 1).data().toString(), QStringLiteral("row 2500"));
        QVERIFY(tab->messages().contains(QStringLiteral("SELECT 2500")));

        // Copy: a selection of cells as TSV on Ctrl+C, as Markdown from the menu's format.
        auto *view = tab->findChild<ResultView *>();
        QVERIFY(view);
        view->setFocus();
        view->selectionModel()->select(QItemSelection(model->index(1, 0), model->index(2, 1)),
                                       QItemSelectionModel::ClearAndSelect);
        QTest::keyClick(view, Qt::Key_C, Qt::ControlModifier);
        QCOMPARE(QApplication::clipboard()->text(),
                 QStringLiteral("g\tlabel\n2\trow 2\n3\trow 3\n"));
        QCOMPARE(view->selectionAs(CopyFormat::Markdown),
                 QStringLiteral("| g | label |\n| ---: | --- |\n| 2 | row 2 |\n| 3 | row 3 |\n"));
    }

    void errorMovesCursorToPosition()
    {
        auto tab = openTab();
        QVERIFY(tab);
        tab->setText(QStringLiteral("SELECT 1 FROM no_such_table"));
        QTest::keyClick(tab->editor(), Qt::Key_F5);
        QTRY_COMPARE_WITH_TIMEOUT(tab->isRunning(), false, 15000);
        QVERIFY(tab->messages().contains(QStringLiteral("42P01")));
        // The server reports position 15, the start of the table name.
        QCOMPARE(tab->editor()->textCursor().position(), 14);
        // ... and the editor marks the name itself.
        QVERIFY(tab->editor()->hasErrorMarker());
        QCOMPARE(tab->editor()->errorMarkerStart(), 14);
        QCOMPARE(tab->editor()->errorMarkerEnd(), 27);
        QVERIFY(tab->editor()->errorMarkerMessage().contains(QStringLiteral("no_such_table")));
        // Fixing the name removes the marker.
        QTextCursor cursor(tab->editor()->document());
        cursor.setPosition(20);
        cursor.insertText(QStringLiteral("x"));
        QVERIFY(!tab->editor()->hasErrorMarker());
    }

    void errorMarkerInALaterStatementOfAScript()
    {
        auto tab = openTab();
        QVERIFY(tab);
        const QString text = QStringLiteral("SELECT 1;\n\nSELECT nosuch FROM pg_class;\nSELECT 3;");
        tab->setText(text);
        QTest::keyClick(tab->editor(), Qt::Key_F5);
        QTRY_COMPARE_WITH_TIMEOUT(tab->isRunning(), false, 15000);
        QCOMPARE(tab->editor()->errorMarkerStart(), int(text.indexOf(QStringLiteral("nosuch"))));
        QCOMPARE(tab->editor()->errorMarkerEnd(), int(text.indexOf(QStringLiteral(" FROM pg_"))));
        // The first statement's result is there; the third never ran.
        QCOMPARE(tab->resultCount(), 1);
        QVERIFY(tab->messages().contains(QStringLiteral("1 statement(s) after it did not run")) ||
                tab->messages().contains(QStringLiteral("statement after it did not run")));
    }

    void eachStatementHasItsOwnResultTab()
    {
        auto tab = openTab();
        QVERIFY(tab);
        tab->setText(QStringLiteral("SELECT 1 AS a;\nSELECT g AS b FROM generate_series(1, 3) g;\n"
                                    "DO $$ BEGIN RAISE NOTICE 'from the third'; END $$;\n"
                                    "SELECT pg_sleep(0.2) AS c;"));
        QTest::keyClick(tab->editor(), Qt::Key_F5);
        QTRY_COMPARE_WITH_TIMEOUT(tab->isRunning(), false, 15000);
        QCOMPARE(tab->resultCount(), 3);
        QCOMPARE(tab->resultModel(1)->rowCount(), 3);
        QCOMPARE(tab->resultModel(2)->headerData(0, Qt::Horizontal).toString(),
                 QStringLiteral("c"));
        const QString second = tab->resultPage(1)->summary();
        QVERIFY2(second.contains(QStringLiteral("SELECT 3")) &&
                     second.contains(QStringLiteral("ms")),
                 qPrintable(second));
        QCOMPARE(tab->resultPage(1)->statementIndex(), 1);
        QCOMPARE(tab->resultPage(2)->statementIndex(), 3);
        QVERIFY(tab->messages().contains(QStringLiteral("[3] NOTICE: from the third")));
        QVERIFY(tab->messages().contains(QStringLiteral("[3] DO")));
    }

    void rowCapPausesAndFetchesMore()
    {
        const RowCap cap(1000);
        auto tab = openTab();
        QVERIFY(tab);
        tab->setText(QStringLiteral("SELECT g FROM generate_series(1, 300000) g"));
        QTest::keyClick(tab->editor(), Qt::Key_F5);
        QTRY_VERIFY_WITH_TIMEOUT(tab->resultPage(0) && tab->resultPage(0)->isWaitingForFetch(),
                                 15000);
        ResultPage *page = tab->resultPage(0);
        QCOMPARE(tab->resultModel(0)->rowCount(), 1000);
        QVERIFY(tab->session()->isPaused());
        QTest::qWait(300);
        // The query waits for us: still running, nothing more shown.
        QVERIFY(tab->isRunning());
        QCOMPARE(tab->resultModel(0)->rowCount(), 1000);
        QVERIFY(page->summary().contains(QStringLiteral("first")));

        auto *more = page->findChild<QPushButton *>(QStringLiteral("fetchMoreButton"));
        QVERIFY(more && more->isVisible());
        QTest::mouseClick(more, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(tab->resultModel(0)->rowCount(), 2000, 15000);
        QTRY_VERIFY(page->isWaitingForFetch());
        // No row is lost or repeated across the pause.
        QCOMPARE(tab->resultModel(0)->index(999, 0).data().toString(), QStringLiteral("1000"));
        QCOMPARE(tab->resultModel(0)->index(1000, 0).data().toString(), QStringLiteral("1001"));

        auto *all = page->findChild<QPushButton *>(QStringLiteral("fetchAllButton"));
        QVERIFY(all);
        QTest::mouseClick(all, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(tab->isRunning(), false, 60000);
        QCOMPARE(tab->resultModel(0)->rowCount(), 300000);
        QCOMPARE(tab->resultModel(0)->index(299999, 0).data().toString(), QStringLiteral("300000"));
        QVERIFY(!more->isVisible());
    }

    void runningAgainStopsAPausedFetch()
    {
        const RowCap cap(500);
        auto tab = openTab();
        QVERIFY(tab);
        tab->setText(QStringLiteral("SELECT g FROM generate_series(1, 1000000) g"));
        QTest::keyClick(tab->editor(), Qt::Key_F5);
        QTRY_VERIFY_WITH_TIMEOUT(tab->resultPage(0) && tab->resultPage(0)->isWaitingForFetch(),
                                 15000);
        tab->setText(QStringLiteral("SELECT 42 AS answer"));
        QTest::keyClick(tab->editor(), Qt::Key_F5);
        QTRY_VERIFY_WITH_TIMEOUT(!tab->isRunning() && tab->resultModel(0) &&
                                     tab->resultModel(0)->headerData(0, Qt::Horizontal) ==
                                         QStringLiteral("answer"),
                                 15000);
        QCOMPARE(tab->resultModel(0)->index(0, 0).data().toString(), QStringLiteral("42"));
    }

    void explainAnalyzeFromTheEditorRollsBack()
    {
        auto tab = openTab();
        QVERIFY(tab);
        const PgConnectSpec spec = test::serverSpec();
        test::runOnce(spec, QStringLiteral("DROP TABLE IF EXISTS explain_t"));
        QVERIFY(test::runOnce(spec, QStringLiteral("CREATE TABLE explain_t AS SELECT g FROM "
                                                   "generate_series(1, 100) g"))
                    .ok());
        QSignalSpy plans(tab.get(), &QueryTab::planReady);
        tab->setText(QStringLiteral("SELECT 1;\nDELETE FROM explain_t;\n"));
        QTextCursor cursor(tab->editor()->document());
        cursor.setPosition(int(tab->editor()->toPlainText().indexOf(QStringLiteral("explain_t"))));
        tab->editor()->setTextCursor(cursor);
        QTest::keyClick(tab->editor(), Qt::Key_F7, Qt::ShiftModifier);
        QTRY_COMPARE_WITH_TIMEOUT(plans.size(), 1, 15000);
        const auto result = plans.first().first().value<ExplainResult>();
        QCOMPARE(result.statement, QStringLiteral("DELETE FROM explain_t"));
        QVERIFY(result.rolledBack);
        QVERIFY(result.explainSql.contains(QStringLiteral("ANALYZE, BUFFERS")));
        QVERIFY(tab->messages().contains(QStringLiteral("rolled it back")));
        QCOMPARE(
            test::runOnce(spec, QStringLiteral("SELECT count(*) FROM explain_t")).rows.text(0, 0),
            QStringLiteral("100"));

        // F7 alone: a plain EXPLAIN, nothing runs; an error points into the editor.
        tab->setText(QStringLiteral("SELECT nosuch FROM explain_t"));
        QTest::keyClick(tab->editor(), Qt::Key_F7);
        QTRY_VERIFY_WITH_TIMEOUT(tab->editor()->hasErrorMarker(), 15000);
        QCOMPARE(tab->editor()->errorMarkerStart(), 7);
        QCOMPARE(plans.size(), 1);
        test::runOnce(spec, QStringLiteral("DROP TABLE explain_t"));
    }

    void catalogIsRefreshedAfterCommittedDdl()
    {
        auto tab = openTab();
        QVERIFY(tab);
        const PgConnectSpec spec = test::serverSpec();
        test::runOnce(spec, QStringLiteral("DROP TABLE IF EXISTS completion_fresh"));
        CatalogLoader catalog(spec);
        tab->setCatalog(&catalog);
        QTRY_VERIFY_WITH_TIMEOUT(catalog.state() == CatalogLoader::State::Ready, 15000);
        QCOMPARE(catalog.snapshot().findRelation(QStringLiteral("public"),
                                                 QStringLiteral("completion_fresh")),
                 -1);
        // Inside a transaction the metadata connection could not see it yet:
        // the refresh waits for the commit.
        tab->setAutocommit(false);
        tab->setText(QStringLiteral("CREATE TABLE completion_fresh (zz_col int)"));
        QTest::keyClick(tab->editor(), Qt::Key_F5);
        QTRY_COMPARE_WITH_TIMEOUT(tab->session()->transactionStatus(),
                                  PgTransactionStatus::InTransaction, 10000);
        QTest::qWait(300);
        QCOMPARE(catalog.state(), CatalogLoader::State::Ready);
        auto *commit =
            tab->transactionBadge()->findChild<QToolButton *>(QStringLiteral("commitButton"));
        QVERIFY(commit);
        QTest::mouseClick(commit, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(
            catalog.snapshot().findRelation(QStringLiteral("public"),
                                            QStringLiteral("completion_fresh")) >= 0,
            15000);
        test::runOnce(spec, QStringLiteral("DROP TABLE completion_fresh"));
    }

    void manualCommitAndTheBadge()
    {
        auto tab = openTab();
        QVERIFY(tab);
        const PgConnectSpec spec = test::serverSpec();
        test::runOnce(spec, QStringLiteral("DROP TABLE IF EXISTS badge_t"));
        tab->setAutocommit(false);
        TransactionBadge *badge = tab->transactionBadge();
        QCOMPARE(badge->status(), PgTransactionStatus::Idle);
        tab->setText(
            QStringLiteral("CREATE TABLE badge_t (x int);\nINSERT INTO badge_t VALUES (1);"));
        QTest::keyClick(tab->editor(), Qt::Key_F5);
        QTRY_COMPARE_WITH_TIMEOUT(tab->isRunning(), false, 15000);
        QTRY_COMPARE(badge->status(), PgTransactionStatus::InTransaction);
        QCOMPARE(badge->text(), QStringLiteral("in transaction"));
        auto *rollback = badge->findChild<QToolButton *>(QStringLiteral("rollbackButton"));
        auto *commit = badge->findChild<QToolButton *>(QStringLiteral("commitButton"));
        QVERIFY(rollback && rollback->isVisible());
        QVERIFY(commit && commit->isVisible());
        // Nothing is visible to others before the commit.
        QVERIFY(!test::runOnce(spec, QStringLiteral("SELECT * FROM badge_t")).ok());
        QTest::mouseClick(rollback, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(badge->status(), PgTransactionStatus::Idle, 10000);
        QVERIFY(!rollback->isVisible());
        QVERIFY(!test::runOnce(spec, QStringLiteral("SELECT * FROM badge_t")).ok());

        // A failed statement leaves a failed transaction: only rollback is offered.
        tab->setText(QStringLiteral("SELECT 1 / 0"));
        QTest::keyClick(tab->editor(), Qt::Key_F5);
        QTRY_COMPARE_WITH_TIMEOUT(badge->status(), PgTransactionStatus::InError, 10000);
        QVERIFY(rollback->isVisible());
        QVERIFY(!commit->isVisible());
        QTest::mouseClick(rollback, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(badge->status(), PgTransactionStatus::Idle, 10000);

        // Commit makes it stick.
        tab->setText(QStringLiteral("CREATE TABLE badge_t (x int)"));
        QTest::keyClick(tab->editor(), Qt::Key_F5);
        QTRY_COMPARE_WITH_TIMEOUT(badge->status(), PgTransactionStatus::InTransaction, 10000);
        QTest::mouseClick(commit, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(badge->status(), PgTransactionStatus::Idle, 10000);
        QVERIFY(test::runOnce(spec, QStringLiteral("SELECT * FROM badge_t")).ok());
        test::runOnce(spec, QStringLiteral("DROP TABLE badge_t"));
    }

    void runStatementAtCursor()
    {
        auto tab = openTab();
        QVERIFY(tab);
        tab->setText(
            QStringLiteral("SELECT 1 AS one;\nSELECT 2 AS two;\nSELECT 1 FROM no_such_table;"));
        QTextCursor cursor(tab->editor()->document());
        cursor.setPosition(int(tab->editor()->toPlainText().indexOf(QStringLiteral("two"))));
        tab->editor()->setTextCursor(cursor);
        QTest::keyClick(tab->editor(), Qt::Key_Return, Qt::ControlModifier);
        QTRY_COMPARE_WITH_TIMEOUT(tab->resultCount(), 1, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(tab->isRunning(), false, 15000);
        QCOMPARE(tab->resultModel(0)->headerData(0, Qt::Horizontal).toString(),
                 QStringLiteral("two"));
        // Only that statement ran, and it is shown selected.
        QCOMPARE(tab->editor()->textCursor().selectedText(), QStringLiteral("SELECT 2 AS two"));

        // An error in the third statement points into the third statement.
        const QString text = tab->editor()->toPlainText();
        cursor.setPosition(int(text.lastIndexOf(QStringLiteral("FROM"))));
        tab->editor()->setTextCursor(cursor);
        QTest::keyClick(tab->editor(), Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(tab->messages().contains(QStringLiteral("42P01")), 15000);
        QTRY_COMPARE(tab->editor()->textCursor().position(),
                     int(text.indexOf(QStringLiteral("no_such_table"))));
    }

    void productionAsksBeforeWriting()
    {
        const PgConnectSpec spec = test::freshDatabase(QStringLiteral("querytab_production"));
        QVERIFY(test::runOnce(spec, QStringLiteral("CREATE TABLE t AS SELECT 1 AS id")).ok());
        QueryTab tab(spec, QStringLiteral("prod"));
        tab.setProduction(true);
        tab.show();
        QTRY_VERIFY_WITH_TIMEOUT(tab.session()->isConnected(), 15000);

        // Reading runs without a question.
        tab.setText(QStringLiteral("SELECT count(*) FROM t"));
        tab.run();
        QTRY_COMPARE_WITH_TIMEOUT(tab.resultCount(), 1, 10000);
        QTRY_VERIFY(!tab.isRunning());

        // Writing asks, naming the commands; cancelling runs nothing.
        QString asked;
        QTimer::singleShot(0, [&asked] {
            (void)QTest::qWaitFor([] { return QApplication::activeModalWidget() != nullptr; });
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (!box)
                return;
            asked = box->text();
            box->findChild<QPushButton *>(QStringLiteral("cancelRunButton"))->click();
        });
        tab.setText(QStringLiteral("DELETE FROM t; DROP TABLE t"));
        tab.run();
        QVERIFY2(asked.contains(QStringLiteral("DELETE")) && asked.contains(QStringLiteral("DROP")),
                 qPrintable(asked));
        QVERIFY(!tab.isRunning());
        const PgQueryResult left = test::runOnce(spec, QStringLiteral("SELECT count(*) FROM t"));
        QVERIFY2(left.ok(), qPrintable(left.error.fullText()));
        QCOMPARE(left.rows.text(0, 0), QStringLiteral("1"));

        // Confirming runs it.
        QTimer::singleShot(0, [] {
            (void)QTest::qWaitFor([] { return QApplication::activeModalWidget() != nullptr; });
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget()))
                box->findChild<QPushButton *>(QStringLiteral("runOnProductionButton"))->click();
        });
        tab.setText(QStringLiteral("DELETE FROM t"));
        tab.run();
        QTRY_VERIFY_WITH_TIMEOUT(!tab.isRunning(), 10000);
        QCOMPARE(test::runOnce(spec, QStringLiteral("SELECT count(*) FROM t")).rows.text(0, 0),
                 QStringLiteral("0"));
    }

    void readOnlyRefusalSaysWhy()
    {
        PgConnectSpec spec = test::serverSpec();
        spec.params.insert(QStringLiteral("options"),
                           QStringLiteral("-c default_transaction_read_only=on"));
        QueryTab tab(spec, QStringLiteral("read-only"));
        QTRY_VERIFY_WITH_TIMEOUT(tab.session()->isConnected(), 15000);
        tab.setText(QStringLiteral("CREATE TABLE should_not_exist (id int)"));
        tab.run();
        QTRY_VERIFY_WITH_TIMEOUT(tab.messages().contains(QStringLiteral("25006")), 10000);
        QVERIFY(tab.messages().contains(QStringLiteral("read-only")));
        QVERIFY(tab.messages().contains(QStringLiteral("default_transaction_read_only")));
    }

    void cancelLongQuery()
    {
        auto tab = openTab();
        QVERIFY(tab);
        tab->setText(QStringLiteral("SELECT pg_sleep(60)"));
        QTest::keyClick(tab->editor(), Qt::Key_F5);
        QTRY_VERIFY_WITH_TIMEOUT(tab->isRunning(), 5000);
        QTest::qWait(200);
        QElapsedTimer clock;
        clock.start();
        auto *cancel = tab->findChild<QAction *>(QStringLiteral("cancelAction"));
        QVERIFY(cancel);
        QVERIFY(cancel->isEnabled());
        cancel->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(tab->isRunning(), false, 5000);
        QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(tab->messages().contains(QStringLiteral("57014")));
        // The tab is still usable.
        tab->setText(QStringLiteral("SELECT 42"));
        QTest::keyClick(tab->editor(), Qt::Key_F5);
        QTRY_COMPARE_WITH_TIMEOUT(tab->resultCount(), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(tab->resultModel(0)->rowCount(), 1, 10000);
        QCOMPARE(tab->resultModel(0)->index(0, 0).data().toString(), QStringLiteral("42"));
    }
};

QTEST_MAIN(TestQueryTab)
#include "tst_db_querytab.moc"
