#include "widgets/querytab.h"

#include "models/query/resultsetmodel.h"
#include "models/query/transactioncontrol.h"
#include "models/sql/sqlsplitter.h"
#include "models/sql/statementclassifier.h"
#include "models/store/appsettings.h"
#include "models/store/historystore.h"
#include "widgets/resultview.h"
#include "widgets/sqleditor.h"
#include "widgets/sqlhighlighting.h"

#include <QAction>
#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTextBlock>
#include <QTextCursor>
#include <QToolBar>
#include <QVBoxLayout>

namespace sightline {

QueryTab::QueryTab(const PgConnectSpec &spec, const QString &title, QWidget *parent)
    : QWidget(parent)
    , m_title(title)
{
    auto *toolbar = new QToolBar(this);
    toolbar->setObjectName(QStringLiteral("queryToolbar"));
    m_runStatementAction = toolbar->addAction(tr("Run &Statement"), this, &QueryTab::runStatement);
    m_runStatementAction->setObjectName(QStringLiteral("runStatementAction"));
    m_runStatementAction->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    m_runStatementAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_runStatementAction->setToolTip(
        tr("Run the statement at the cursor, or the selection (Ctrl+Enter)"));
    m_runAction = toolbar->addAction(tr("&Run All"), this, &QueryTab::run);
    m_runAction->setObjectName(QStringLiteral("runAction"));
    m_runAction->setShortcut(QKeySequence(Qt::Key_F5));
    m_runAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_runAction->setToolTip(tr("Run the selection, or the whole script (F5)"));
    m_cancelAction = toolbar->addAction(tr("&Cancel"), this, &QueryTab::cancel);
    m_cancelAction->setObjectName(QStringLiteral("cancelAction"));
    m_cancelAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    m_cancelAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_reconnectAction = toolbar->addAction(tr("Re&connect"), this, [this] {
        m_status->setText(tr("Connecting…"));
        m_session.reconnect();
        updateActions();
    });
    m_reconnectAction->setObjectName(QStringLiteral("reconnectAction"));
    m_reconnectAction->setToolTip(tr("Open the connection again; nothing is re-run"));
    // The tab itself carries the actions too, so their shortcuts work wherever
    // the focus is inside the tab (the toolbar alone would scope them to itself).
    addActions({m_runStatementAction, m_runAction, m_cancelAction});
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("queryStatus"));
    toolbar->addSeparator();
    toolbar->addWidget(m_status);

    auto *editor = new SqlEditor(this);
    m_editor = editor;
    m_editor->setObjectName(QStringLiteral("sqlEditor"));
    editor->applySettings(AppSettings());
    // Zooming is remembered as the editor font size for every tab.
    connect(editor, &SqlEditor::fontPointSizeChanged, this,
            [](int points) { AppSettings().setEditorFontSize(points); });
    m_editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_editor->setPlaceholderText(
        tr("Type SQL here: Ctrl+Enter runs the statement at the cursor, F5 runs everything"));
    m_editor->setTabStopDistance(4 * m_editor->fontMetrics().horizontalAdvance(u' '));
    m_highlighter = createSqlHighlighter(m_editor->document(), palette());

