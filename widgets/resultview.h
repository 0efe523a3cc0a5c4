#pragma once

#include "models/pg/pgsession.h"
#include "models/query/resultcopy.h"
#include "models/query/resultexport.h"
#include "widgets/cellviewer.h"
#include "widgets/exportdialog.h"

#include <QPointer>
#include <QWidget>

class QComboBox;
class QItemSelectionModel;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableView;
class QTimer;
class QToolButton;

namespace sightline {

class ResultSetModel;
class ResultSortFilterModel;

// The page of one result: a filter line with an "n of m rows" count, the
// grid, and a strip that shows a running export. Clicking a column header
// sorts ascending, then descending, then back to the loaded order; sorting
// and filtering run off the UI thread (ResultSortFilterModel).
//
// Ctrl+C copies the selection as TSV (what spreadsheets paste), the context
// menu copies it as CSV, Markdown or SQL INSERT statements, opens the whole
// value of a cell (also on double-click and Shift+Return) and exports the
// result to CSV or JSON. Copy and export take the rows as the grid shows them.
class ResultView final : public QWidget
{
    Q_OBJECT
public:
    explicit ResultView(QWidget *parent = nullptr);
    ~ResultView() override;

    // Shows `model` (the view takes ownership).
    void setResultModel(ResultSetModel *model);
    ResultSetModel *resultModel() const;
    // The sorted and filtered rows the grid shows.
    ResultSortFilterModel *sortFilterModel() const { return m_proxy; }
    QTableView *tableView() const { return m_grid; }
    // The grid's selection (indexes of sortFilterModel()).
    QItemSelectionModel *selectionModel() const;

    // The selection in the given format (rows and columns of the selected
    // cells, in view order); all rows shown when nothing is selected.
    QString selectionAs(CopyFormat format) const;
    void copySelection(CopyFormat format);

    // Where "Export…" may get the whole result when the grid holds only its
    // first rows: `sql` runs again on a new connection made from `spec`.
    // With canRerun false (a statement that may change data) only the loaded
    // rows are exported, and the dialog says so.
    void setExportSource(const sightline::PgConnectSpec &spec, const QString &sql, bool canRerun);
    // Whether rows are still arriving (export then offers the re-run, if
    // allowed, and says the loaded rows are not all).
    void setLoading(bool loading);

    // Opens the viewer with the whole value of the current cell.
    void viewCurrentValue();
    CellViewer *cellViewer() const { return m_viewer; }

    // Opens the export dialog (window-modal); the export runs in the background.
    void showExportDialog();
    ExportDialog *exportDialog() const { return m_exportDialog; }
    // Starts an export as the dialog would: all rows by re-running the
    // statement (the grid's filter applies to them, its sort cannot), or the
    // rows as the grid shows them. Empty options.columns means the columns as
    // the grid shows them. False when one is running or a re-run is asked for
    // without a source that allows it.
    bool startExport(const QString &path, const ExportOptions &options, bool rerun);
    bool isExporting() const;
    // The message the export strip shows (progress, or how the last one ended).
    QString exportMessage() const;

Q_SIGNALS:
    void exportFinished(sightline::ResultExport::Outcome outcome, qint64 rows,
                        const QString &error);

private:
    void showMenu(const QPoint &pos);
    void applyFilter();
    void updateCount();
    void resetSortIndicator();
    void exportProgress(qint64 rows);
    void exportDone(ResultExport::Outcome outcome, qint64 rows, const QString &error);
    QList<int> visibleColumns() const;
    QList<int> exportColumns() const;
    int proxyRow(const QModelIndex &index) const;

    ResultSetModel *m_model = nullptr;
    ResultSortFilterModel *m_proxy = nullptr;
    QTableView *m_grid = nullptr;
    QLineEdit *m_filterEdit = nullptr;
    QComboBox *m_filterColumn = nullptr;
    QLabel *m_count = nullptr;
    QTimer *m_filterDelay = nullptr;

    QWidget *m_exportBar = nullptr;
    QLabel *m_exportLabel = nullptr;
    QProgressBar *m_exportProgress = nullptr;
    QPushButton *m_exportCancel = nullptr;
    QToolButton *m_exportClose = nullptr;
    ResultExport *m_export = nullptr;
    qint64 m_exportTotal = -1;

    QPointer<CellViewer> m_viewer;
    QPointer<ExportDialog> m_exportDialog;

    PgConnectSpec m_spec;
    QString m_sql;
    bool m_hasSource = false;
    bool m_canRerun = false;
    bool m_loading = false;
};

} // namespace sightline
