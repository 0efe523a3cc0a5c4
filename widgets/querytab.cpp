#include "widgets/querytab.h"

#include "models/query/resultsetmodel.h"
#include "models/query/transactioncontrol.h"
#include "models/schema/catalogloader.h"
#include "models/sql/sqlsplitter.h"
#include "models/sql/statementclassifier.h"
#include "models/store/appsettings.h"
#include "widgets/resultpage.h"
#include "widgets/resultview.h"
#include "widgets/sqlcompleter.h"
#include "widgets/sqleditor.h"
#include "widgets/sqlhighlighting.h"
#include "widgets/transactionbadge.h"

#include <QAction>
#include <QEvent>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTextBlock>
#include <QTextCursor>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace sightline {

namespace {

// Typing pauses this long before the text is saved: a crash loses at most this.
constexpr int kDraftDelayMs = 800;

} // namespace

QueryTab::QueryTab(const PgConnectSpec &spec, const QString &title, QWidget *parent)
    : QWidget(parent)
    , m_title(title)
    , m_spec(spec)
    , m_runner(&m_session)
    , m_explainer(&m_session)
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
    m_explainAction = toolbar->addAction(tr("E&xplain"), this, [this] { explain(false); });
    m_explainAction->setObjectName(QStringLiteral("explainAction"));
    m_explainAction->setShortcut(QKeySequence(Qt::Key_F7));
    m_explainAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_explainAction->setToolTip(tr("Show the plan of the statement at the cursor (F7)"));
    m_explainAnalyzeAction =
        toolbar->addAction(tr("Explain &Analyze"), this, [this] { explain(true); });
    m_explainAnalyzeAction->setObjectName(QStringLiteral("explainAnalyzeAction"));
    m_explainAnalyzeAction->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F7));
    m_explainAnalyzeAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_explainAnalyzeAction->setToolTip(
        tr("Run the statement at the cursor and show its plan with real times (Shift+F7). "
           "Statements that change data are rolled back."));
    {
        auto *menu = new QMenu(this);
        menu->setObjectName(QStringLiteral("explainOptionsMenu"));
        const ExplainOptions defaults;
        const struct
        {
            QString name;
            QString text;
            bool on;
        } options[] = {
            {QStringLiteral("buffers"), tr("&Buffers"), defaults.buffers},
            {QStringLiteral("verbose"), tr("&Verbose"), defaults.verbose},
            {QStringLiteral("settings"), tr("&Settings"), defaults.settings},
            {QStringLiteral("wal"), tr("&WAL (with Analyze)"), defaults.wal},
            {QStringLiteral("timing"), tr("&Timing (with Analyze)"), defaults.timing},
            {QStringLiteral("serialize"), tr("Se&rialize (PostgreSQL 17, with Analyze)"),
             defaults.serialize},
            {QStringLiteral("memory"), tr("&Memory (PostgreSQL 17)"), defaults.memory},
        };
        for (const auto &option : options) {
            QAction *action = menu->addAction(option.text);
            action->setObjectName(QStringLiteral("explainOption_") + option.name);
            action->setCheckable(true);
            action->setChecked(option.on);
            m_explainOptionActions << action;
        }
        auto *button = new QToolButton(this);
        button->setObjectName(QStringLiteral("explainOptionsButton"));
        button->setText(tr("Options"));
        button->setToolTip(tr("EXPLAIN options"));
        button->setMenu(menu);
        button->setPopupMode(QToolButton::InstantPopup);
        toolbar->addWidget(button);
    }
    connect(&m_explainer, &ExplainRunner::finished, this, [this](const ExplainResult &result) {
        m_status->setText(tr("Plan ready in %L1 ms").arg(result.elapsedMs));
        if (result.rolledBack)
            appendMessage(tr("Explain Analyze ran the statement and rolled it back: nothing it "
                             "changed was kept."));
        updateActions();
        Q_EMIT statusChanged();
        Q_EMIT planReady(result);
    });
    connect(&m_explainer, &ExplainRunner::failed, this, &QueryTab::onExplainFailed);
    m_reconnectAction = toolbar->addAction(tr("Re&connect"), this, [this] {
        m_status->setText(tr("Connecting…"));
        m_session.reconnect();
        updateActions();
    });
    m_reconnectAction->setObjectName(QStringLiteral("reconnectAction"));
    m_reconnectAction->setToolTip(tr("Open the connection again; nothing is re-run"));
    toolbar->addSeparator();
    m_autocommitAction = toolbar->addAction(tr("&Autocommit"));
    m_autocommitAction->setObjectName(QStringLiteral("autocommitAction"));
    m_autocommitAction->setCheckable(true);
    m_autocommitAction->setChecked(true);
    m_autocommitAction->setToolTip(
        tr("On: every statement commits by itself. Off: statements run in a transaction that "
           "you commit or roll back."));
    m_badge = new TransactionBadge(this);
    m_badge->setObjectName(QStringLiteral("transactionBadge"));
    toolbar->addWidget(m_badge);
    connect(m_badge, &TransactionBadge::commitRequested, this, [this] { endTransaction(true); });
    connect(m_badge, &TransactionBadge::rollbackRequested, this, [this] { endTransaction(false); });
    // The tab itself carries the actions too, so their shortcuts work wherever
    // the focus is inside the tab (the toolbar alone would scope them to itself).
    addActions({m_runStatementAction, m_runAction, m_cancelAction, m_explainAction,
                m_explainAnalyzeAction});
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("queryStatus"));
    toolbar->addSeparator();
    toolbar->addWidget(m_status);

    m_editor = new SqlEditor(this);
    m_editor->setObjectName(QStringLiteral("sqlEditor"));
    m_editor->applySettings(AppSettings());
    // Zooming is remembered as the editor font size for every tab.
    connect(m_editor, &SqlEditor::fontPointSizeChanged, this,
            [](int points) { AppSettings().setEditorFontSize(points); });
    m_editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_editor->setPlaceholderText(
        tr("Type SQL here: Ctrl+Enter runs the statement at the cursor, F5 runs everything"));
    m_highlighter = createSqlHighlighter(m_editor->document(), palette());
    m_completer = new SqlCompleter(m_editor, m_editor);

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
                m_endRequest = 0;
                updateActions();
                Q_EMIT statusChanged();
            });
    connect(&m_session, &PgSession::requestFailed, this, [this](PgRequestId id, const PgError &e) {
        if (id != m_closeRequest && id != m_endRequest)
            return;
        appendMessage(e.fullText());
        m_results->setCurrentWidget(m_log);
    });
    connect(&m_session, &PgSession::requestFinished, this, [this](PgRequestId id, bool ok, qint64) {
        if (id == m_closeRequest) {
            m_closeRequest = 0;
            if (!ok)
                appendMessage(tr("The tab stays open: the transaction did not end."));
            updateActions();
            Q_EMIT closeRequestFinished(ok);
        } else if (id == m_endRequest) {
            m_endRequest = 0;
            updateActions();
        }
    });
    connect(&m_session, &PgSession::transactionStatusChanged, this,
            [this](PgTransactionStatus status) {
                m_badge->setStatus(status);
                // The metadata connection sees DDL only once it is committed
                // (or it is gone with a rollback: a refresh is harmless then).
                if (status == PgTransactionStatus::Idle && m_schemaDirty) {
                    m_schemaDirty = false;
                    if (m_catalog)
                        m_catalog->refresh();
                }
                Q_EMIT statusChanged();
            });
    connect(&m_session, &PgSession::stateChanged, this,
            [this] { m_badge->setStatus(m_session.transactionStatus()); });

    connect(&m_runner, &ScriptRunner::statementStarted, this, &QueryTab::onStatementStarted);
    connect(&m_runner, &ScriptRunner::columnsReceived, this, &QueryTab::onColumns);
    connect(&m_runner, &ScriptRunner::rowsReceived, this, &QueryTab::onRows);
    connect(&m_runner, &ScriptRunner::noticeReceived, this, &QueryTab::onNotice);
    connect(&m_runner, &ScriptRunner::statementFinished, this, &QueryTab::onStatementFinished);
    connect(&m_runner, &ScriptRunner::statementFailed, this, &QueryTab::onStatementFailed);
    connect(&m_runner, &ScriptRunner::finished, this, &QueryTab::onScriptFinished);

    m_draftTimer.setSingleShot(true);
    m_draftTimer.setInterval(kDraftDelayMs);
    connect(&m_draftTimer, &QTimer::timeout, this, &QueryTab::saveDraft);
    connect(m_editor->document(), &QTextDocument::contentsChanged, this, [this] {
        if (m_drafts)
            m_draftTimer.start();
    });

    m_status->setText(tr("Connecting…"));
    m_session.connectToServer(spec);
    updateActions();
}

