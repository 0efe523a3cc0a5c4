#pragma once

#include "models/pg/pgsession.h"

#include <QString>

#include <functional>

#include <optional>

namespace sightline {

// "work_mem = 256MB", "enable_seqscan off", "SET random_page_cost TO 1.1":
// a planner setting to change for this session only (set_config(name, value,
// false)), read from what a person types. The value travels as a parameter;
// the name must look like a setting name.
struct SettingChange
{
    QString name;
    QString value;
};

std::optional<SettingChange> parseSettingChange(const QString &text, QString *error);

// Applies the change to `session` for the session only; `done` gets the result
// (see PgSession::query()).
PgRequestId applySettingChange(PgSession &session, const SettingChange &change,
                               std::function<void(const PgQueryResult &)> done);

} // namespace sightline
