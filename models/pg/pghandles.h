#pragma once

// Private to models/pg: RAII owners for libpq handles. Every handle libpq gives
// us is wrapped at the point it is obtained, so no path can forget to free it.

#include <libpq-fe.h>

#include <memory>

namespace sightline::pg {

struct PQclearDeleter
{
    void operator()(PGresult *result) const noexcept { PQclear(result); }
};

struct PQfinishDeleter
{
    void operator()(PGconn *conn) const noexcept { PQfinish(conn); }
};

struct PQfreememDeleter
{
    void operator()(void *ptr) const noexcept { PQfreemem(ptr); }
};

struct PQconninfoFreeDeleter
{
    void operator()(PQconninfoOption *options) const noexcept { PQconninfoFree(options); }
};

using ResultPtr = std::unique_ptr<PGresult, PQclearDeleter>;
using ConnPtr = std::unique_ptr<PGconn, PQfinishDeleter>;
using NotifyPtr = std::unique_ptr<PGnotify, PQfreememDeleter>;
using CopyBufferPtr = std::unique_ptr<char, PQfreememDeleter>;
using EscapedTextPtr = std::unique_ptr<char, PQfreememDeleter>; // PQescapeIdentifier
using ConnInfoOptionsPtr = std::unique_ptr<PQconninfoOption, PQconninfoFreeDeleter>;

// A PGcancel outlives the connection it was made from: the worker thread that
// sends the cancel request holds its own reference until it is done.
using CancelPtr = std::shared_ptr<PGcancel>;
inline CancelPtr makeCancel(PGconn *conn)
{
    PGcancel *cancel = PQgetCancel(conn);
    if (!cancel)
        return {};
    return CancelPtr(cancel, [](PGcancel *c) { PQfreeCancel(c); });
}

} // namespace sightline::pg
