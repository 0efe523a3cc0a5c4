#include "models/plan/plandiffreport.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

namespace sightline {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("PlanDiffReport", text);
}

QJsonValue nodeRef(const PlanAnalysis &analysis, int id)
{
    if (id < 0 || id >= analysis.plan.nodes.size())
        return QJsonValue::Null;
    return QJsonObject{{QStringLiteral("id"), id},
                       {QStringLiteral("label"), analysis.plan.nodes.at(id).label()}};
}

QJsonValue optionalNumber(const std::optional<double> &value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

QJsonObject buffersObject(const PlanBuffers &b)
{
    return QJsonObject{{QStringLiteral("shared_hit"), b.sharedHit},
                       {QStringLiteral("shared_read"), b.sharedRead},
                       {QStringLiteral("temp_read"), b.tempRead},
                       {QStringLiteral("temp_written"), b.tempWritten}};
}

QString number(double value, int decimals = 2)
{
    return QLocale().toString(value, 'f', decimals);
}

QString rows(const std::optional<double> &value)
{
    return value ? QLocale().toString(*value, 'f', 0) : QStringLiteral("–");
}

} // namespace

QString PlanDiffReport::text(const PlanDiff &diff)
{
    QString out;
    out += tr("Verdict: %1").arg(diff.verdict.text) + QLatin1Char('\n');
    out += tr("Nodes: %1 matched, %2 added, %3 removed")
               .arg(diff.matched.size())
               .arg(diff.added.size())
               .arg(diff.removed.size()) +
           QLatin1Char('\n');
    out += QLatin1Char('\n');
    if (diff.changes.isEmpty()) {
        out += tr("What changed: nothing in the plan.") + QLatin1Char('\n');
    } else {
        out += tr("What changed:") + QLatin1Char('\n');
        for (const PlanChange &change : diff.changes)
            out += QStringLiteral("  - ") + change.text + QLatin1Char('\n');
    }
    if (!diff.before.summary.analyzed || !diff.after.summary.analyzed)
        return out;
    out += QLatin1Char('\n') + tr("Matched nodes (own time, rows):") + QLatin1Char('\n');
    for (const PlanNodeMatch &m : diff.matched) {
        const PlanNode &node = diff.after.plan.nodes.at(m.after);
        out += QStringLiteral("  %1%2: %3 → %4 ms, %5 → %6 rows\n")
                   .arg(QString(node.depth * 2, QLatin1Char(' ')), node.label(),
                        number(m.exclusiveMsBefore), number(m.exclusiveMsAfter), rows(m.rowsBefore),
                        rows(m.rowsAfter));
    }
    return out;
}

QByteArray PlanDiffReport::json(const PlanDiff &diff)
{
    QJsonArray matched;
    for (const PlanNodeMatch &m : diff.matched) {
        matched.append(QJsonObject{
            {QStringLiteral("before"), nodeRef(diff.before, m.before)},
            {QStringLiteral("after"), nodeRef(diff.after, m.after)},
            {QStringLiteral("same_operation"), m.sameOperation},
            {QStringLiteral("exclusive_ms"),
             QJsonObject{{QStringLiteral("before"), m.exclusiveMsBefore},
                         {QStringLiteral("after"), m.exclusiveMsAfter}}},
            {QStringLiteral("inclusive_ms"),
             QJsonObject{{QStringLiteral("before"), m.inclusiveMsBefore},
                         {QStringLiteral("after"), m.inclusiveMsAfter}}},
            {QStringLiteral("rows"),
             QJsonObject{{QStringLiteral("before"), optionalNumber(m.rowsBefore)},
                         {QStringLiteral("after"), optionalNumber(m.rowsAfter)}}},
            {QStringLiteral("loops"), QJsonObject{{QStringLiteral("before"), m.loopsBefore},
                                                  {QStringLiteral("after"), m.loopsAfter}}},
            {QStringLiteral("buffers"),
             QJsonObject{{QStringLiteral("before"), buffersObject(m.buffersBefore)},
                         {QStringLiteral("after"), buffersObject(m.buffersAfter)}}},
            {QStringLiteral("flags_raised"), QJsonArray::fromStringList(m.flagsRaised)},
            {QStringLiteral("flags_cleared"), QJsonArray::fromStringList(m.flagsCleared)},
        });
    }
    QJsonArray added;
    for (int id : diff.added)
        added.append(nodeRef(diff.after, id));
    QJsonArray removed;
    for (int id : diff.removed)
        removed.append(nodeRef(diff.before, id));
    QJsonArray changes;
    for (const PlanChange &change : diff.changes) {
        QJsonObject object{{QStringLiteral("kind"), planChangeKindName(change.kind)},
                           {QStringLiteral("before"), nodeRef(diff.before, change.before)},
                           {QStringLiteral("after"), nodeRef(diff.after, change.after)},
                           {QStringLiteral("text"), change.text}};
        if (!change.ruleId.isEmpty())
            object.insert(QStringLiteral("rule"), change.ruleId);
        changes.append(object);
    }
    const PlanVerdict &v = diff.verdict;
    QJsonObject root{
        {QStringLiteral("matched"), matched},
        {QStringLiteral("added"), added},
        {QStringLiteral("removed"), removed},
        {QStringLiteral("changes"), changes},
        {QStringLiteral("execution_ms"),
         QJsonObject{{QStringLiteral("before"), optionalNumber(v.executionMsBefore)},
                     {QStringLiteral("after"), optionalNumber(v.executionMsAfter)},
                     {QStringLiteral("ratio"), optionalNumber(v.ratio)}}},
        {QStringLiteral("total_cost"),
         QJsonObject{{QStringLiteral("before"), optionalNumber(v.totalCostBefore)},
                     {QStringLiteral("after"), optionalNumber(v.totalCostAfter)}}},
        {QStringLiteral("verdict"),
         QJsonObject{{QStringLiteral("kind"), planVerdictKindName(v.kind)},
                     {QStringLiteral("text"), v.text}}},
        {QStringLiteral("identical_shape"), diff.identicalShape},
    };
    if (v.hasBuffers)
        root.insert(QStringLiteral("blocks_read"),
                    QJsonObject{{QStringLiteral("before"), v.buffersReadBefore},
                                {QStringLiteral("after"), v.buffersReadAfter}});
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace sightline