    m_results = new QTabWidget(this);
    m_results->setObjectName(QStringLiteral("resultTabs"));
    m_results->setDocumentMode(true);
    m_log = new QPlainTextEdit(this);
    m_log->setObjectName(QStringLiteral("messageLog"));
    m_log->setReadOnly(true);
    m_results->addTab(m_log, tr("Messages"));

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_editor);
    splitter->addWidget(m_results);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(toolbar);
    layout->addWidget(splitter);

    connect(&m_session, &PgSession::connected, this, [this] {
        m_status->setText(tr("Connected to %1").arg(m_session.database()));
        updateActions();
        Q_EMIT statusChanged();
    });
    connect(&m_session, &PgSession::connectFailed, this, [this](const PgError &error) {
        m_status->setText(tr("Not connected"));
        appendMessage(error.fullText());
        updateActions();
        Q_EMIT statusChanged();
    });
    connect(&m_session, &PgSession::connectionLost, this,
            [this](const PgError &error, bool transactionLost) {
                appendMessage(error.fullText());
                if (transactionLost)
                    appendMessage(tr("The open transaction was lost: its changes were not "
                                     "committed. Reconnect and run them again if needed."));
                m_status->setText(tr("Connection lost"));
                m_request = 0;
                updateActions();
                Q_EMIT statusChanged();
            });
    connect(&m_session, &PgSession::columnsReceived, this, &QueryTab::onColumns);
    connect(&m_session, &PgSession::rowsReceived, this, &QueryTab::onRows);
    connect(&m_session, &PgSession::statementFinished, this, &QueryTab::onStatementFinished);
    connect(&m_session, &PgSession::requestFailed, this, [this](PgRequestId id, const PgError &e) {
        if (id == m_closeRequest) {
            appendMessage(e.fullText());
            m_results->setCurrentWidget(m_log);
            return;
        }
        if (id != m_request)
            return;
        m_runError = e;
        appendMessage(e.fullText());
        if (e.sqlState == QLatin1String("25006")) // read_only_sql_transaction
            appendMessage(tr("This connection is read-only: its profile sets "
                             "default_transaction_read_only (the default for production). Edit the "
                             "profile and turn off “Read-only” to change data."));
        if (e.position > 0) {
            // Put the cursor where the server says the error is.
            QTextCursor cursor(m_editor->document());
            cursor.setPosition(std::min(m_selectionOffset + e.position - 1,
                                        m_editor->document()->characterCount() - 1));
            m_editor->setTextCursor(cursor);
        }
        m_results->setCurrentWidget(m_log);
    });
    connect(&m_session, &PgSession::requestFinished, this,
            [this](PgRequestId id, bool ok, qint64 elapsedMs) {
                if (id == m_closeRequest) {
                    m_closeRequest = 0;
                    if (!ok)
                        appendMessage(tr("The tab stays open: the transaction did not end."));
                    updateActions();
                    Q_EMIT closeRequestFinished(ok);
                    return;
                }
                if (id != m_request)
                    return;
                m_request = 0;
                recordRun(ok, elapsedMs);
                m_status->setText(ok ? tr("Done in %1 ms").arg(elapsedMs)
                                     : tr("Failed after %1 ms").arg(elapsedMs));
                updateActions();
                Q_EMIT statusChanged();
            });
    connect(&m_session, &PgSession::noticeReceived, this,
            [this](PgRequestId, const PgNotice &notice) {
                appendMessage(QStringLiteral("%1: %2").arg(notice.severity, notice.message));
            });
    connect(&m_session, &PgSession::transactionStatusChanged, this, &QueryTab::statusChanged);

    m_status->setText(tr("Connecting…"));
    m_session.connectToServer(spec);
    updateActions();
}

QueryTab::~QueryTab() = default;

void QueryTab::setHistory(HistoryStore *store, const QString &profileId,
                          const QString &connectionName, bool keep)
{
    m_history = store;
    m_profileId = profileId;
    m_connectionName = connectionName;
    m_keepHistory = keep;
}

void QueryTab::setProduction(bool production)
{
    m_production = production;
}

bool QueryTab::confirmOnProduction(const QString &sql)
{
    if (!m_production)
        return true;
    // Name what would change: the commands of every statement that may write.
    QStringList commands;
    for (const StatementClass &statement : StatementClassifier::classifyScript(sql)) {
        if (statement.mayWrite() && !commands.contains(statement.command))
            commands << statement.command;
    }
    if (commands.isEmpty())
        return true;
    QMessageBox box(QMessageBox::Warning, tr("Production connection"),
                    tr("“%1” is a production connection. This will run: %2.")
                        .arg(m_title, commands.join(QStringLiteral(", "))),
                    QMessageBox::NoButton, this);
    box.setObjectName(QStringLiteral("productionConfirmBox"));
    box.setInformativeText(tr("Run it on production?"));
    QPushButton *run = box.addButton(tr("&Run on Production"), QMessageBox::AcceptRole);
    run->setObjectName(QStringLiteral("runOnProductionButton"));
    box.addButton(QMessageBox::Cancel)->setObjectName(QStringLiteral("cancelRunButton"));
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() == run)
        return true;
    appendMessage(tr("Not run on production: %1.").arg(commands.join(QStringLiteral(", "))));
    return false;
}

