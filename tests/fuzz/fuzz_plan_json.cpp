#include "fuzzplan.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return sightline::fuzz::run(
        data, size, [](const QString &input) { return sightline::PlanParser::parseJson(input); });
}
