#pragma once

#include <QByteArray>
#include <QVariant>

#include <vector>

// Private to models/pg: turns query parameters into PostgreSQL's text format.

namespace sightline::pg {

// A QVariant as the text PostgreSQL parses for a $n parameter. Returns false for
// SQL NULL (an invalid or null QVariant). Lists become array literals.
bool encodeParam(const QVariant &value, QByteArray &text);

void encodeParams(const QVariantList &params, std::vector<QByteArray> &values,
                  std::vector<bool> &nulls);

} // namespace sightline::pg
