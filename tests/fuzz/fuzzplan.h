#pragma once

#include "models/plan/plananalyzer.h"
#include "models/plan/planparser.h"

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <cstdint>

namespace sightline::fuzz {

// One fuzz input through a reader and everything that runs on its result. The checks turn a
// wrong tree into a crash the fuzzer reports, not only memory errors.
template<typename Reader>
int run(const uint8_t *data, size_t size, Reader read)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const PlanParseResult result = read(QString::fromUtf8(bytes));
    for (const Plan &plan : result.plans) {
        const PlanAnalysis analysis = PlanAnalyzer::analyze(plan);
        for (qsizetype i = 0; i < plan.nodes.size(); ++i) {
            const PlanNode &node = plan.nodes[i];
            if (node.id != i || node.parent >= i || (i > 0 && node.parent < 0))
                __builtin_trap();
            if (!(analysis.metrics[i].exclusiveMs >= 0))
                __builtin_trap();
            (void)node.label();
        }
        for (const PlanFlag &flag : analysis.flags) {
            if (flag.nodeId < -1 || flag.nodeId >= plan.nodes.size() || flag.message.isEmpty())
                __builtin_trap();
        }
    }
    if (!result.ok() && result.error.isEmpty())
        __builtin_trap();
    return 0;
}

} // namespace sightline::fuzz
