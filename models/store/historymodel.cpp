#include "models/store/historymodel.h"

#include <QLocale>

namespace sightline {

namespace {

QString statusKey(HistoryStatus status)
{
    switch (status) {
    case HistoryStatus::Ok:
        return QStringLiteral("ok");
    case HistoryStatus::Error:
        return QStringLiteral("error");
    case HistoryStatus::Cancelled:
        return QStringLiteral("cancelled");
    }
    return QString();
}

} // namespace

HistoryModel::HistoryModel(HistoryStore *store, QObject *parent)
    : QAbstractTableModel(parent)
    , m_store(store)
{}

void HistoryModel::setQuery(const HistoryQuery &query)
{
    m_query = query;
    reload();
}

void HistoryModel::reload()
{
    beginResetModel();
    m_entries = m_store ? m_store->search(m_query) : QList<HistoryEntry>();
    endResetModel();
}

HistoryEntry HistoryModel::entry(int row) const
{
    if (row < 0 || row >= m_entries.size())
        return HistoryEntry();
    return m_entries.at(row);
}

int HistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int HistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const HistoryEntry &e = m_entries.at(index.row());

    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case StartedColumn:
            return QLocale().toString(e.startedAt.toLocalTime(), QLocale::ShortFormat);
        case ConnectionColumn:
            if (e.database.isEmpty())
                return e.connectionName;
            return tr("%1 / %2").arg(e.connectionName, e.database);
        case StatementColumn:
            return statementSummary(e.statement);
        case DurationColumn:
            return formatDuration(e.durationMs);
        case RowsColumn:
            return e.rows < 0 ? QString() : QLocale().toString(e.rows);
        case StatusColumn:
            return statusText(e.status);
        }
        return QVariant();
    case Qt::ToolTipRole:
        // The error is what someone hovering the status of a failed run wants.
        if (index.column() == StatusColumn && e.status == HistoryStatus::Error) {
            if (e.errorSqlState.isEmpty())
                return e.errorMessage;
            return tr("%1: %2").arg(e.errorSqlState, e.errorMessage);
        }
        return e.statement;
    case Qt::TextAlignmentRole:
        if (index.column() == DurationColumn || index.column() == RowsColumn)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return QVariant();
    case StatusRole:
        return int(e.status);
    case StatusKeyRole:
        return statusKey(e.status);
    case StatementRole:
        return e.statement;
    case EntryIdRole:
        return e.id;
    case StartedAtRole:
        return e.startedAt;
    }
    return QVariant();
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case StartedColumn:
        return tr("Started");
    case ConnectionColumn:
        return tr("Connection / Database");
    case StatementColumn:
        return tr("Statement");
    case DurationColumn:
        return tr("Duration");
    case RowsColumn:
        return tr("Rows");
    case StatusColumn:
        return tr("Status");
    }
    return QVariant();
}

QHash<int, QByteArray> HistoryModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(StatusRole, "status");
    names.insert(StatusKeyRole, "statusKey");
    names.insert(StatementRole, "statement");
    names.insert(EntryIdRole, "entryId");
    names.insert(StartedAtRole, "startedAt");
    return names;
}

QString HistoryModel::statementSummary(const QString &statement, int maxChars)
{
    const QStringList lines = statement.split(QLatin1Char('\n'));
    qsizetype first = 0;
    while (first < lines.size() && lines.at(first).trimmed().isEmpty())
        ++first;
    if (first == lines.size())
        return QString();
    QString line = lines.at(first).trimmed();
    bool more = false;
    for (qsizetype i = first + 1; i < lines.size() && !more; ++i)
        more = !lines.at(i).trimmed().isEmpty();
    if (maxChars > 1 && line.size() > maxChars) {
        line.truncate(maxChars - 1);
        // Never leave half a surrogate pair behind.
        if (line.back().isHighSurrogate())
            line.chop(1);
        more = true;
    }
    if (more)
        line += QChar(0x2026);
    return line;
}

QString HistoryModel::formatDuration(qint64 ms)
{
    if (ms < 1000)
        return tr("%1 ms").arg(ms);
    if (ms < 60 * 1000)
        return tr("%1 s").arg(QLocale().toString(double(ms) / 1000.0, 'f', 1));
    const qint64 seconds = ms / 1000;
    return tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

QString HistoryModel::statusText(HistoryStatus status)
{
    switch (status) {
    case HistoryStatus::Ok:
        return tr("OK");
    case HistoryStatus::Error:
        return tr("Error");
    case HistoryStatus::Cancelled:
        return tr("Cancelled");
    }
    return QString();
}

} // namespace sightline
