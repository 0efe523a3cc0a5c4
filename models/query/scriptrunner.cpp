#include "models/query/scriptrunner.h"

#include "models/sql/statementclassifier.h"

#include <QRegularExpression>

namespace sightline {

ScriptRunner::ScriptRunner(PgSession *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    connect(session, &PgSession::columnsReceived, this,
            [this](PgRequestId id, int, const QList<PgColumn> &columns) {
                if (id == m_request && id != 0)
                    Q_EMIT columnsReceived(m_index, columns);
            });
    connect(session, &PgSession::rowsReceived, this,
            [this](PgRequestId id, int, const PgRowBatch &rows) {
                if (id == m_request && id != 0)
                    Q_EMIT rowsReceived(m_index, rows);
            });
    connect(session, &PgSession::statementFinished, this,
            [this](PgRequestId id, const PgStatementResult &result) {
                if (id == m_request && id != 0) {
                    m_result = result;
                    m_hasResult = true;
                }
            });
    connect(session, &PgSession::requestFailed, this, [this](PgRequestId id, const PgError &e) {
        if (id != 0 && (id == m_request || id == m_beginRequest))
            m_error = e;
    });
    connect(session, &PgSession::noticeReceived, this,
            [this](PgRequestId id, const PgNotice &notice) {
                if (id != 0 && (id == m_request || id == m_beginRequest))
                    Q_EMIT noticeReceived(m_index, notice);
            });
    connect(session, &PgSession::requestFinished, this, &ScriptRunner::onRequestFinished);
    connect(session, &PgSession::connectionLost, this, [this](const PgError &error) {
        // The running request has failed with the connection (requestFailed and
        // requestFinished come first); anything still marked running ends here.
        if (!isRunning())
            return;
        m_error = error;
        Q_EMIT statementFailed(m_index, error, 0);
        finish(false);
    });
}

bool ScriptRunner::runsOutsideTransaction(const QString &sql)
{
    const StatementClass statement = StatementClassifier::classify(sql);
    if (statement.kind == StatementKind::TransactionControl)
        return true;
    static const QStringList refused = {QStringLiteral("VACUUM"),
                                        QStringLiteral("CREATE DATABASE"),
                                        QStringLiteral("DROP DATABASE"),
                                        QStringLiteral("ALTER SYSTEM"),
                                        QStringLiteral("CREATE TABLESPACE"),
                                        QStringLiteral("DROP TABLESPACE"),
                                        QStringLiteral("CREATE SUBSCRIPTION"),
                                        QStringLiteral("DROP SUBSCRIPTION")};
    if (refused.contains(statement.command))
        return true;
    // CREATE INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY, REINDEX ... CONCURRENTLY
    static const QRegularExpression concurrently(QStringLiteral("\\bconcurrently\\b"),
                                                 QRegularExpression::CaseInsensitiveOption);
    return statement.command.contains(QLatin1String("INDEX")) && concurrently.match(sql).hasMatch();
}

bool ScriptRunner::start(const QList<ScriptStatement> &statements, bool autocommit)
{
    if (!m_session || !m_session->isConnected() || isRunning() || statements.isEmpty())
        return false;
    m_statements = statements;
    m_autocommit = autocommit;
    m_index = 0;
    m_executed = 0;
    m_cancelled = false;
    runCurrent();
    return true;
}

void ScriptRunner::runCurrent()
{
    m_result = {};
    m_hasResult = false;
    m_error = {};
    const ScriptStatement &statement = m_statements.at(m_index);
    Q_EMIT statementStarted(m_index);
    if (!isRunning())
        return;
    m_beginRequest = 0;
    if (!m_autocommit && m_session->transactionStatus() == PgTransactionStatus::Idle &&
        !runsOutsideTransaction(statement.sql))
        m_beginRequest = m_session->execute(QStringLiteral("BEGIN"));
    m_request = m_session->execute(statement.sql);
}

void ScriptRunner::cancel()
{
    if (!isRunning() || m_cancelled)
        return;
    m_cancelled = true;
    if (m_session)
        m_session->cancel();
}

void ScriptRunner::onRequestFinished(PgRequestId id, bool ok, qint64 elapsedMs)
{
    if (id == 0 || !isRunning())
        return;
    if (id == m_beginRequest) {
        m_beginRequest = 0;
        if (!ok || m_cancelled) {
            // cancel() dropped the statement queued behind a BEGIN that ended anyway.
            if (ok)
                m_error = PgError::client(tr("Cancelled before it started"));
            if (m_cancelled)
                m_error.kind = PgError::Kind::Cancelled;
            // The statement behind it is not run on its own: it would commit.
            m_session->cancelRequest(m_request);
            m_request = 0;
            Q_EMIT statementFailed(m_index, m_error, elapsedMs);
            finish(false);
        }
        return;
    }
    if (id != m_request)
        return;
    m_request = 0;
    if (!ok) {
        Q_EMIT statementFailed(m_index, m_error, elapsedMs);
        finish(false);
        return;
    }
    ++m_executed;
    Q_EMIT statementFinished(m_index, m_result, elapsedMs);
    if (!isRunning())
        return;
    if (m_cancelled || m_index + 1 >= m_statements.size()) {
        finish(!m_cancelled);
        return;
    }
    ++m_index;
    runCurrent();
}

void ScriptRunner::finish(bool ok)
{
    const int skipped = int(m_statements.size()) - m_executed - (ok ? 0 : 1);
    if (m_request && m_session)
        m_session->cancelRequest(m_request);
    m_index = -1;
    m_request = 0;
    m_beginRequest = 0;
    Q_EMIT finished(ok, m_executed, std::max(0, skipped));
}

} // namespace sightline
