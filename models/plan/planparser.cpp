#include "planparser.h"

#include "planjsonreader.h"
#include "plantextreader.h"

#include <QCoreApplication>

namespace sightline {

PlanFormat PlanParser::detect(const QString &input)
{
    // The JSON key is the one thing no TEXT plan prints; it also finds JSON behind an echoed
    // statement, a psql header or pgAdmin's doubled quotes.
    if (input.contains(QLatin1String("\"Node Type\"")))
        return PlanFormat::Json;
    for (QChar c : input) {
        if (c.isSpace() || c == u'|' || c == u'\u2502' || c == u'"')
            continue;
        if (c == u'[' || c == u'{')
            return PlanFormat::Json;
        break;
    }
    return PlanFormat::Text;
}

qsizetype PlanParser::plainJsonStart(QByteArrayView utf8)
{
    qsizetype i = utf8.startsWith("\xef\xbb\xbf") ? 3 : 0; // a UTF-8 byte-order mark
    while (i < utf8.size() &&
           (utf8[i] == ' ' || utf8[i] == '\n' || utf8[i] == '\r' || utf8[i] == '\t'))
        ++i;
    return i < utf8.size() && (utf8[i] == '[' || utf8[i] == '{') ? i : -1;
}

PlanParseResult PlanParser::parse(const QByteArray &utf8)
{
    // A FORMAT JSON export is read straight from its bytes: decoding a large one to UTF-16
    // first would double its size and cost a pass. Anything the fast reader does not read
    // cleanly (frames, "+" continuations, quoting, truncation) takes the general path below.
    const qsizetype start = plainJsonStart(utf8);
    if (start >= 0) {
        if (std::optional<PlanParseResult> plain = PlanJsonReader::readPlain(utf8, start))
            return std::move(*plain);
    }
    return parse(QString::fromUtf8(utf8));
}

PlanParseResult PlanParser::parse(const QString &pasted)
{
    // A byte-order mark from a Windows editor is not part of the plan.
    const QString input = pasted.startsWith(QChar(0xfeff)) ? pasted.mid(1) : pasted;
    if (detect(input) == PlanFormat::Json) {
        PlanParseResult json = PlanJsonReader::read(input);
        if (json.ok())
            return json;
        // "[" at the start of a TEXT paste (a log prefix, a prompt): give TEXT its chance.
        PlanParseResult text = PlanTextReader::read(input);
        if (text.ok() || (json.errorLine == 0 && text.errorLine > 0))
            return text;
        return json;
    }
    PlanParseResult result = PlanTextReader::read(input);
    if (!result.ok()) {
        const QString trimmed = input.trimmed();
        if (trimmed.startsWith(QLatin1String("<explain")) ||
            trimmed.startsWith(QLatin1String("<?xml")) ||
            trimmed.startsWith(QLatin1String("- Plan:"))) {
            result.error = QCoreApplication::translate(
                "PlanParser", "Line 1: XML and YAML EXPLAIN output are not supported; run "
                              "EXPLAIN with FORMAT JSON or FORMAT TEXT.");
            result.errorLine = 1;
        }
    }
    return result;
}

PlanParseResult PlanParser::parseJson(const QString &input)
{
    return PlanJsonReader::read(input);
}

PlanParseResult PlanParser::parseText(const QString &input)
{
    return PlanTextReader::read(input);
}

} // namespace sightline
