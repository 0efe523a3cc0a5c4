#pragma once

#include "models/pg/pgsession.h"
#include "models/plan/planmetrics.h"
#include "models/query/explainrunner.h"
#include "models/store/appsettings.h"
#include "models/store/connectionprofile.h"
#include "models/store/historystore.h"
#include "widgets/plancomparedialog.h"

#include <QHash>

#include <QMainWindow>
#include <functional>

class QStackedWidget;
class QTabWidget;

namespace sightline {

class ConnectionStatus;
class ConnectionTreeModel;
class ConnectionsDock;
class DemoEnvironment;
class HistoryDock;
class HistoryStore;
class OpenConnection;
class PasswordStore;
class PlanCompareView;
class PlanTab;
class ProfileStore;
class QueryTab;
class WelcomePage;

// The shell: connections dock, a tab area that later features plug into, and
// a status bar that tells where the current tab is connected.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    // `history` may be null: nothing is recorded and no history dock shows.
    MainWindow(ProfileStore *profiles, PasswordStore *passwords, HistoryStore *history = nullptr,
               QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens a connection with a password already known (or none for .pgpass).
    // `savePassword`: keep it in the keychain once it has opened the connection.
    OpenConnection *openConnection(const ConnectionProfile &profile, const QString &password,
                                   bool savePassword = false);
    // Asks for what is needed (keychain, prompt) and opens the connection.
    void connectProfile(const ConnectionProfile &profile);
    // A new tab, or the tab a saved draft describes (its text and database).
    QueryTab *openQueryTab(OpenConnection *connection, const QString &database = QString(),
                           const QString &text = QString(), const TabDraft *draft = nullptr);
    void showConnectionManager();
    // A plan tab: empty (paste or drop a plan), from a file, or for an EXPLAIN
    // run in a query tab. Every plan shown is kept in the plan history.
    PlanTab *openPlanTab();
    PlanTab *openPlanFile(const QString &path);
    PlanTab *showExplainResult(QueryTab *from, const ExplainResult &result);
    // Asks which two plans (open plan tabs, plan history) and opens a compare tab.
    void comparePlans();
    // Parses and analyses what is not analysed yet off the UI thread, then
    // opens the comparison.
    void compareInBackground(const PlanSource &before, const PlanSource &after);
    PlanCompareView *openComparison(const PlanAnalysis &before, const PlanAnalysis &after,
                                    const QString &beforeTitle, const QString &afterTitle);
    // First steps after the window shows: reports damaged profile files, and
    // with no profile at all leads the user to create one.
    void startUp(const QStringList &profileProblems = QStringList());
    // Shows the demo's progress and opens it when it is ready.
    void attachDemo(DemoEnvironment *demo);

    QList<OpenConnection *> openConnections() const { return m_connections; }
    QueryTab *currentQueryTab() const;
    QTabWidget *tabs() const { return m_tabs; }
    ConnectionStatus *connectionStatus() const { return m_status; }
    HistoryDock *historyDock() const { return m_historyDock; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void closeTab(int index);
    // The query tabs of a connection (all tabs for nullptr).
    QList<QueryTab *> tabsOf(const OpenConnection *connection) const;
    // `discardDraft`: the user closed this tab (its saved text goes); a tab
    // closing with its connection or the app keeps its draft for next time.
    void removeTab(QueryTab *tab, bool discardDraft);
    // Closes the tabs that may close; false when the user cancelled or a tab
    // first ends its transaction, after which `retry` runs.
    bool closeTabs(const QList<QueryTab *> &tabs, const std::function<void()> &retry,
                   bool discardDrafts = false);
    // The tabs a connection had last time (drafts), or one new tab.
    void restoreTabs(OpenConnection *connection);
    void closeConnection(OpenConnection *connection);
    PlanTab *addPlanTab(PlanTab *tab);
    void recordPlan(const PlanSnapshot &snapshot);
    // "Try an Index…" from a plan tab, run on the query tab the plan came from.
    void tryIndex(QueryTab *origin, PlanTab *planTab, int nodeId);
    // Builds it for real (non-production only), with progress, then asks keep or drop.
    void buildTrialIndex(QueryTab *origin, const QString &statement, const QString &createIndex);
    // "Re-run with a Setting…": SET for the origin's session, the same Explain
    // again, and the comparison.
    void rerunWithSetting(QueryTab *origin, PlanTab *planTab, const ExplainOptions &options);
    void updateCurrent();
    void reloadProfiles();
    void showEmptyState();

    ProfileStore *m_profiles;
    PasswordStore *m_passwords;
    HistoryStore *m_history;
    HistoryDock *m_historyDock = nullptr;
    AppSettings m_settings;
    ConnectionTreeModel *m_tree;
    ConnectionsDock *m_dock;
    QStackedWidget *m_center;
    WelcomePage *m_welcome;
    QTabWidget *m_tabs;
    ConnectionStatus *m_status;
    QList<OpenConnection *> m_connections;
    QHash<QueryTab *, OpenConnection *> m_tabConnection;
    // What is known about where a plan tab's plan came from (an Explain), for
    // the plan history; tabs opened from files or pastes have no entry.
    QHash<PlanTab *, PlanSnapshot> m_planOrigin;
};

} // namespace sightline
