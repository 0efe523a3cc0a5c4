#include "models/query/transactioncontrol.h"

namespace sightline {

PgRequestId commitTransaction(PgSession &session)
{
    return session.execute(QStringLiteral("COMMIT"));
}

PgRequestId rollbackTransaction(PgSession &session)
{
    return session.execute(QStringLiteral("ROLLBACK"));
}

} // namespace sightline
