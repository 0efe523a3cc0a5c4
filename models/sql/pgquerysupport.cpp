#include "models/sql/pgquerysupport.h"

namespace sightline {

QMutex &pgQueryMutex()
{
    static QMutex mutex;
    return mutex;
}

} // namespace sightline
