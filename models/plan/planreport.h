#pragma once

#include "planmetrics.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>

namespace sightline {

// Turns an analysed plan into something to read or to script against: the text report of
// `sightline plan analyze` and its --json object. Pure functions over PlanAnalysis, no widgets,
// so views ("copy report") and the command line share one wording and one JSON shape.
class PlanReport final
{
    Q_DECLARE_TR_FUNCTIONS(sightline::PlanReport)

public:
    struct TextOptions
    {
        // The command line sends parser warnings to stderr instead, so a terminal does not show
        // them twice.
        bool includeWarnings = true;
        // Nodes listed in the summary; planthresholds::summarySlowestNodes by default.
        int slowestNodes = -1;
    };

    enum class JsonStyle
    {
        Indented,
        Compact,
    };

    // The readable report: summary, the tree with exclusive times and row estimates, then the
    // flags (most severe and slowest first) with why and what to try.
    static QString text(const PlanAnalysis &analysis, const TextOptions &options);
    static QString text(const PlanAnalysis &analysis) { return text(analysis, TextOptions()); }

    // The same report as Markdown for a ticket or a wiki page: the summary as a table, the
    // tree as a table (one row per node, indented), the flags with why and what to try, and the
    // warnings met while reading the plan.
    static QString markdown(const PlanAnalysis &analysis,
                            const QList<PlanWarning> &extraWarnings = {});

    // One JSON object (UTF-8):
    //   {"format": "json"|"text", "nodes": N, "planning_ms": x|null, "execution_ms": x|null,
    //    "warnings": [{"line": n|null, "message": s}],
    //    "flags": [{"rule", "severity", "node", "node_type", "relation", "message", "why",
    //               "suggestion"}],
    //    "plan": {per-node fields and metrics, "children": [...]} | null}
    // Unknown values are null, numbers are JSON numbers. Written without recursion, so a deep
    // plan cannot exhaust the stack. `extraWarnings` are added after the parser's own (the
    // command line uses it for "the input holds several plans").
    static QByteArray json(const PlanAnalysis &analysis, JsonStyle style = JsonStyle::Indented,
                           const QList<PlanWarning> &extraWarnings = {});

    // Flags in report order: severity (critical first), then the flagged node's exclusive time
    // (slowest first), then node id. Plan-level flags come after node flags of their severity.
    static QList<PlanFlag> sortedFlags(const PlanAnalysis &analysis);
};

} // namespace sightline