void QueryTab::insertStatement(const QString &sql)
{
    QTextCursor cursor = m_editor->textCursor();
    cursor.movePosition(QTextCursor::EndOfBlock);
    if (!cursor.block().text().trimmed().isEmpty())
        cursor.insertText(QStringLiteral("\n"));
    const int start = cursor.position();
    cursor.insertText(sql);
    cursor.setPosition(start, QTextCursor::KeepAnchor);
    m_editor->setTextCursor(cursor);
    m_editor->setFocus();
}

void QueryTab::recordRun(bool ok, qint64 elapsedMs)
{
    if (!m_history || !m_keepHistory || m_runText.isEmpty())
        return;
    HistoryEntry entry;
    entry.profileId = m_profileId;
    entry.connectionName = m_connectionName;
    entry.database = m_session.database();
    entry.statement = m_runText;
    entry.startedAt = m_runStarted;
    entry.durationMs = elapsedMs;
    entry.rows = m_runRows;
    if (ok) {
        entry.status = HistoryStatus::Ok;
    } else {
        entry.status = m_runError.kind == PgError::Kind::Cancelled ? HistoryStatus::Cancelled
                                                                   : HistoryStatus::Error;
        entry.errorSqlState = m_runError.sqlState;
        entry.errorMessage = m_runError.message;
    }
    if (!m_history->record(entry))
        appendMessage(tr("Not kept in the history: %1").arg(m_history->lastError()));
}

void QueryTab::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        updateHighlighterPalette(m_highlighter, palette());
    QWidget::changeEvent(event);
}

void QueryTab::setText(const QString &sql)
{
    m_editor->setPlainText(sql);
}

void QueryTab::run()
{
    QTextCursor cursor = m_editor->textCursor();
    if (cursor.hasSelection())
        runSelection();
    else
        execute(m_editor->toPlainText(), 0);
}

void QueryTab::runStatement()
{
    if (m_editor->textCursor().hasSelection()) {
        runSelection();
        return;
    }
    const QString text = m_editor->toPlainText();
    const auto statements = SqlSplitter::split(text);
    const int index = SqlSplitter::statementAt(statements, m_editor->textCursor().position());
    if (index < 0)
        return;
    const SqlStatementRange range = statements.at(index);
    // Show what runs: the statement becomes the selection.
    QTextCursor select(m_editor->document());
    select.setPosition(range.start);
    select.setPosition(range.end, QTextCursor::KeepAnchor);
    m_editor->setTextCursor(select);
    execute(text.mid(range.start, range.length()), range.start);
}

void QueryTab::runSelection()
{
    const QTextCursor cursor = m_editor->textCursor();
    // QTextCursor uses U+2029 between paragraphs.
    execute(cursor.selectedText().replace(QChar::ParagraphSeparator, QLatin1Char('\n')),
            cursor.selectionStart());
}

void QueryTab::execute(const QString &sql, int offset)
{
    if (!m_session.isConnected() || isRunning() || m_closeRequest)
        return;
    if (sql.trimmed().isEmpty())
        return;
    if (!confirmOnProduction(sql))
        return;
    m_selectionOffset = offset;
    m_runText = sql;
    m_runStarted = QDateTime::currentDateTimeUtc();
    m_runRows = 0;
    m_runError = {};

    // Old result tabs go; the message log stays and gets a separator.
    while (m_results->count() > 1) {
        QWidget *page = m_results->widget(1);
        m_results->removeTab(1);
        page->deleteLater();
    }
    m_currentModel = nullptr;
    appendMessage(QStringLiteral("—"));
    m_request = m_session.execute(sql);
    m_status->setText(tr("Running…"));
    updateActions();
    Q_EMIT statusChanged();
}

void QueryTab::cancel()
{
    if (isRunning())
        m_session.cancel();
}

bool QueryTab::isRunning() const
{
    return m_request != 0;
}

int QueryTab::resultCount() const
{
    return m_results->count() - 1;
}

ResultSetModel *QueryTab::resultModel(int index) const
{
    auto *view = qobject_cast<ResultView *>(m_results->widget(index + 1));
    return view ? view->resultModel() : nullptr;
}

QString QueryTab::messages() const
{
    return m_log->toPlainText();
}

