#include "models/query/hypotheticalindex.h"

#include "models/query/explainrunner.h"

#include <QTimer>

namespace sightline {

HypotheticalIndexTrial::HypotheticalIndexTrial(PgSession *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    qRegisterMetaType<HypotheticalIndexResult>();
}

bool HypotheticalIndexTrial::available(const PgSession &session)
{
    return session.capabilities().hasExtension(QStringLiteral("hypopg"));
}

bool HypotheticalIndexTrial::start(const QString &statement, const QString &createIndex)
{
    auto refuse = [this](const QString &message) {
        QTimer::singleShot(0, this, [this, message] { Q_EMIT failed(PgError::client(message)); });
        return false;
    };
    if (m_running)
        return refuse(tr("A trial is already running"));
    if (!m_session || !m_session->isConnected())
        return refuse(tr("Not connected to a server"));
    if (m_session->state() == PgSession::State::Busy)
        return refuse(tr("A statement is still running in this tab"));
    if (m_session->transactionStatus() == PgTransactionStatus::InError)
        return refuse(tr("The transaction has failed; roll it back first"));
    if (!available(*m_session))
        return refuse(tr("HypoPG is not installed in this database. An administrator can add "
                         "it with CREATE EXTENSION hypopg (package postgresql-NN-hypopg)."));
    m_running = true;
    m_result = {};
    m_result.statement = statement;
    m_result.createIndex = createIndex;
    m_indexOid.clear();
    explain(&m_result.planBefore, [this] {
        m_session->query(
            QStringLiteral("SELECT indexrelid::text, indexname FROM hypopg_create_index($1)"),
            {m_result.createIndex}, [this](const PgQueryResult &r) {
                if (!r.ok() || r.rows.rowCount() != 1) {
                    m_running = false;
                    Q_EMIT failed(r.ok() ? PgError::client(tr("HypoPG made no index of it"))
                                         : r.error);
                    return;
                }
                m_indexOid = r.rows.text(0, 0);
                m_result.indexName = r.rows.text(0, 1);
                explain(&m_result.planAfter, [this] { dropAndFinish(PgError()); });
            });
    });
    return true;
}

void HypotheticalIndexTrial::explain(QString *into, const std::function<void()> &next)
{
    ExplainOptions options;
    options.analyze = false;
    const QString sql = ExplainRunner::explainStatement(m_result.statement, options,
                                                        m_session->capabilities().serverVersionNum);
    m_session->query(sql, {}, [this, into, next](const PgQueryResult &r) {
        if (!r.ok()) {
            dropAndFinish(r.error);
            return;
        }
        QStringList lines;
        for (int row = 0; row < r.rows.rowCount(); ++row)
            lines << r.rows.text(row, 0);
        *into = lines.join(QLatin1Char('\n'));
        next();
    });
}

void HypotheticalIndexTrial::dropAndFinish(const PgError &error)
{
    auto finish = [this, error] {
        m_running = false;
        if (error.isError())
            Q_EMIT failed(error);
        else
            Q_EMIT finished(m_result);
    };
    if (m_indexOid.isEmpty()) {
        finish();
        return;
    }
    // Nothing may be left behind, also when the second EXPLAIN failed.
    m_session->query(QStringLiteral("SELECT hypopg_drop_index($1::oid)"), {m_indexOid},
                     [finish](const PgQueryResult &) { finish(); });
}

} // namespace sightline
