#pragma once

#include "models/pg/pgsession.h"

#include <QObject>
#include <QPointer>

namespace sightline {

struct HypotheticalIndexResult
{
    QString statement;   // the query explained
    QString createIndex; // the CREATE INDEX the user approved
    QString indexName;   // HypoPG's name for it ("<13732>btree_orders_customer_id")
    QString planBefore;  // EXPLAIN (FORMAT JSON) without the index
    QString planAfter;   // and with it
};

// "Try an index" without building one: with HypoPG, plain EXPLAIN of the
// statement before and after a hypothetical index. Nothing is executed or
// built, and the hypothetical index is dropped again whatever happens
// (HypoPG's indexes live in the session only).
class HypotheticalIndexTrial final : public QObject
{
    Q_OBJECT
public:
    explicit HypotheticalIndexTrial(PgSession *session, QObject *parent = nullptr);

    // Whether HypoPG is installed in the session's database (the capability
    // probe lists installed extensions).
    static bool available(const PgSession &session);

    bool start(const QString &statement, const QString &createIndex);
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void finished(const sightline::HypotheticalIndexResult &result);
    void failed(const sightline::PgError &error);

private:
    void explain(QString *into, const std::function<void()> &next);
    void dropAndFinish(const PgError &error);

    QPointer<PgSession> m_session;
    bool m_running = false;
    HypotheticalIndexResult m_result;
    QString m_indexOid;
};

} // namespace sightline

Q_DECLARE_METATYPE(sightline::HypotheticalIndexResult)
