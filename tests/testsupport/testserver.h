#pragma once

#include "models/pg/pgsession.h"

#include <QString>

namespace sightline::test {

// The throwaway server started by the CTest fixture (SIGHTLINE_TEST_PG*).
// Tests never fall back to the machine's own cluster: without the variables
// they fail with a message saying how to run them.
PgConnectSpec serverSpec(const QString &database = QString());
bool serverConfigured(QString *why);

// Creates a fresh database named after the test (dropped first if left over
// from an earlier run) and returns a spec for it. Blocks while it waits.
PgConnectSpec freshDatabase(const QString &name);

// Connects `session` and waits (event loop) until connected; false on failure
// with the error in `error`.
bool connectAndWait(PgSession &session, const PgConnectSpec &spec, PgError *error = nullptr,
                    int timeoutMs = 15000);

// Runs one statement and waits for the whole result.
PgQueryResult runAndWait(PgSession &session, const QString &sql, const QVariantList &params = {},
                         int timeoutMs = 60000);

// Runs one statement on a short-lived connection of its own (setup / checks).
PgQueryResult runOnce(const PgConnectSpec &spec, const QString &sql,
                      const QVariantList &params = {});

} // namespace sightline::test

// Skips-with-failure guard for db tests: fails loudly when the fixture is absent.
#define SIGHTLINE_REQUIRE_SERVER()                                                                 \
    do {                                                                                           \
        QString why_;                                                                              \
        if (!sightline::test::serverConfigured(&why_))                                             \
            QFAIL(qPrintable(why_));                                                               \
    } while (false)