QueryTab::~QueryTab()
{
    // Typing that has not reached the store yet must not be lost on exit.
    if (m_draftTimer.isActive())
        saveDraft();
}

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

void QueryTab::setDraft(HistoryStore *store, const TabDraft &draft)
{
    m_drafts = store;
    m_draft = draft;
    if (!draft.text.isEmpty() && m_editor->toPlainText().isEmpty()) {
        m_editor->setPlainText(draft.text);
        QTextCursor cursor(m_editor->document());
        cursor.setPosition(std::clamp(draft.cursor, 0, m_editor->document()->characterCount() - 1));
        m_editor->setTextCursor(cursor);
    }
    m_draftTimer.stop();
    saveDraft();
}

void QueryTab::setCatalog(CatalogLoader *catalog)
{
    m_catalog = catalog;
    m_completer->setCatalog(catalog);
}

void QueryTab::discardDraft()
{
    m_draftTimer.stop();
    if (m_drafts && !m_draft.id.isEmpty())
        m_drafts->removeDraft(m_draft.id);
    m_drafts = nullptr;
}

void QueryTab::saveDraft()
{
    if (!m_drafts || m_draft.id.isEmpty())
        return;
    m_draft.text = m_editor->toPlainText();
    m_draft.cursor = m_editor->textCursor().position();
    m_draft.updatedAt = QDateTime::currentDateTimeUtc();
    if (!m_drafts->saveDraft(m_draft))
        appendMessage(m_drafts->lastError());
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

void QueryTab::recordStatement(int index, HistoryStatus status, qint64 elapsedMs, qint64 rows,
                               const PgError &error)
{
    if (!m_history || !m_keepHistory || index < 0 || index >= m_runner.statements().size())
        return;
    HistoryEntry entry;
    entry.profileId = m_profileId;
    entry.connectionName = m_connectionName;
    entry.database = m_session.database();
    entry.statement = m_runner.statements().at(index).sql.trimmed();
    entry.startedAt = m_started.value(index);
    entry.durationMs = elapsedMs;
    entry.rows = rows;
    entry.status = status;
    entry.errorSqlState = error.sqlState;
    entry.errorMessage = error.message;
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

QList<ScriptStatement> QueryTab::split(const QString &text, int offset)
{
    QList<ScriptStatement> statements;
    for (const SqlStatementRange &range : SqlSplitter::split(text)) {
        const QString sql = text.mid(range.start, range.length());
        if (!sql.trimmed().isEmpty())
            statements << ScriptStatement{sql, offset + range.start};
    }
    return statements;
}

void QueryTab::run()
{
    if (m_editor->textCursor().hasSelection())
        runSelection();
    else
        execute(split(m_editor->toPlainText(), 0));
}

void QueryTab::runStatement()
{
    if (m_editor->textCursor().hasSelection()) {
        runSelection();
        return;
    }
    if (const auto statement = statementAtCursor(true))
        execute({*statement});
}

std::optional<ScriptStatement> QueryTab::statementAtCursor(bool select)
{
    const QTextCursor cursor = m_editor->textCursor();
    if (cursor.hasSelection()) {
        return ScriptStatement{
            cursor.selectedText().replace(QChar::ParagraphSeparator, QLatin1Char('\n')),
            cursor.selectionStart()};
    }
    const QString text = m_editor->toPlainText();
    const auto statements = SqlSplitter::split(text);
    const int index = SqlSplitter::statementAt(statements, cursor.position());
    if (index < 0)
        return std::nullopt;
    const SqlStatementRange range = statements.at(index);
    if (select) {
        // Show what runs: the statement becomes the selection.
        QTextCursor selection(m_editor->document());
        selection.setPosition(range.start);
        selection.setPosition(range.end, QTextCursor::KeepAnchor);
        m_editor->setTextCursor(selection);
    }
    return ScriptStatement{text.mid(range.start, range.length()), range.start};
}

ExplainOptions QueryTab::explainOptions() const
{
    ExplainOptions options;
    bool *flags[] = {&options.buffers, &options.verbose,   &options.settings, &options.wal,
                     &options.timing,  &options.serialize, &options.memory};
    for (int i = 0; i < m_explainOptionActions.size(); ++i)
        *flags[i] = m_explainOptionActions.at(i)->isChecked();
    return options;
}

void QueryTab::setExplainOptions(const ExplainOptions &options)
{
    const bool flags[] = {options.buffers, options.verbose,   options.settings, options.wal,
                          options.timing,  options.serialize, options.memory};
    for (int i = 0; i < m_explainOptionActions.size(); ++i)
        m_explainOptionActions.at(i)->setChecked(flags[i]);
}

void QueryTab::explain(bool analyze)
{
    if (!m_session.isConnected() || isRunning() || m_closeRequest || m_endRequest)
        return;
    const auto statement = statementAtCursor(true);
    if (!statement || statement->sql.trimmed().isEmpty())
        return;
    // EXPLAIN ANALYZE runs the statement: production asks as for running it,
    // although it is rolled back (triggers, sequences and locks still act).
    if (analyze && ExplainRunner::needsRollback(statement->sql) &&
        !confirmOnProduction(statement->sql))
        return;
    ExplainOptions options = explainOptions();
    options.analyze = analyze;
    m_editor->clearErrorMarker();
    m_explainOffset = statement->offset;
    appendMessage(QStringLiteral("—"));
    if (m_explainer.start(statement->sql, options)) {
        m_status->setText(analyze ? tr("Explain Analyze…") : tr("Explain…"));
        if (analyze && ExplainRunner::needsRollback(statement->sql))
            appendMessage(tr("The statement changes data: it runs inside a transaction that is "
                             "rolled back."));
    }
    updateActions();
    Q_EMIT statusChanged();
}

void QueryTab::onExplainFailed(const PgError &error, bool rolledBack)
{
    appendMessage(error.fullText());
    if (rolledBack)
        appendMessage(tr("The statement failed; what it had changed was rolled back."));
    if (error.position > 0) {
        // Positions count from the start of the EXPLAIN text; the statement
        // follows its fixed prefix.
        const int prefix = int(m_explainer.lastExplainSql().indexOf(m_explainer.lastStatement()));
        const int at = m_explainOffset + error.position - 1 - std::max(0, prefix);
        if (at >= m_explainOffset)
            m_editor->setErrorMarker(at, error.message);
    }
    m_status->setText(tr("Explain failed"));
    m_results->setCurrentWidget(m_log);
    updateActions();
    Q_EMIT statusChanged();
}

void QueryTab::runSelection()
{
    const QTextCursor cursor = m_editor->textCursor();
    // QTextCursor uses U+2029 between paragraphs (same length as '\n').
    execute(split(cursor.selectedText().replace(QChar::ParagraphSeparator, QLatin1Char('\n')),
                  cursor.selectionStart()));
}

void QueryTab::execute(const QList<ScriptStatement> &statements)
{
    if (!m_session.isConnected() || m_closeRequest || m_endRequest || statements.isEmpty())
        return;
    if ((m_runner.isRunning() && !m_session.isPaused()) || m_explainer.isRunning())
        return;
    QStringList texts;
    for (const ScriptStatement &statement : statements)
        texts << statement.sql;
    if (!confirmOnProduction(texts.join(QStringLiteral(";\n"))))
        return;
    if (m_runner.isRunning()) {
        // The grid of the previous run waits at its row cap; stop that query
        // first (its rows stay until the new run starts).
        m_queued = statements;
        appendMessage(tr("Stopping the paused query to run the new one…"));
        m_runner.cancel();
        return;
    }
    clearResults();
    m_editor->clearErrorMarker();
    appendMessage(QStringLiteral("—"));
    m_scriptClock.start();
    m_runner.start(statements, m_autocommitAction->isChecked());
    updateActions();
    Q_EMIT statusChanged();
}

void QueryTab::clearResults()
{
    // Old result tabs go; the message log stays and gets a separator.
    while (m_results->count() > 1) {
        QWidget *page = m_results->widget(1);
        m_results->removeTab(1);
        page->deleteLater();
    }
    m_pages.clear();
    m_notices.clear();
    m_started.clear();
}

QString QueryTab::statementLabel(int index) const
{
    return m_runner.statements().size() > 1 ? tr("[%1] ").arg(index + 1) : QString();
}

void QueryTab::onStatementStarted(int index)
{
    m_started.insert(index, QDateTime::currentDateTimeUtc());
    const qsizetype total = m_runner.statements().size();
    m_status->setText(total > 1 ? tr("Running statement %1 of %2…").arg(index + 1).arg(total)
                                : tr("Running…"));
}

void QueryTab::onColumns(int index, const QList<PgColumn> &columns)
{
    auto *page = new ResultPage(index, columns, AppSettings().resultRowCap(), m_results);
    page->setObjectName(QStringLiteral("resultPage%1").arg(index));
    connect(page, &ResultPage::fetchRequested, this, [this] {
        m_session.resume();
        updateActions();
    });
    // Export runs a read-only statement again on a connection of its own when
    // the grid holds only its first rows; others export what was loaded.
    const QString sql = m_runner.statements().value(index).sql;
    page->view()->setExportSource(m_spec, sql, !StatementClassifier::classify(sql).mayWrite());
    page->view()->setLoading(true);
    m_pages.insert(index, page);
    m_results->addTab(page, tr("Result %1").arg(index + 1));
    m_results->setCurrentWidget(page);
}

void QueryTab::onRows(int index, const PgRowBatch &rows)
{
    ResultPage *page = m_pages.value(index);
    if (!page)
        return;
    if (!page->appendRows(rows)) {
        // The grid has what it shows for now: let the server wait.
        m_session.pause();
        m_status->setText(tr("Showing the first %L1 rows").arg(page->model()->rowCount()));
    } else {
        m_status->setText(tr("%L1 rows…").arg(page->model()->rowCount()));
    }
    updateActions();
}

void QueryTab::onNotice(int index, const PgNotice &notice)
{
    m_notices[index] += 1;
    appendMessage(
        QStringLiteral("%1%2: %3").arg(statementLabel(index), notice.severity, notice.message));
}

void QueryTab::onStatementFinished(int index, const PgStatementResult &result, qint64 elapsedMs)
{
    const qint64 rows =
        result.returnsRows ? result.rowCount : std::max<qint64>(-1, result.rowsAffected);
    QString line = statementLabel(index) +
                   (result.commandTag.isEmpty() ? tr("(empty statement)") : result.commandTag);
    if (result.returnsRows)
        line += tr(" — %L1 rows").arg(result.rowCount);
    line += tr(" — %L1 ms").arg(elapsedMs);
    appendMessage(line);
    if (ResultPage *page = m_pages.value(index)) {
        page->finish(result.commandTag, result.rowCount, elapsedMs, m_notices.value(index));
        page->view()->setLoading(false);
    }
    recordStatement(index, HistoryStatus::Ok, elapsedMs, rows, {});
    const StatementClass kind = StatementClassifier::classify(m_runner.statements().at(index).sql);
    if (kind.kind == StatementKind::Ddl) {
        m_schemaDirty = true;
        if (m_session.transactionStatus() == PgTransactionStatus::Idle) {
            m_schemaDirty = false;
            if (m_catalog)
                m_catalog->refresh();
        }
        Q_EMIT schemaChanged();
    }
}

void QueryTab::onStatementFailed(int index, const PgError &error, qint64 elapsedMs)
{
    const bool cancelled = error.kind == PgError::Kind::Cancelled;
    appendMessage(statementLabel(index) + error.fullText());
    if (error.sqlState == QLatin1String("25006")) // read_only_sql_transaction
        appendMessage(tr("This connection is read-only: its profile sets "
                         "default_transaction_read_only (the default for production). Edit the "
                         "profile and turn off “Read-only” to change data."));
    if (error.position > 0 && index < m_runner.statements().size()) {
        // Mark where the server says the error is, and put the cursor there.
        const int at = m_runner.statements().at(index).offset + error.position - 1;
        m_editor->setErrorMarker(at, error.message);
        QTextCursor cursor(m_editor->document());
        cursor.setPosition(std::clamp(at, 0, m_editor->document()->characterCount() - 1));
        m_editor->setTextCursor(cursor);
    }
    ResultPage *page = m_pages.value(index);
    if (page) {
        page->stop(cancelled ? tr("Cancelled") : tr("Failed"), elapsedMs);
        page->view()->setLoading(false);
    }
    const qint64 rows = page ? page->model()->rowCount() : -1;
    recordStatement(index, cancelled ? HistoryStatus::Cancelled : HistoryStatus::Error, elapsedMs,
                    rows, error);
    // A cancelled fetch keeps its grid in front; an error shows the message.
    if (!(cancelled && page))
        m_results->setCurrentWidget(m_log);
}

void QueryTab::onScriptFinished(bool ok, int executed, int skipped)
{
    const qint64 ms = m_scriptClock.elapsed();
    if (ok)
        m_status->setText(executed > 1 ? tr("%1 statements in %L2 ms").arg(executed).arg(ms)
                                       : tr("Done in %L1 ms").arg(ms));
    else
        m_status->setText(tr("Stopped after %L1 ms").arg(ms));
    if (skipped > 0)
        appendMessage(tr("%n statement(s) after it did not run.", nullptr, skipped));
    updateActions();
    Q_EMIT statusChanged();
    if (m_queued) {
        const QList<ScriptStatement> next = *m_queued;
        m_queued.reset();
        clearResults();
        m_editor->clearErrorMarker();
        appendMessage(QStringLiteral("—"));
        m_scriptClock.start();
        m_runner.start(next, m_autocommitAction->isChecked());
        updateActions();
    }
}

void QueryTab::cancel()
{
    m_queued.reset();
    if (m_runner.isRunning())
        m_runner.cancel();
    if (m_explainer.isRunning())
        m_explainer.cancel();
}

bool QueryTab::isRunning() const
{
    return m_runner.isRunning() || m_explainer.isRunning();
}

void QueryTab::setAutocommit(bool on)
{
    m_autocommitAction->setChecked(on);
}

bool QueryTab::autocommit() const
{
    return m_autocommitAction->isChecked();
}

void QueryTab::endTransaction(bool commit)
{
    if (!m_session.isConnected() || isRunning() || m_endRequest || m_closeRequest)
        return;
    appendMessage(commit ? tr("Committing…") : tr("Rolling back…"));
    m_endRequest = commit ? commitTransaction(m_session) : rollbackTransaction(m_session);
    updateActions();
}

int QueryTab::resultCount() const
{
    return m_results->count() - 1;
}

ResultPage *QueryTab::resultPage(int index) const
{
    return qobject_cast<ResultPage *>(m_results->widget(index + 1));
}

ResultSetModel *QueryTab::resultModel(int index) const
{
    ResultPage *page = resultPage(index);
    return page ? page->model() : nullptr;
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
    // A run paused at the grid's row cap does not block a new one: running
    // stops it first.
    const bool canRun = m_session.isConnected() && (!isRunning() || m_session.isPaused()) &&
                        !m_closeRequest && !m_endRequest;
    m_runAction->setEnabled(canRun);
    m_runStatementAction->setEnabled(canRun);
    const bool canExplain =
        m_session.isConnected() && !isRunning() && !m_closeRequest && !m_endRequest;
    m_explainAction->setEnabled(canExplain);
    m_explainAnalyzeAction->setEnabled(canExplain);
    m_cancelAction->setEnabled(isRunning());
    const auto state = m_session.state();
    m_reconnectAction->setVisible(state == PgSession::State::Disconnected);
    m_badge->setEnabled(!isRunning() && !m_endRequest && !m_closeRequest);
}

} // namespace sightline