QueryTab::CloseDecision QueryTab::requestClose()
{
    if (m_closeRequest)
        return CloseDecision::Pending;
    const auto status = m_session.transactionStatus();
    if (isRunning() || status == PgTransactionStatus::Active) {
        const auto answer = QMessageBox::question(
            this, tr("Statement running"),
            tr("A statement is still running in “%1”. Close anyway? It is cancelled, and an "
               "open transaction is rolled back.")
                .arg(m_title),
            QMessageBox::Close | QMessageBox::Cancel, QMessageBox::Cancel);
        return answer == QMessageBox::Close ? CloseDecision::CloseNow : CloseDecision::Cancelled;
    }
    if (status != PgTransactionStatus::InTransaction && status != PgTransactionStatus::InError)
        return CloseDecision::CloseNow;

    QMessageBox box(
        QMessageBox::Warning, tr("Open transaction"),
        status == PgTransactionStatus::InTransaction
            ? tr("“%1” has an open transaction. Its changes are lost unless you "
                 "commit them.")
                  .arg(m_title)
            : tr("“%1” has a failed transaction; it can only be rolled back.").arg(m_title),
        QMessageBox::NoButton, this);
    box.setObjectName(QStringLiteral("openTransactionBox"));
    QPushButton *commit = nullptr;
    if (status == PgTransactionStatus::InTransaction) {
        commit = box.addButton(tr("C&ommit"), QMessageBox::AcceptRole);
        commit->setObjectName(QStringLiteral("commitButton"));
    }
    QPushButton *rollback = box.addButton(tr("&Roll Back"), QMessageBox::DestructiveRole);
    rollback->setObjectName(QStringLiteral("rollbackButton"));
    box.addButton(QMessageBox::Cancel)->setObjectName(QStringLiteral("cancelCloseButton"));
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (commit && box.clickedButton() == commit) {
        appendMessage(tr("Committing before the tab closes…"));
        m_closeRequest = commitTransaction(m_session);
    } else if (box.clickedButton() == rollback) {
        appendMessage(tr("Rolling back before the tab closes…"));
        m_closeRequest = rollbackTransaction(m_session);
    } else {
        return CloseDecision::Cancelled;
    }
    updateActions();
    return CloseDecision::Pending;
}

void QueryTab::appendMessage(const QString &text)
{
    m_log->appendPlainText(text);
}

void QueryTab::updateActions()
{
    const bool canRun = m_session.isConnected() && !isRunning() && !m_closeRequest;
    m_runAction->setEnabled(canRun);
    m_runStatementAction->setEnabled(canRun);
    m_cancelAction->setEnabled(isRunning());
    const auto state = m_session.state();
    m_reconnectAction->setVisible(state == PgSession::State::Disconnected);
}

void QueryTab::onColumns(PgRequestId id, int statement, const QList<PgColumn> &columns)
{
    if (id != m_request)
        return;
    auto *model = new ResultSetModel(this);
    model->setRowCap(AppSettings().resultRowCap());
    model->setColumns(columns);
    auto *view = new ResultView(m_results);
    view->setObjectName(QStringLiteral("resultView%1").arg(statement));
    view->setResultModel(model);
    m_results->addTab(view, tr("Result %1").arg(statement + 1));
    m_results->setCurrentWidget(view);
    m_currentModel = model;
}

void QueryTab::onRows(PgRequestId id, int, const PgRowBatch &rows)
{
    if (id != m_request || !m_currentModel)
        return;
    if (!m_currentModel->appendBatch(rows) && m_currentModel->capReached())
        m_status->setText(tr("Showing the first %L1 rows").arg(m_currentModel->rowCount()));
    else
        m_status->setText(tr("%L1 rows…").arg(m_currentModel->rowCount()));
}

void QueryTab::onStatementFinished(PgRequestId id, const PgStatementResult &result)
{
    if (id != m_request)
        return;
    m_runRows += result.returnsRows ? result.rowCount : std::max<qint64>(0, result.rowsAffected);
    appendMessage(result.returnsRows
                      ? tr("%1 — %L2 rows").arg(result.commandTag).arg(result.rowCount)
                      : result.commandTag);
    if (m_currentModel && result.returnsRows)
        m_currentModel = nullptr;
}

} // namespace sightline
