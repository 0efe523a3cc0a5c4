#include "models/query/realindextrial.h"

#include "models/plan/planparser.h"

#include <QRegularExpression>
#include <QUuid>

#include <algorithm>

namespace sightline {

RealIndexTrial::RealIndexTrial(PgSession *session, const PgConnectSpec &monitorSpec,
                               QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_monitorSpec(monitorSpec)
{
    qRegisterMetaType<RealIndexResult>();
    m_pollTimer.setInterval(250);
    connect(&m_pollTimer, &QTimer::timeout, this, &RealIndexTrial::poll);
}

RealIndexTrial::~RealIndexTrial() = default;

QString RealIndexTrial::concurrentStatement(const QString &createIndex, const QString &name,
                                            QString *error)
{
    static const QRegularExpression form(
        QStringLiteral("^\\s*create\\s+(unique\\s+)?index\\s+(?:concurrently\\s+)?"
                       "(?:if\\s+not\\s+exists\\s+)?(?:(?!on\\b)(\"(?:[^\"]|\"\")+\"|[\\w$]+)\\s+)?"
                       "on\\s+(.+?)\\s*;?\\s*$"),
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::DotMatchesEverythingOption);
    const QRegularExpressionMatch match = form.match(createIndex);
    if (!match.hasMatch()) {
        *error = tr("Only a CREATE INDEX statement can be tried for real.");
        return {};
    }
    return QStringLiteral("CREATE %1INDEX CONCURRENTLY %2 ON %3")
        .arg(match.captured(1).isEmpty() ? QString() : QStringLiteral("UNIQUE "), name,
             match.captured(3));
}

bool RealIndexTrial::start(const QString &statement, const QString &createIndex, int runs)
{
    auto refuse = [this](const QString &message) {
        QTimer::singleShot(0, this, [this, message] { Q_EMIT failed(PgError::client(message)); });
        return false;
    };
    if (m_running)
        return refuse(tr("A trial is already running"));
    if (!m_session || !m_session->isConnected() || m_session->state() == PgSession::State::Busy)
        return refuse(tr("The session is not free to run the trial"));
    if (m_session->transactionStatus() != PgTransactionStatus::Idle)
        return refuse(tr("A transaction is open: CREATE INDEX CONCURRENTLY cannot run inside "
                         "one. Commit or roll back first."));
    m_result = {};
    m_result.statement = statement;
    m_result.indexName = QStringLiteral("sightline_trial_%1")
                             .arg(QUuid::createUuid().toString(QUuid::Id128).left(12));
    QString error;
    m_result.createIndex = concurrentStatement(createIndex, m_result.indexName, &error);
    if (m_result.createIndex.isEmpty())
        return refuse(error);
    m_runs = std::max(1, runs);
    m_running = true;
    m_cancelled = false;
    m_explainer = std::make_unique<ExplainRunner>(m_session);
    explainRuns(false, m_runs);
    return true;
}

void RealIndexTrial::explainRuns(bool after, int remaining)
{
    if (remaining == 0) {
        if (!after) {
            build();
            return;
        }
        m_running = false;
        m_result.medianBefore = medianRun(m_result.msBefore);
        m_result.medianAfter = medianRun(m_result.msAfter);
        Q_EMIT finished(m_result);
        return;
    }
    Q_EMIT stageChanged(after ? tr("Explain Analyze with the index, run %1 of %2")
                                    .arg(m_runs - remaining + 1)
                                    .arg(m_runs)
                              : tr("Explain Analyze without the index, run %1 of %2")
                                    .arg(m_runs - remaining + 1)
                                    .arg(m_runs));
    m_explainer->disconnect(this);
    connect(m_explainer.get(), &ExplainRunner::finished, this,
            [this, after, remaining](const ExplainResult &r) {
                if (m_cancelled)
                    return fail(PgError::client(tr("Cancelled")), after);
                const PlanParseResult parsed = PlanParser::parse(r.planJson);
                const double ms = parsed.ok() ? parsed.mainPlan().executionTimeMs.value_or(0) : 0;
                (after ? m_result.plansAfter : m_result.plansBefore) << r.planJson;
                (after ? m_result.msAfter : m_result.msBefore) << ms;
                explainRuns(after, remaining - 1);
            });
    connect(m_explainer.get(), &ExplainRunner::failed, this,
            [this, after](const PgError &error, bool) { fail(error, after); });
    ExplainOptions options;
    options.analyze = true;
    m_explainer->start(m_result.statement, options);
}

void RealIndexTrial::build()
{
    Q_EMIT stageChanged(tr("Building %1 (CREATE INDEX CONCURRENTLY)").arg(m_result.indexName));
    m_building = true;
    m_monitor = std::make_unique<PgSession>();
    connect(m_monitor.get(), &PgSession::connected, this, [this] { m_pollTimer.start(); });
    m_monitor->connectToServer(m_monitorSpec);
    m_session->query(m_result.createIndex, {}, [this](const PgQueryResult &r) {
        m_building = false;
        m_pollTimer.stop();
        m_monitor.reset();
        if (!r.ok()) {
            fail(r.error, true);
            return;
        }
        if (m_cancelled) {
            fail(PgError::client(tr("Cancelled")), true);
            return;
        }
        Q_EMIT progress(tr("done"), 1.0);
        explainRuns(true, m_runs);
    });
}

void RealIndexTrial::poll()
{
    if (!m_monitor || !m_monitor->isConnected() || m_monitor->state() == PgSession::State::Busy)
        return;
    m_monitor->query(
        PgSession::sqlResource(QStringLiteral("index_build_progress")),
        {QString::number(m_session ? m_session->backendPid() : 0)}, [this](const PgQueryResult &r) {
            if (!r.ok() || r.rows.rowCount() == 0 || !m_building)
                return;
            const QString phase = r.rows.text(0, 0);
            const double done = r.rows.text(0, 1).toDouble();
            const double total = r.rows.text(0, 2).toDouble();
            Q_EMIT progress(phase, total > 0 ? std::clamp(done / total, 0.0, 1.0) : -1.0);
        });
}

void RealIndexTrial::cancel()
{
    if (!m_running)
        return;
    m_cancelled = true;
    if (m_session)
        m_session->cancel();
}

void RealIndexTrial::fail(const PgError &error, bool dropFirst)
{
    m_running = false;
    m_pollTimer.stop();
    m_monitor.reset();
    if (!dropFirst || !m_session || !m_session->isConnected()) {
        Q_EMIT failed(error);
        return;
    }
    // A cancelled or failed CONCURRENTLY build leaves an invalid index: drop it.
    m_session->query(QStringLiteral("DROP INDEX CONCURRENTLY IF EXISTS %1")
                         .arg(m_session->escapeIdentifier(m_result.indexName)),
                     {}, [this, error](const PgQueryResult &) { Q_EMIT failed(error); });
}

void RealIndexTrial::dropIndex()
{
    if (!m_session || !m_session->isConnected() || m_result.indexName.isEmpty()) {
        Q_EMIT dropped(false,
                       tr("Not connected: the index %1 is still there.").arg(m_result.indexName));
        return;
    }
    m_session->query(QStringLiteral("DROP INDEX CONCURRENTLY IF EXISTS %1")
                         .arg(m_session->escapeIdentifier(m_result.indexName)),
                     {}, [this](const PgQueryResult &r) {
                         Q_EMIT dropped(r.ok(), r.ok() ? tr("%1 dropped.").arg(m_result.indexName)
                                                       : r.error.fullText());
                     });
}

int RealIndexTrial::medianRun(const QList<double> &ms)
{
    if (ms.isEmpty())
        return -1;
    QList<int> order(ms.size());
    for (int i = 0; i < ms.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [&ms](int a, int b) { return ms.at(a) < ms.at(b); });
    return order.at((order.size() - 1) / 2);
}

} // namespace sightline
