#include "fuzzplan.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // Through detection too, so TEXT that looks like JSON (and back) is covered.
    return sightline::fuzz::run(data, size, [](const QString &input) {
        const sightline::PlanParseResult text = sightline::PlanParser::parseText(input);
        const sightline::PlanParseResult detected = sightline::PlanParser::parse(input);
        return text.ok() ? text : detected;
    });
}
