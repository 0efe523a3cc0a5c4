#include "models/query/explainrunner.h"

#include "models/sql/statementclassifier.h"

#include <QTimer>

namespace sightline {

namespace {

// A name no user script is likely to use for its own savepoint.
const QString kSavepoint = QStringLiteral("sightline_explain");

QString withoutTrailingSemicolons(QString sql)
{
    sql = sql.trimmed();
    while (sql.endsWith(QLatin1Char(';')))
        sql = sql.chopped(1).trimmed();
    return sql;
}

} // namespace

ExplainRunner::ExplainRunner(PgSession *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    qRegisterMetaType<ExplainResult>();
}

QString ExplainRunner::explainStatement(const QString &sql, const ExplainOptions &options,
                                        int serverVersionNum)
{
    QStringList parts{QStringLiteral("FORMAT JSON")};
    if (options.analyze)
        parts << QStringLiteral("ANALYZE");
    // Plain EXPLAIN takes BUFFERS (planning buffers) from 13 on.
    if (options.buffers && (options.analyze || serverVersionNum >= 130000))
        parts << QStringLiteral("BUFFERS");
    if (options.verbose)
        parts << QStringLiteral("VERBOSE");
    if (options.settings && serverVersionNum >= 120000)
        parts << QStringLiteral("SETTINGS");
    if (options.analyze && options.wal && serverVersionNum >= 130000)
        parts << QStringLiteral("WAL");
    if (options.analyze && !options.timing)
        parts << QStringLiteral("TIMING OFF");
    if (options.analyze && options.serialize && serverVersionNum >= 170000)
        parts << QStringLiteral("SERIALIZE");
    if (options.memory && serverVersionNum >= 170000)
        parts << QStringLiteral("MEMORY");
    return QStringLiteral("EXPLAIN (%1) %2")
        .arg(parts.join(QStringLiteral(", ")), withoutTrailingSemicolons(sql));
}

bool ExplainRunner::needsRollback(const QString &sql)
{
    return StatementClassifier::classify(withoutTrailingSemicolons(sql)).mayWrite();
}

bool ExplainRunner::start(const QString &sql, const ExplainOptions &options)
{
    auto refuse = [this](const QString &message) {
        // Reported from the event loop, like every other outcome.
        QTimer::singleShot(0, this,
                           [this, message] { Q_EMIT failed(PgError::client(message), false); });
        return false;
    };
    if (m_running)
        return refuse(tr("An EXPLAIN is already running"));
    if (!m_session || !m_session->isConnected())
        return refuse(tr("Not connected to a server"));
    if (m_session->state() == PgSession::State::Busy)
        return refuse(tr("A statement is still running in this tab"));
    const QString statement = withoutTrailingSemicolons(sql);
    if (statement.isEmpty())
        return refuse(tr("There is no statement to explain"));
    const StatementClass kind = StatementClassifier::classify(statement);
    if (kind.isExplain)
        return refuse(tr("The statement is an EXPLAIN already; run it as it is, or remove "
                         "EXPLAIN to have Sightline explain it"));
    if (m_session->transactionStatus() == PgTransactionStatus::InError)
        return refuse(tr("The transaction has failed, so the server refuses every statement "
                         "until it is rolled back. Roll back, then explain again."));

    m_result = {};
    m_result.statement = statement;
    m_result.options = options;
    m_result.explainSql =
        explainStatement(statement, options, m_session->capabilities().serverVersionNum);
    m_running = true;
    m_wrap = Wrap::None;
    if (options.analyze && kind.mayWrite()) {
        if (m_session->transactionStatus() == PgTransactionStatus::InTransaction) {
            m_wrap = Wrap::Savepoint;
            step(QStringLiteral("SAVEPOINT ") + kSavepoint, [this](const PgQueryResult &r) {
                if (!r.ok())
                    return fail(r.error);
                runExplain();
            });
        } else {
            m_wrap = Wrap::Transaction;
            step(QStringLiteral("BEGIN"), [this](const PgQueryResult &r) {
                // Without the transaction the statement would commit: stop.
                if (!r.ok())
                    return fail(r.error);
                runExplain();
            });
        }
        return true;
    }
    runExplain();
    return true;
}

void ExplainRunner::step(const QString &sql, std::function<void(const PgQueryResult &)> next)
{
    m_request = m_session->query(sql, {}, std::move(next));
}

void ExplainRunner::runExplain()
{
    step(m_result.explainSql, [this](const PgQueryResult &r) {
        if (r.ok()) {
            QStringList lines;
            for (int row = 0; row < r.rows.rowCount(); ++row)
                lines << r.rows.text(row, 0);
            m_result.planJson = lines.join(QLatin1Char('\n'));
            m_result.elapsedMs = r.elapsedMs;
        }
        if (m_wrap == Wrap::None) {
            if (!r.ok())
                return fail(r.error);
            m_running = false;
            Q_EMIT finished(m_result);
            return;
        }
        undo(r.ok() ? PgError() : r.error);
    });
}

// Always runs after the statement, whether it succeeded, failed or was
// cancelled: its effects must not survive.
void ExplainRunner::undo(const PgError &explainError)
{
    const QString sql = m_wrap == Wrap::Transaction
                            ? QStringLiteral("ROLLBACK")
                            : QStringLiteral("ROLLBACK TO SAVEPOINT ") + kSavepoint;
    step(sql, [this, explainError](const PgQueryResult &r) {
        if (!r.ok()) {
            m_running = false;
            Q_EMIT failed(r.error, false);
            return;
        }
        auto done = [this, explainError] {
            m_running = false;
            m_result.rolledBack = true;
            if (explainError.isError())
                Q_EMIT failed(explainError, true);
            else
                Q_EMIT finished(m_result);
        };
        if (m_wrap == Wrap::Savepoint) {
            // The savepoint itself goes too; the user's transaction is as it was.
            step(QStringLiteral("RELEASE SAVEPOINT ") + kSavepoint,
                 [done](const PgQueryResult &) { done(); });
            return;
        }
        done();
    });
}

void ExplainRunner::fail(const PgError &error)
{
    m_running = false;
    Q_EMIT failed(error, false);
}

void ExplainRunner::cancel()
{
    // Only the server-side statement is cancelled; the rollback step still
    // follows (it is sent after the statement ends, so cancel() cannot drop it).
    if (m_running && m_session)
        m_session->cancel();
}

} // namespace sightline
