#pragma once

#include "models/store/connectionprofile.h"

#include <QDialog>

class QPushButton;

namespace sightline {

class ConnectionTestPanel;
class PasswordStore;
class ProfileEditor;
class ProfileStore;

// Adds or edits one profile: the form, a Test that tries the values as they
// stand (saved or not), and Save, which validates, writes the profile to the
// store and reports a write failure here. The entered password is handed to
// the caller (for the keychain), never to the store.
class ProfileEditorDialog final : public QDialog
{
    Q_OBJECT
public:
    enum class Mode
    {
        Add,
        Edit
    };

    ProfileEditorDialog(Mode mode, const ConnectionProfile &profile, ProfileStore *store,
                        PasswordStore *passwords, QWidget *parent = nullptr);

    ProfileEditor *editor() const { return m_editor; }
    Mode mode() const { return m_mode; }
    // After accept: the profile as saved, and the password typed for it (if any).
    ConnectionProfile savedProfile() const { return m_saved; }
    QString enteredPassword() const { return m_password; }
    // The password mode the profile had before editing (to clean up the keychain).
    PasswordMode originalPasswordMode() const { return m_originalMode; }

    void done(int result) override;

private:
    void save();

    Mode m_mode;
    ProfileStore *m_store;
    ProfileEditor *m_editor;
    ConnectionTestPanel *m_testPanel;
    QPushButton *m_test;
    QPushButton *m_save;
    ConnectionProfile m_saved;
    QString m_password;
    PasswordMode m_originalMode;
};

} // namespace sightline
