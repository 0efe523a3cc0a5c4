#pragma once

#include "models/pg/conninfo.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace sightline {

// Import of a connection: paste a libpq URI or keyword/value string, or pick
// a service from pg_service.conf. Parsed live by libpq, with its own error
// text when the string is not valid.
class ConnectionImportDialog final : public QDialog
{
    Q_OBJECT
public:
    explicit ConnectionImportDialog(QWidget *parent = nullptr);

    void setText(const QString &text);
    // What the string sets; may hold a password, which the caller must keep
    // out of the profile (it goes to the keychain).
    ConnInfoMap params() const { return m_params; }

private:
    void reparse();

    QLineEdit *m_text;
    QComboBox *m_services;
    QLabel *m_status;
    QPushButton *m_import;
    ConnInfoMap m_params;
};

} // namespace sightline
