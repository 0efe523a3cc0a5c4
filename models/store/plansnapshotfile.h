#pragma once

#include "models/store/historystore.h"

#include <QByteArray>
#include <optional>

namespace sightline {

// A plan with its metadata as a JSON file to hand to a colleague:
// {"format": "sightline-plan", "version": 1, "query", "connection", "database",
//  "server_version", "settings", "label", "created_at" (ISO 8601 UTC), "plan"}.
// A JSON plan is embedded as JSON, a TEXT plan as a string.
QByteArray exportPlanSnapshot(const PlanSnapshot &snapshot);
// Reads such a file; on failure nullopt and a sentence in *error. The id and
// profile of the result are empty (it is not in the store yet); the
// fingerprint is computed from the query.
std::optional<PlanSnapshot> importPlanSnapshot(const QByteArray &data, QString *error);

} // namespace sightline
