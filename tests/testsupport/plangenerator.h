#pragma once

// A synthetic EXPLAIN ANALYZE plan of any size with a realistic mix of nodes
// (partitioned Appends, hash, merge and nested-loop joins, sorts, aggregates,
// Gathers, bitmap and index scans, with times, loops, filters and buffers),
// written as FORMAT JSON or FORMAT TEXT would print it. For benchmarks.

#include <QByteArray>
#include <QList>
#include <QString>

namespace sightline::test {

struct GeneratedPlan
{
    QByteArray json;
    QByteArray text;
    int nodes = 0;
    int maxDepth = 0;
    double executionMs = 0;
};

// Deterministic for a seed.
GeneratedPlan generatePlan(int nodeCount, quint32 seed = 20240601);

// "12.50": fixed decimals, C locale.
QString num(double value, int decimals);

} // namespace sightline::test
