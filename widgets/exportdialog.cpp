#include "widgets/exportdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace sightline {

namespace {
QString suffixFor(ExportFormat format)
{
    return format == ExportFormat::Json ? QStringLiteral("json") : QStringLiteral("csv");
}
} // namespace

ExportDialog::ExportDialog(const Context &context, QWidget *parent)
    : QDialog(parent)
    , m_context(context)
{
    setObjectName(QStringLiteral("exportDialog"));
    setWindowTitle(tr("Export Result"));

    m_format = new QComboBox(this);
    m_format->setObjectName(QStringLiteral("exportFormat"));
    m_format->addItem(tr("CSV (as psql --csv writes it)"), int(ExportFormat::Csv));
    m_format->addItem(tr("JSON (an array of objects)"), int(ExportFormat::Json));

    m_path = new QLineEdit(this);
    m_path->setObjectName(QStringLiteral("exportPath"));
    const QString directory = context.directory.isEmpty() ? QDir::homePath() : context.directory;
    m_path->setText(QDir(directory).filePath(QStringLiteral("result.csv")));
    auto *browse = new QPushButton(tr("&Browse…"), this);
    browse->setObjectName(QStringLiteral("exportBrowse"));
    browse->setAutoDefault(false);
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_path, 1);
    fileRow->addWidget(browse);

    m_header = new QCheckBox(tr("First line with the column &names"), this);
    m_header->setObjectName(QStringLiteral("exportHeader"));
    m_header->setChecked(true);

    const QString loaded = QLocale().toString(context.loadedRows);
    m_allRows = new QRadioButton(
        tr("&All rows of the result (runs the statement again on a new, read-only connection)"),
        this);
    m_allRows->setObjectName(QStringLiteral("exportAllRows"));
    m_loadedRows = new QRadioButton(tr("Only the %1 &loaded rows").arg(loaded), this);
    m_loadedRows->setObjectName(QStringLiteral("exportLoadedRows"));
    const bool partial = context.capped || context.loading;
    m_offerRerun = partial && context.canRerun;
    m_allRows->setVisible(m_offerRerun);
    m_loadedRows->setVisible(m_offerRerun);
    (m_offerRerun ? m_allRows : m_loadedRows)->setChecked(true);

    m_rowsNote = new QLabel(this);
    m_rowsNote->setObjectName(QStringLiteral("exportRowsNote"));
    m_rowsNote->setWordWrap(true);
    m_rowsNote->setTextFormat(Qt::PlainText);

    auto *form = new QFormLayout;
    form->addRow(tr("&Format:"), m_format);
    form->addRow(tr("F&ile:"), fileRow);
    form->addRow(QString(), m_header);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Export"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("exportOk"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ExportDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_allRows);
    layout->addWidget(m_loadedRows);
    layout->addWidget(m_rowsNote);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    connect(browse, &QPushButton::clicked, this, &ExportDialog::browse);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::formatChanged);
    connect(m_path, &QLineEdit::textChanged, this, &ExportDialog::updateState);
    connect(m_allRows, &QRadioButton::toggled, this, &ExportDialog::updateState);
    updateState();
}

ExportFormat ExportDialog::format() const
{
    return ExportFormat(m_format->currentData().toInt());
}

void ExportDialog::setFormat(ExportFormat format)
{
    m_format->setCurrentIndex(m_format->findData(int(format)));
}

QString ExportDialog::path() const
{
    return m_path->text().trimmed();
}

void ExportDialog::setPath(const QString &path)
{
    m_path->setText(path);
}

bool ExportDialog::header() const
{
    return m_header->isChecked();
}

bool ExportDialog::rerun() const
{
    return m_offerRerun && m_allRows->isChecked();
}

void ExportDialog::setRerun(bool rerun)
{
    if (!m_offerRerun)
        return;
    (rerun ? m_allRows : m_loadedRows)->setChecked(true);
}

QString ExportDialog::rowsNote() const
{
    return m_rowsNote->text();
}

void ExportDialog::browse()
{
    const QString filter =
        format() == ExportFormat::Json ? tr("JSON files (*.json)") : tr("CSV files (*.csv)");
    const QString chosen = QFileDialog::getSaveFileName(
        this, tr("Export Result"), path(), filter + QStringLiteral(";;") + tr("All files (*)"));
    if (chosen.isEmpty())
        return;
    m_path->setText(chosen);
    m_confirmedPath = chosen;
}

void ExportDialog::formatChanged()
{
    // Keep the file name's suffix in step with the format when it is one of ours.
    QString current = path();
    const QFileInfo info(current);
    const QString suffix = info.suffix().toLower();
    if (suffix == QLatin1String("csv") || suffix == QLatin1String("json")) {
        current.chop(suffix.size());
        m_path->setText(current + suffixFor(format()));
    }
    updateState();
}

void ExportDialog::updateState()
{
    m_header->setEnabled(format() == ExportFormat::Csv);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!path().isEmpty());

    const QString loaded = QLocale().toString(m_context.loadedRows);
    QStringList notes;
    if (rerun()) {
        notes << tr("All rows are streamed to the file as the server sends them.");
        if (m_context.sorted)
            notes << tr("They come in the statement's own order: the grid's sort applies to "
                        "loaded rows only.");
        if (m_context.filtered)
            notes << tr("The grid's filter applies to them too.");
    } else {
        if (m_context.capped && !m_context.canRerun)
            notes << tr("Only the %1 loaded rows can be exported: the grid holds just the first "
                        "rows, and this statement is not run a second time because it may "
                        "change data.")
                         .arg(loaded);
        else if (m_context.loading)
            notes << tr("The result is still loading: the %1 rows loaded so far are exported.")
                         .arg(loaded);
        else if (m_context.capped)
            notes << tr("The grid holds only the first %1 rows of the result.").arg(loaded);
        else
            notes << tr("All %1 rows of the result are exported.").arg(loaded);
        if (m_context.sorted || m_context.filtered)
            notes << tr("Rows are written as the grid shows them (sorted and filtered).");
    }
    m_rowsNote->setText(notes.join(QLatin1Char(' ')));
}

void ExportDialog::accept()
{
    const QString target = path();
    if (target.isEmpty())
        return;
    const QFileInfo info(target);
    if (info.isDir()) {
        QMessageBox::warning(this, tr("Export Result"),
                             tr("“%1” is a folder; choose a file name.").arg(target));
        return;
    }
    if (info.exists() && target != m_confirmedPath) {
        const auto answer = QMessageBox::question(
            this, tr("Export Result"),
            tr("“%1” exists. Replace it once the export is complete?").arg(info.fileName()),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Yes)
            return;
    }
    QDialog::accept();
}

} // namespace sightline
