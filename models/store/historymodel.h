#pragma once

#include "models/store/historystore.h"

#include <QAbstractTableModel>
#include <QList>
#include <QPointer>

namespace sightline {

// The rows of one history search, as values. setQuery() and reload() replace
// them with a model reset: history is re-read on demand (panel shown, search
// typed), never patched row by row, so the model does not follow the store's
// changed() signal by itself; the panel decides when a reload is worth a reset.
class HistoryModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        StartedColumn,
        ConnectionColumn,
        StatementColumn,
        DurationColumn,
        RowsColumn,
        StatusColumn,
        ColumnCount
    };

    enum Role
    {
        // int(HistoryStatus): views pick the colour, models stay free of QtGui.
        StatusRole = Qt::UserRole + 1,
        // "ok", "error" or "cancelled", for style sheets and QML.
        StatusKeyRole,
        // The whole statement text (what double-click puts back in the editor).
        StatementRole,
        EntryIdRole,
        // QDateTime in UTC, for sorting proxies.
        StartedAtRole,
    };

    // The store is not owned and may go away before the model; the model then
    // keeps what it has and reloads to nothing.
    explicit HistoryModel(HistoryStore *store, QObject *parent = nullptr);

    HistoryQuery query() const { return m_query; }
    void setQuery(const HistoryQuery &query);
    // Re-runs the current query.
    void reload();

    // A default HistoryEntry (id 0) for a row out of range.
    HistoryEntry entry(int row) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // The statement's first non-empty line, trimmed and cut to maxChars with
    // "…" when anything was left out (more lines or more characters).
    static QString statementSummary(const QString &statement, int maxChars = 120);
    // "850 ms", "2.4 s", "3 min 05 s".
    static QString formatDuration(qint64 ms);
    static QString statusText(HistoryStatus status);

private:
    QPointer<HistoryStore> m_store;
    HistoryQuery m_query;
    QList<HistoryEntry> m_entries;
};

} // namespace sightline
