#pragma once

#include "models/store/connectionprofile.h"

#include <QMap>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace sightline {

// The form for one connection profile: General (where, who, password,
// colour, tag), SSL, Advanced. Problems are shown under the field they
// concern. The password field is never part of the profile.
class ProfileEditor final : public QWidget
{
    Q_OBJECT
public:
    explicit ProfileEditor(QWidget *parent = nullptr);

    void setProfile(const ConnectionProfile &profile);
    // The profile as the fields describe it (id and other hidden parts kept).
    ConnectionProfile profile() const;

    // What was typed in the password field (for Test, or to store in the keychain).
    QString password() const;
    void setPassword(const QString &password);

    // Shows every problem next to its field, focuses the first; true when none.
    bool validate();
    bool isModified() const { return m_modified; }
    void setModified(bool modified) { m_modified = modified; }

    // Reads pg_service.conf again for the service list.
    void reloadServices();
    void focusFirstField();

Q_SIGNALS:
    void changed();

private:
    QLineEdit *addLineEdit(QFormLayout *form, const QString &label, const QString &objectName,
                           ProfileField field);
    QLineEdit *addFileEdit(QFormLayout *form, const QString &label, const QString &objectName,
                           ProfileField field, const QString &filter);
    void addErrorRow(QFormLayout *form, ProfileField field, QWidget *fieldWidget);
    void showProblems(const QList<ProfileProblem> &problems);
    void onTagChanged();
    void onPasswordModeChanged();
    void setColor(const QString &color);
    void chooseColor();
    void updateProductionLook();
    void markChanged();
    ConnInfoMap parsedExtraParams(QString *error) const;

    ConnectionProfile m_profile; // what setProfile gave: keeps id and unknown parts
    QString m_color;
    bool m_modified = false;
    bool m_loading = false;
    bool m_showProblems = false; // after the first validate(), problems update live

    QTabWidget *m_tabs;
    QLineEdit *m_name;
    QLineEdit *m_hosts;
    QLineEdit *m_ports;
    QLineEdit *m_database;
    QLineEdit *m_user;
    QComboBox *m_passwordMode;
    QLineEdit *m_password;
    QLabel *m_passwordHint;
    QPushButton *m_colorButton;
    QComboBox *m_tag;
    QCheckBox *m_readOnly;
    QLabel *m_productionWarning;
    QComboBox *m_sslMode;
    QLineEdit *m_sslCert;
    QLineEdit *m_sslKey;
    QLineEdit *m_sslRootCert;
    QLineEdit *m_sslCrl;
    QComboBox *m_service;
    QLineEdit *m_options;
    QSpinBox *m_timeout;
    QCheckBox *m_keepHistory;
    QLineEdit *m_extraParams;

    QMap<ProfileField, QLabel *> m_errorLabels;
    QMap<ProfileField, QWidget *> m_fieldWidgets;
};

} // namespace sightline
