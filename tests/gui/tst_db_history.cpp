// Statements run in a query tab land in the history, survive a restart, can
// be searched, and go back into the editor on double-click; production
// profiles (keep no history) leave nothing behind.

#include "models/store/historymodel.h"
#include "models/store/historystore.h"
#include "tests/testsupport/testserver.h"
#include "widgets/historydock.h"
#include "widgets/querytab.h"

#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace sightline;

class TestHistory : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    QString path() const { return m_dir.filePath(QStringLiteral("history.sqlite")); }

    void runIn(QueryTab &tab, const QString &sql)
    {
        tab.setText(sql);
        tab.run();
        QTRY_VERIFY_WITH_TIMEOUT(!tab.isRunning(), 15000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        SIGHTLINE_REQUIRE_SERVER();
        QVERIFY(m_dir.isValid());
    }

    void runsAreRecordedAndSurviveRestart()
    {
        {
            HistoryStore store(path());
            QVERIFY2(store.isPersistent(), qPrintable(store.openProblem()));
            QueryTab tab(test::serverSpec(), QStringLiteral("history"));
            tab.setHistory(&store, QStringLiteral("profile-1"), QStringLiteral("Local"), true);
            QTRY_VERIFY_WITH_TIMEOUT(tab.session()->isConnected(), 15000);
            runIn(tab, QStringLiteral("SELECT g FROM generate_series(1, 7) g"));
            runIn(tab, QStringLiteral("SELECT 1 FROM no_such_table"));
            QCOMPARE(store.count(), 2);
        }
        // A new store on the same file: what a restart of the app sees.
        HistoryStore reopened(path());
        const QList<HistoryEntry> entries = reopened.search({});
        QCOMPARE(entries.size(), 2);
        QCOMPARE(entries.at(0).statement, QStringLiteral("SELECT 1 FROM no_such_table"));
        QCOMPARE(entries.at(0).status, HistoryStatus::Error);
        QCOMPARE(entries.at(0).errorSqlState, QStringLiteral("42P01"));
        QCOMPARE(entries.at(1).statement, QStringLiteral("SELECT g FROM generate_series(1, 7) g"));
        QCOMPARE(entries.at(1).status, HistoryStatus::Ok);
        QCOMPARE(entries.at(1).rows, 7);
        QCOMPARE(entries.at(1).profileId, QStringLiteral("profile-1"));
        QCOMPARE(entries.at(1).database, test::serverSpec().params.value(QStringLiteral("dbname")));
    }

    void productionKeepsNoHistory()
    {
        HistoryStore store(m_dir.filePath(QStringLiteral("production.sqlite")));
        QueryTab tab(test::serverSpec(), QStringLiteral("prod"));
        tab.setHistory(&store, QStringLiteral("prod"), QStringLiteral("Prod"), false);
        QTRY_VERIFY_WITH_TIMEOUT(tab.session()->isConnected(), 15000);
        runIn(tab, QStringLiteral("SELECT 42"));
        QCOMPARE(store.count(), 0);
    }

    void dockSearchesAndGivesTheTextBack()
    {
        HistoryStore store(path());
        HistoryDock dock(&store);
        dock.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dock));
        QTRY_COMPARE(dock.model()->rowCount(), 2);
        QTest::keyClicks(dock.searchField(), QStringLiteral("GENERATE"));
        QTRY_COMPARE(dock.model()->rowCount(), 1);

        QueryTab tab(test::serverSpec(), QStringLiteral("target"));
        tab.setText(QStringLiteral("-- first line"));
        connect(&dock, &HistoryDock::statementChosen, &tab, &QueryTab::insertStatement);
        const QModelIndex first = dock.model()->index(0, 0);
        dock.view()->scrollTo(first);
        const QRect cell = dock.view()->visualRect(first);
        // A double-click is a press and release followed by a second press.
        QTest::mouseClick(dock.view()->viewport(), Qt::LeftButton, {}, cell.center());
        QTest::mouseDClick(dock.view()->viewport(), Qt::LeftButton, {}, cell.center());
        QTRY_COMPARE(tab.editor()->toPlainText(),
                     QStringLiteral("-- first line\nSELECT g FROM generate_series(1, 7) g"));
    }
};

QTEST_MAIN(TestHistory)
#include "tst_db_history.moc"
