#pragma once

#include "models/query/resultcopy.h"

#include <QTableView>

namespace sightline {

class ResultSetModel;

// The grid of one result: Ctrl+C copies the selection as TSV (what
// spreadsheets paste), the context menu copies it as CSV, Markdown or
// SQL INSERT statements.
class ResultView final : public QTableView
{
    Q_OBJECT
public:
    explicit ResultView(QWidget *parent = nullptr);

    // Shows `model` (the view takes ownership).
    void setResultModel(ResultSetModel *model);
    ResultSetModel *resultModel() const;
    // The selection in the given format (rows and columns of the selected cells,
    // in view order); the whole result when nothing is selected.
    QString selectionAs(CopyFormat format) const;
    void copySelection(CopyFormat format);

private:
    ResultSetModel *m_model = nullptr;
    void showMenu(const QPoint &pos);
};

} // namespace sightline
