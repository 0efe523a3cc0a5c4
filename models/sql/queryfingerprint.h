#pragma once

#include <QString>

namespace sightline {

// A key under which runs of "the same query" meet in the plan history:
// libpg_query's fingerprint, which ignores constants, whitespace, comments
// and letter case ("SELECT * FROM t WHERE id = 1" and "select *
// from t where id=2" share it). Text that does not parse gets a key from its
// whitespace-normalised, lower-cased text instead, so it still groups with
// itself. Never empty for non-blank text.
QString queryFingerprint(const QString &sql);

} // namespace sightline
