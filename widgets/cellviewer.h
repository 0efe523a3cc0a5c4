#pragma once

#include <QDialog>
#include <QFutureWatcher>

class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace sightline {

// A read-only window with the whole value of one result cell: json/jsonb
// pretty-printed, bytea as a hex dump with its size (and Save to file…),
// long text with a wrap toggle. Copy and Save always take the whole value,
// also when only the start of a huge one is shown.
class CellViewer final : public QDialog
{
    Q_OBJECT
public:
    // Values longer than this many characters show only their start.
    static constexpr qsizetype kShownChars = 4 * 1024 * 1024;
    // Bytes of a bytea value the hex dump shows.
    static constexpr qsizetype kShownBytes = 256 * 1024;

    explicit CellViewer(QWidget *parent = nullptr);

    // `value` is the server's text form; `isNull` marks SQL NULL.
    void setValue(const QString &columnName, quint32 typeOid, const QString &value, bool isNull);

    QString value() const { return m_value; }
    bool isNull() const { return m_null; }
    // What the text area shows (for tests and accessibility tools).
    QString shownText() const;
    // A note under the value ("not valid JSON", "showing the first …"); empty when none.
    QString note() const;

    // Writes the whole value to `path` off the UI thread (bytea as its bytes,
    // anything else as UTF-8 text); saved() or saveFailed() follow.
    void saveTo(const QString &path);

    // A hex dump of `bytes` (offset, 16 bytes in hex, their printable ASCII).
    static QString hexDump(const QByteArray &bytes);

Q_SIGNALS:
    void saved(const QString &path);
    void saveFailed(const QString &error);

private:
    void copyValue();
    void chooseFile();
    void updateWrap();

    QLabel *m_info = nullptr;
    QPlainTextEdit *m_text = nullptr;
    QLabel *m_note = nullptr;
    QCheckBox *m_wrap = nullptr;
    QPushButton *m_copy = nullptr;
    QPushButton *m_save = nullptr;
    QLabel *m_status = nullptr;
    QFutureWatcher<QString> m_saveWatcher;

    QString m_value;
    quint32 m_typeOid = 0;
    bool m_null = false;
    QString m_savePath;
};

} // namespace sightline
