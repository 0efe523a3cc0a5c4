#include "models/query/transactioncontrol.h"

namespace sightline {

PgRequestId commitTransaction(PgSession &session)
{
    return session.execute(PgSession::sqlResource(QStringLiteral("commit")));
}

PgRequestId rollbackTransaction(PgSession &session)
{
    return session.execute(PgSession::sqlResource(QStringLiteral("rollback")));
}

} // namespace sightline
