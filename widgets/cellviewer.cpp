#include "widgets/cellviewer.h"

#include "models/query/resultvalueformat.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace sightline {

namespace {

QString typeName(quint32 oid)
{
    switch (valueKind(oid)) {
    case ValueKind::Json:
        return oid == resulttype::Jsonb ? QStringLiteral("jsonb") : QStringLiteral("json");
    case ValueKind::Bytea:
        return QStringLiteral("bytea");
    case ValueKind::Bool:
        return QStringLiteral("boolean");
    case ValueKind::Integer:
    case ValueKind::Decimal:
    case ValueKind::Text:
        break;
    }
    return {};
}

// Runs on a worker thread; returns an error message, empty on success.
QString writeValue(const QString &path, const QString &value, bool bytea)
{
    QByteArray bytes;
    const QByteArray text = value.toUtf8();
    if (!bytea || !decodeBytea(text, &bytes))
        bytes = text;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return CellViewer::tr("Cannot write “%1”: %2").arg(path, file.errorString());
    return {};
}

} // namespace

CellViewer::CellViewer(QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("cellViewer"));
    setWindowTitle(tr("Value"));
    resize(640, 480);

    m_info = new QLabel(this);
    m_info->setObjectName(QStringLiteral("cellInfo"));
    m_info->setTextFormat(Qt::PlainText);

    m_text = new QPlainTextEdit(this);
    m_text->setObjectName(QStringLiteral("cellText"));
    m_text->setReadOnly(true);
    m_text->setUndoRedoEnabled(false);

    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("cellNote"));
    m_note->setTextFormat(Qt::PlainText);
    m_note->setWordWrap(true);
    m_note->hide();

    m_wrap = new QCheckBox(tr("&Wrap lines"), this);
    m_wrap->setObjectName(QStringLiteral("wrapCheck"));
    connect(m_wrap, &QCheckBox::toggled, this, &CellViewer::updateWrap);

    m_copy = new QPushButton(tr("&Copy"), this);
    m_copy->setObjectName(QStringLiteral("copyValueButton"));
    m_copy->setAutoDefault(false);
    connect(m_copy, &QPushButton::clicked, this, &CellViewer::copyValue);

    m_save = new QPushButton(tr("&Save to File…"), this);
    m_save->setObjectName(QStringLiteral("saveValueButton"));
    m_save->setAutoDefault(false);
    connect(m_save, &QPushButton::clicked, this, &CellViewer::chooseFile);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("cellStatus"));
    m_status->setTextFormat(Qt::PlainText);

    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_wrap);
    buttons->addWidget(m_status, 1);
    buttons->addWidget(m_copy);
    buttons->addWidget(m_save);
    buttons->addWidget(close);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_info);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_note);
    layout->addLayout(buttons);

    connect(&m_saveWatcher, &QFutureWatcher<QString>::finished, this, [this] {
        const QString error = m_saveWatcher.result();
        m_save->setEnabled(true);
        if (error.isEmpty()) {
            m_status->setText(tr("Saved."));
            Q_EMIT saved(m_savePath);
        } else {
            m_status->setText(error);
            Q_EMIT saveFailed(error);
        }
    });
}

