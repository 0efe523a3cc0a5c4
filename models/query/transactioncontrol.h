#pragma once

#include "models/pg/pgsession.h"

namespace sightline {

// Ends the session's open transaction on the user's behalf (closing a tab,
// the failed-transaction badge), so widgets never carry SQL text.
PgRequestId commitTransaction(PgSession &session);
PgRequestId rollbackTransaction(PgSession &session);

} // namespace sightline
