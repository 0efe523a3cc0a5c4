#pragma once

#include "models/store/connectionprofile.h"

#include <QDialog>
#include <QUuid>

#include <optional>

class QLabel;
class QListWidget;
class QPushButton;

namespace sightline {

class ConnectionTestPanel;
class PasswordStore;
class ProfileEditorDialog;
class ProfileStore;

// The saved connections: list (with colour and tag), add, edit, duplicate,
// delete, import, export, test and connect. Everything asynchronous: a test
// or a keychain read never blocks the window, and closing it cancels a test.
//
// Keyboard: Enter connects, Delete deletes (after confirmation), F2 edits,
// Ctrl+N adds; every button has a mnemonic.
class ConnectionManagerDialog final : public QDialog
{
    Q_OBJECT
public:
    ConnectionManagerDialog(ProfileStore *store, PasswordStore *passwords,
                            QWidget *parent = nullptr);
    ~ConnectionManagerDialog() override;

    void selectProfile(const QUuid &id);
    std::optional<ConnectionProfile> selectedProfile() const;
    ConnectionTestPanel *testPanel() const { return m_testPanel; }

    // Opens the editor for a new profile (also for "create a connection" elsewhere).
    void addProfile();
    // Gets the password `profile` needs (keychain, prompt, nothing for .pgpass),
    // then emits connectRequested and closes. Works without showing the dialog;
    // when the user cancels the prompt of a hidden dialog, it is rejected.
    void connectProfile(const ConnectionProfile &profile);
    void done(int result) override;

Q_SIGNALS:
    // The user wants to connect; `password` is what the profile's mode produced
    // (empty for .pgpass mode) and `savePassword` whether they asked for it to
    // be saved in the keychain. Nothing is saved yet: the receiver connects and
    // then calls PasswordPrompt::connectionSucceeded() (which saves) or
    // PasswordPrompt::connectionFailed(). The dialog closes right after.
    void connectRequested(const sightline::ConnectionProfile &profile, const QString &password,
                          bool savePassword);

private:
    void reload();
    void updateActions();
    void editSelected();
    void duplicateSelected();
    void deleteSelected();
    void importConnection();
    void exportSelected(bool asUri);
    void testSelected();
    void connectSelected();
    void openEditor(bool isNew, const ConnectionProfile &profile, const QString &password);
    void editorSaved(ProfileEditorDialog *dialog);
    void showNotice(const QString &text);

    ProfileStore *m_store;
    PasswordStore *m_passwords;
    QListWidget *m_list;
    QLabel *m_emptyHint;
    QLabel *m_details;
    QLabel *m_notice;
    ConnectionTestPanel *m_testPanel;
    QPushButton *m_add;
    QPushButton *m_edit;
    QPushButton *m_duplicate;
    QPushButton *m_delete;
    QPushButton *m_import;
    QPushButton *m_export;
    QPushButton *m_test;
    QPushButton *m_connect;
    quint64 m_connectGeneration = 0; // a password answer for an older Connect is dropped
};

} // namespace sightline
