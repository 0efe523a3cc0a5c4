#include "plan.h"

#include "planflag.h"

namespace sightline {

QString PlanNode::displayName() const
{
    QString name;
    if (nodeType == QLatin1String("ModifyTable") && !operation.isEmpty())
        return operation;
    if (parallelAware)
        name += QLatin1String("Parallel ");
    if (asyncCapable)
        name += QLatin1String("Async ");
    if (nodeType == QLatin1String("Aggregate")) {
        if (partialMode == QLatin1String("Partial"))
            name += QLatin1String("Partial ");
        else if (partialMode == QLatin1String("Finalize"))
            name += QLatin1String("Finalize ");
        if (strategy == QLatin1String("Hashed"))
            return name + QLatin1String("HashAggregate");
        if (strategy == QLatin1String("Sorted"))
            return name + QLatin1String("GroupAggregate");
        if (strategy == QLatin1String("Mixed"))
            return name + QLatin1String("MixedAggregate");
        return name + QLatin1String("Aggregate");
    }
    if (nodeType == QLatin1String("SetOp")) {
        name += strategy == QLatin1String("Hashed") ? QLatin1String("HashSetOp")
                                                    : QLatin1String("SetOp");
        if (!setOpCommand.isEmpty())
            name += QLatin1Char(' ') + setOpCommand;
        return name;
    }
    if (nodeType == QLatin1String("Foreign Scan") && !operation.isEmpty() &&
        operation != QLatin1String("Select"))
        return name + QLatin1String("Foreign ") + operation;
    if (nodeType == QLatin1String("Custom Scan") && !customPlanProvider.isEmpty())
        return name + QLatin1String("Custom Scan (") + customPlanProvider + QLatin1Char(')');
    const bool isJoin = nodeType == QLatin1String("Nested Loop") ||
                        nodeType == QLatin1String("Hash Join") ||
                        nodeType == QLatin1String("Merge Join");
    if (isJoin && !joinType.isEmpty() && joinType != QLatin1String("Inner")) {
        // "Hash Join" + Left -> "Hash Left Join"; "Nested Loop" + Left -> "Nested Loop Left Join"
        if (nodeType == QLatin1String("Nested Loop"))
            return name + QLatin1String("Nested Loop ") + joinType + QLatin1String(" Join");
        return name + nodeType.section(QLatin1Char(' '), 0, 0) + QLatin1Char(' ') + joinType +
               QLatin1String(" Join");
    }
    name += nodeType;
    if (scanDirection == QLatin1String("Backward"))
        name += QLatin1String(" Backward");
    return name;
}

QString PlanNode::label() const
{
    QString text = displayName();
    if (!indexName.isEmpty())
        text += QLatin1String(" using ") + indexName;
    const QString target = !relationName.isEmpty()   ? relationName
                           : !cteName.isEmpty()      ? cteName
                           : !functionName.isEmpty() ? functionName
                                                     : QString();
    if (!target.isEmpty()) {
        text += QLatin1String(" on ");
        if (!schema.isEmpty())
            text += schema + QLatin1Char('.');
        text += target;
        if (!alias.isEmpty() && alias != target)
            text += QLatin1Char(' ') + alias;
    }
    return text;
}

QString PlanNode::property(const QString &key) const
{
    for (const PlanProperty &p : properties) {
        if (p.key == key)
            return p.value;
    }
    return {};
}

bool Plan::isAnalyzed() const
{
    for (const PlanNode &node : nodes) {
        if (node.isAnalyzed())
            return true;
    }
    return false;
}

QString planFormatName(PlanFormat format)
{
    switch (format) {
    case PlanFormat::Json:
        return QStringLiteral("json");
    case PlanFormat::Text:
        return QStringLiteral("text");
    case PlanFormat::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

QString planFlagSeverityName(PlanFlagSeverity severity)
{
    switch (severity) {
    case PlanFlagSeverity::Info:
        return QStringLiteral("info");
    case PlanFlagSeverity::Warning:
        return QStringLiteral("warning");
    case PlanFlagSeverity::Critical:
        return QStringLiteral("critical");
    }
    return QStringLiteral("info");
}

} // namespace sightline
