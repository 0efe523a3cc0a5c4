#pragma once

#include <QMutex>

namespace sightline {

// libpg_query keeps its parser memory per thread and is not documented as
// safe to enter concurrently from several threads of one process; every
// caller takes this one lock so calls never overlap, whatever feature (split,
// classify) makes them.
QMutex &pgQueryMutex();

} // namespace sightline