void CellViewer::setValue(const QString &columnName, quint32 typeOid, const QString &value,
                          bool isNull)
{
    m_value = value;
    m_typeOid = typeOid;
    m_null = isNull;
    m_status->clear();
    setWindowTitle(tr("Value of “%1”").arg(columnName));

    const QString type = typeName(typeOid);
    const ValueKind kind = valueKind(typeOid);
    QString shown;
    QString note;
    QString info;
    bool monospace = false;
    bool wrap = true;

    if (isNull) {
        info = tr("NULL");
        note = tr("The value is SQL NULL (not an empty string).");
    } else if (kind == ValueKind::Bytea) {
        QByteArray bytes;
        // Only what the dump shows is decoded here; Save decodes the rest off the UI thread.
        const QByteArray text = value.left(2 + 2 * kShownBytes).toUtf8();
        const qint64 size = value.startsWith(QLatin1String("\\x")) ? (value.size() - 2) / 2
                                                                   : byteaSize(value.toUtf8());
        if (decodeBytea(text, &bytes)) {
            shown = hexDump(bytes.left(kShownBytes));
            if (size > kShownBytes)
                note = tr("Showing the first %1 of %2 bytes; Copy and Save take all of them.")
                           .arg(QLocale().toString(kShownBytes), QLocale().toString(size));
        } else {
            shown = value.left(kShownChars);
            note = tr("Not in a bytea text form this viewer reads; shown as sent.");
        }
        info = tr("bytea, %1 bytes").arg(QLocale().toString(qMax<qint64>(size, 0)));
        monospace = true;
        wrap = false;
    } else if (kind == ValueKind::Json) {
        monospace = true;
        wrap = false;
        if (value.size() > kShownChars) {
            shown = value.left(kShownChars);
            note = tr("Too long to indent; showing the first %1 characters as sent.")
                       .arg(QLocale().toString(kShownChars));
        } else {
            shown = prettyJson(value);
            if (shown.isNull()) {
                shown = value;
                note = tr("Not valid JSON; shown as sent.");
            }
        }
        info = tr("%1, %2 characters").arg(type, QLocale().toString(value.size()));
    } else {
        shown = value.left(kShownChars);
        if (value.size() > kShownChars)
            note = tr("Showing the first %1 of %2 characters; Copy and Save take all of them.")
                       .arg(QLocale().toString(kShownChars), QLocale().toString(value.size()));
        info = type.isEmpty() ? tr("%1 characters").arg(QLocale().toString(value.size()))
                              : tr("%1, %2 characters").arg(type, QLocale().toString(value.size()));
    }

    m_info->setText(info);
    m_note->setText(note);
    m_note->setVisible(!note.isEmpty());
    m_text->setFont(monospace ? QFontDatabase::systemFont(QFontDatabase::FixedFont) : font());
    m_text->setPlainText(isNull ? QString() : shown);
    m_wrap->setChecked(wrap);
    updateWrap();
    m_copy->setEnabled(!isNull);
    m_save->setEnabled(!isNull && !m_saveWatcher.isRunning());
}

QString CellViewer::shownText() const
{
    return m_text->toPlainText();
}

QString CellViewer::note() const
{
    return m_note->text();
}

void CellViewer::copyValue()
{
    if (m_null)
        return;
    QApplication::clipboard()->setText(m_value);
    m_status->setText(tr("Copied."));
}

void CellViewer::chooseFile()
{
    const bool bytea = valueKind(m_typeOid) == ValueKind::Bytea;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save Value"), QString(),
        bytea ? tr("All files (*)") : tr("Text files (*.txt);;All files (*)"));
    if (!path.isEmpty())
        saveTo(path);
}

void CellViewer::saveTo(const QString &path)
{
    if (m_null || m_saveWatcher.isRunning())
        return;
    m_savePath = path;
    m_save->setEnabled(false);
    m_status->setText(tr("Saving…"));
    m_saveWatcher.setFuture(
        QtConcurrent::run(writeValue, path, m_value, valueKind(m_typeOid) == ValueKind::Bytea));
}

void CellViewer::updateWrap()
{
    m_text->setLineWrapMode(m_wrap->isChecked() ? QPlainTextEdit::WidgetWidth
                                                : QPlainTextEdit::NoWrap);
}

QString CellViewer::hexDump(const QByteArray &bytes)
{
    static const char hex[] = "0123456789abcdef";
    QString out;
    out.reserve((bytes.size() / 16 + 1) * 78);
    for (qsizetype offset = 0; offset < bytes.size(); offset += 16) {
        out += QStringLiteral("%1  ").arg(offset, 8, 16, QLatin1Char('0'));
        QString ascii;
        for (qsizetype i = 0; i < 16; ++i) {
            if (i == 8)
                out += QLatin1Char(' ');
            if (offset + i < bytes.size()) {
                const auto b = static_cast<unsigned char>(bytes.at(offset + i));
                out += QLatin1Char(hex[b >> 4]);
                out += QLatin1Char(hex[b & 0xf]);
                out += QLatin1Char(' ');
                ascii += b >= 0x20 && b < 0x7f ? QLatin1Char(char(b)) : QLatin1Char('.');
            } else {
                out += QLatin1String("   ");
            }
        }
        out += QLatin1String(" |") + ascii + QLatin1String("|\n");
    }
    return out;
}

} // namespace sightline
