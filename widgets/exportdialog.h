#pragma once

#include "models/query/resultexport.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QRadioButton;

namespace sightline {

// Asks where and how to export a result: format, file, header row, and,
// when the grid holds only the first rows, whether to run the statement
// again for all of them.
class ExportDialog final : public QDialog
{
    Q_OBJECT
public:
    struct Context
    {
        qint64 loadedRows = 0;
        bool capped = false;   // the grid holds only the first rows of the result
        bool loading = false;  // rows are still arriving
        bool canRerun = false; // the statement may run again on its own connection
        bool sorted = false;
        bool filtered = false;
        QString directory; // where the file goes unless the user picks another
    };

    explicit ExportDialog(const Context &context, QWidget *parent = nullptr);

    ExportFormat format() const;
    void setFormat(ExportFormat format);
    QString path() const;
    void setPath(const QString &path);
    bool header() const;
    // Whether to run the statement again and export all its rows.
    bool rerun() const;
    void setRerun(bool rerun);
    // What the dialog says about the rows that will be written.
    QString rowsNote() const;

    void accept() override;

private:
    void browse();
    void formatChanged();
    void updateState();

    Context m_context;
    bool m_offerRerun = false;
    QComboBox *m_format = nullptr;
    QLineEdit *m_path = nullptr;
    QCheckBox *m_header = nullptr;
    QRadioButton *m_allRows = nullptr;
    QRadioButton *m_loadedRows = nullptr;
    QLabel *m_rowsNote = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QString m_confirmedPath; // chosen in the file dialog, which asked about replacing
};

} // namespace sightline
