// The connection manager driven like a person would: offscreen, with clicks
// and typing, against the throwaway PostgreSQL server of the 'pg' fixture.

#include "models/pg/conninfo.h"
#include "models/store/passwordstore.h"
#include "models/store/profilestore.h"
#include "tests/testsupport/testserver.h"
#include "tests/testsupport/widgettest.h"
#include "widgets/connectionimportdialog.h"
#include "widgets/connectionmanagerdialog.h"
#include "widgets/connectiontestpanel.h"
#include "widgets/passwordprompt.h"
#include "widgets/profileeditor.h"
#include "widgets/profileeditordialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

#include <memory>

using namespace sightline;
using sightline::test::child;
using sightline::test::typeInto;
using sightline::test::waitForVisible;

namespace {

const QString kPwRole = QStringLiteral("sightline_pw");
const QString kPassword = QStringLiteral("sightline-test-password");
constexpr int kServerTimeoutMs = 20000;

} // namespace

class TestConnectionDialog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void addTestAndConnect();
    void wrongPasswordThenConnect();
    void enterConnectsWithPgPass();
    void deleteAsksFirst();
    void testIsCancelledWithTheDialog();
    void closingDismissesPrompts();
    void importUri();
    void productionTag();
    void promptDoesNotSave();
    void refusedPasswordIsAskedAgain();
    void testForgetsRefusedPassword();
    void guardMessageNamesItsWait();

private:
    ConnectionProfile serverProfile(const QString &name, const QString &user, PasswordMode mode);

    QString m_host;
    QString m_port;
    QString m_database;
    QString m_serverVersion;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ProfileStore> m_store;
    std::unique_ptr<PasswordStore> m_passwords;
};

void TestConnectionDialog::initTestCase()
{
    SIGHTLINE_REQUIRE_SERVER();
    const PgConnectSpec spec = test::serverSpec();
    m_host = spec.params.value(QStringLiteral("host"));
    m_port = spec.params.value(QStringLiteral("port"));
    m_database = spec.params.value(QStringLiteral("dbname"));
    const PgQueryResult version = test::runOnce(spec, QStringLiteral("SHOW server_version"));
    QVERIFY2(version.ok(), qPrintable(version.error.fullText()));
    m_serverVersion = version.rows.text(0, 0);
    QVERIFY(!m_serverVersion.isEmpty());
}

void TestConnectionDialog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_store = std::make_unique<ProfileStore>(m_dir->filePath(QStringLiteral("connections")));
    m_store->load();
    m_passwords = std::make_unique<PasswordStore>();
}

void TestConnectionDialog::cleanup()
{
    m_passwords.reset();
    m_store.reset();
    m_dir.reset();
}

ConnectionProfile TestConnectionDialog::serverProfile(const QString &name, const QString &user,
                                                      PasswordMode mode)
{
    ConnectionProfile p = ConnectionProfile::create(name);
    p.hosts = m_host;
    p.ports = m_port;
    p.database = m_database;
    p.user = user;
    p.passwordMode = mode;
    return p;
}

void TestConnectionDialog::addTestAndConnect()
{
    ConnectionManagerDialog dialog(m_store.get(), m_passwords.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(child<QLabel>(&dialog, QStringLiteral("emptyHint"))->isVisible());
    QVERIFY(!child<QPushButton>(&dialog, QStringLiteral("testButton"))->isEnabled());

    QTest::mouseClick(child<QPushButton>(&dialog, QStringLiteral("addButton")), Qt::LeftButton);
    auto *editor = waitForVisible<ProfileEditorDialog>(&dialog);
    QVERIFY(editor);

    typeInto(child<QLineEdit>(editor, QStringLiteral("nameEdit")), QStringLiteral("Test server"));
    typeInto(child<QLineEdit>(editor, QStringLiteral("hostsEdit")), m_host);
    typeInto(child<QLineEdit>(editor, QStringLiteral("portsEdit")), QStringLiteral("54x"));
    typeInto(child<QLineEdit>(editor, QStringLiteral("userEdit")), QStringLiteral("sightline"));
    typeInto(child<QLineEdit>(editor, QStringLiteral("databaseEdit")), m_database);

    // A bad port is refused with a message under the field; nothing is saved.
    auto *save = child<QPushButton>(editor, QStringLiteral("saveButton"));
    QTest::mouseClick(save, Qt::LeftButton);
    auto *portError = child<QLabel>(editor, QStringLiteral("portsEditError"));
    QVERIFY(portError->isVisible());
    QVERIFY2(portError->text().contains(QLatin1String("54x")), qPrintable(portError->text()));
    QVERIFY(editor->isVisible());
    QCOMPARE(m_store->count(), 0);

    typeInto(child<QLineEdit>(editor, QStringLiteral("portsEdit")), m_port);
    QVERIFY(!portError->isVisible()); // problems update live once shown
    QTest::mouseClick(save, Qt::LeftButton);
    QTRY_VERIFY(!editor->isVisible());

    QCOMPARE(m_store->count(), 1);
    const ConnectionProfile saved = m_store->profiles().first();
    QCOMPARE(saved.name, QStringLiteral("Test server"));
    QCOMPARE(saved.hosts, m_host);
    QCOMPARE(saved.ports, m_port);
    QCOMPARE(saved.user, QStringLiteral("sightline"));
    QCOMPARE(saved.database, m_database);
    QCOMPARE(saved.passwordMode, PasswordMode::Keychain);
    QVERIFY(QFile::exists(m_store->filePath(saved.id)));

    auto *list = child<QListWidget>(&dialog, QStringLiteral("profileList"));
    QCOMPARE(list->count(), 1);
    QVERIFY(list->item(0)->text().startsWith(QLatin1String("Test server")));
    QVERIFY(!child<QLabel>(&dialog, QStringLiteral("emptyHint"))->isVisible());
    QCOMPARE(dialog.selectedProfile()->id, saved.id);

    // Test: the keychain has nothing (or is not running), so it asks. The
    // trust-authenticated user needs no password: an empty answer will do.
    auto *panel = child<ConnectionTestPanel>(&dialog, QStringLiteral("testPanel"));
    auto *status = child<QLabel>(&dialog, QStringLiteral("testStatus"));
    QTest::mouseClick(child<QPushButton>(&dialog, QStringLiteral("testButton")), Qt::LeftButton);
    auto *prompt = waitForVisible<PasswordPrompt>(&dialog);
    QVERIFY(prompt);
    QVERIFY(panel->isBusy());
    QVERIFY(child<QProgressBar>(&dialog, QStringLiteral("testBusy"))->isVisible());
    QVERIFY(!child<QPushButton>(&dialog, QStringLiteral("testButton"))->isEnabled());
    // Testing offers no saving: that is for Connect.
    QVERIFY(!child<QCheckBox>(prompt, QStringLiteral("savePasswordCheck"))->isVisible());
    QTest::keyClick(child<QLineEdit>(prompt, QStringLiteral("promptPasswordEdit")), Qt::Key_Return);

    QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(m_serverVersion), kServerTimeoutMs);
    QCOMPARE(panel->state(), ConnectionTestPanel::State::Succeeded);
    QVERIFY2(status->text().contains(QLatin1String("sightline")), qPrintable(status->text()));
    QVERIFY(!child<QProgressBar>(&dialog, QStringLiteral("testBusy"))->isVisible());
    QVERIFY(child<QPushButton>(&dialog, QStringLiteral("testButton"))->isEnabled());

    // Connect emits the profile and the (empty) password given at the prompt.
    QSignalSpy requested(&dialog, &ConnectionManagerDialog::connectRequested);
    QTest::mouseClick(child<QPushButton>(&dialog, QStringLiteral("connectButton")), Qt::LeftButton);
    prompt = waitForVisible<PasswordPrompt>(&dialog);
    QVERIFY(prompt);
    QTest::keyClick(child<QLineEdit>(prompt, QStringLiteral("promptPasswordEdit")), Qt::Key_Return);
    QTRY_COMPARE(requested.count(), 1);
    const auto profile = requested.first().at(0).value<ConnectionProfile>();
    QCOMPARE(profile.id, saved.id);
    QCOMPARE(profile.hosts, m_host);
    QCOMPARE(requested.first().at(1).toString(), QString());
    QCOMPARE(requested.first().at(2).toBool(), false);
    QVERIFY(!dialog.isVisible());
}

void TestConnectionDialog::wrongPasswordThenConnect()
{
    const ConnectionProfile p =
        serverProfile(QStringLiteral("Password role"), kPwRole, PasswordMode::AskEveryTime);
    QVERIFY(!m_store->add(p).isNull());

    ConnectionManagerDialog dialog(m_store.get(), m_passwords.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QCOMPARE(dialog.selectedProfile()->id, p.id);
    auto *panel = child<ConnectionTestPanel>(&dialog, QStringLiteral("testPanel"));
    auto *status = child<QLabel>(&dialog, QStringLiteral("testStatus"));

    // Ask-every-time: Test prompts; a wrong password is named as such.
    QTest::mouseClick(child<QPushButton>(&dialog, QStringLiteral("testButton")), Qt::LeftButton);
    auto *prompt = waitForVisible<PasswordPrompt>(&dialog);
    QVERIFY(prompt);
    QTest::keyClicks(child<QLineEdit>(prompt, QStringLiteral("promptPasswordEdit")),
                     QStringLiteral("not-the-password"));
    QTest::mouseClick(child<QPushButton>(prompt, QStringLiteral("promptOkButton")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(panel->state(), ConnectionTestPanel::State::Failed, kServerTimeoutMs);
    QVERIFY2(status->text().contains(QLatin1String("Wrong password")) ||
                 status->text().contains(QLatin1String("password authentication failed")),
             qPrintable(status->text()));
    QVERIFY2(status->text().contains(kPwRole), qPrintable(status->text()));
    QVERIFY(!status->text().contains(m_serverVersion));

    // The same from the editor, with the password typed into its field.
    QTest::mouseClick(child<QPushButton>(&dialog, QStringLiteral("editButton")), Qt::LeftButton);
    auto *editor = waitForVisible<ProfileEditorDialog>(&dialog);
    QVERIFY(editor);
    typeInto(child<QLineEdit>(editor, QStringLiteral("passwordEdit")), QStringLiteral("wrong"));
    QTest::mouseClick(child<QPushButton>(editor, QStringLiteral("editorTestButton")),
                      Qt::LeftButton);
    auto *editorPanel = child<ConnectionTestPanel>(editor, QStringLiteral("editorTestPanel"));
    QTRY_COMPARE_WITH_TIMEOUT(editorPanel->state(), ConnectionTestPanel::State::Failed,
                              kServerTimeoutMs);
    QVERIFY2(editorPanel->text().contains(kPwRole), qPrintable(editorPanel->text()));
    // And the right one succeeds, before anything is saved.
    typeInto(child<QLineEdit>(editor, QStringLiteral("passwordEdit")), kPassword);
    QTest::mouseClick(child<QPushButton>(editor, QStringLiteral("editorTestButton")),
                      Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(editorPanel->state(), ConnectionTestPanel::State::Succeeded,
                              kServerTimeoutMs);
    QVERIFY(editorPanel->text().contains(m_serverVersion));
    QTest::mouseClick(child<QPushButton>(editor, QStringLiteral("cancelButton")), Qt::LeftButton);
    QTRY_VERIFY(!editor->isVisible());

    // Connect asks again (every time) and hands over what was typed.
    QSignalSpy requested(&dialog, &ConnectionManagerDialog::connectRequested);
    QTest::mouseClick(child<QPushButton>(&dialog, QStringLiteral("connectButton")), Qt::LeftButton);
    prompt = waitForVisible<PasswordPrompt>(&dialog);
    QVERIFY(prompt);
    // Ask-every-time never offers the keychain.
    QVERIFY(!child<QCheckBox>(prompt, QStringLiteral("savePasswordCheck"))->isVisible());
    QTest::keyClicks(child<QLineEdit>(prompt, QStringLiteral("promptPasswordEdit")), kPassword);
    QTest::keyClick(child<QLineEdit>(prompt, QStringLiteral("promptPasswordEdit")), Qt::Key_Return);
    QTRY_COMPARE(requested.count(), 1);
    QCOMPARE(requested.first().at(0).value<ConnectionProfile>().id, p.id);
    QCOMPARE(requested.first().at(1).toString(), kPassword);

    // The password that was handed over really opens a session.
    PgSession session;
    PgError error;
    QVERIFY2(
        test::connectAndWait(session, p.toConnectSpec(requested.first().at(1).toString()), &error),
        qPrintable(error.fullText()));
}

void TestConnectionDialog::enterConnectsWithPgPass()
{
    const ConnectionProfile other = serverProfile(
        QStringLiteral("A first one"), QStringLiteral("sightline"), PasswordMode::AskEveryTime);
    const ConnectionProfile p = serverProfile(QStringLiteral("B via pgpass"),
                                              QStringLiteral("sightline"), PasswordMode::PgPass);
    QVERIFY(!m_store->add(other).isNull());
    QVERIFY(!m_store->add(p).isNull());

    ConnectionManagerDialog dialog(m_store.get(), m_passwords.get());
    QSignalSpy requested(&dialog, &ConnectionManagerDialog::connectRequested);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *list = child<QListWidget>(&dialog, QStringLiteral("profileList"));
    QTRY_VERIFY(list->hasFocus());
    QCOMPARE(dialog.selectedProfile()->id, other.id);
    QTest::keyClick(list, Qt::Key_Down);
    QCOMPARE(dialog.selectedProfile()->id, p.id);
    QTest::keyClick(list, Qt::Key_Return);
    // .pgpass mode: no prompt, no password, and exactly one request.
    QTRY_COMPARE(requested.count(), 1);
    QCOMPARE(requested.first().at(0).value<ConnectionProfile>().id, p.id);
    QCOMPARE(requested.first().at(1).toString(), QString());
    QTest::qWait(50);
    QCOMPARE(requested.count(), 1);
    QVERIFY(!dialog.isVisible());
}

void TestConnectionDialog::deleteAsksFirst()
{
    const ConnectionProfile keep =
        serverProfile(QStringLiteral("Keep"), QStringLiteral("sightline"), PasswordMode::PgPass);
    const ConnectionProfile drop = serverProfile(QStringLiteral("Remove me"),
                                                 QStringLiteral("sightline"), PasswordMode::PgPass);
    QVERIFY(!m_store->add(keep).isNull());
    QVERIFY(!m_store->add(drop).isNull());
    const QString dropFile = m_store->filePath(drop.id);

    ConnectionManagerDialog dialog(m_store.get(), m_passwords.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    dialog.selectProfile(drop.id);
    auto *list = child<QListWidget>(&dialog, QStringLiteral("profileList"));
    list->setFocus();

    // Delete, then change one's mind: nothing happens.
    QTest::keyClick(list, Qt::Key_Delete);
    auto *box = waitForVisible<QMessageBox>(&dialog, QStringLiteral("deleteConfirmation"));
    QVERIFY(box);
    QVERIFY(box->text().contains(QLatin1String("Remove me")));
    QTest::keyClick(box, Qt::Key_Escape);
    QTRY_VERIFY(!box->isVisible());
    QCOMPARE(m_store->count(), 2);

    // Enter on the confirmation is the safe answer, too.
    QTest::keyClick(list, Qt::Key_Delete);
    box = waitForVisible<QMessageBox>(&dialog, QStringLiteral("deleteConfirmation"));
    QVERIFY(box);
    QTest::keyClick(box, Qt::Key_Return);
    QTRY_VERIFY(!box->isVisible());
    QCOMPARE(m_store->count(), 2);

    QTest::keyClick(list, Qt::Key_Delete);
    box = waitForVisible<QMessageBox>(&dialog, QStringLiteral("deleteConfirmation"));
    QVERIFY(box);
    QTest::mouseClick(child<QPushButton>(box, QStringLiteral("confirmDeleteButton")),
                      Qt::LeftButton);
    QTRY_COMPARE(m_store->count(), 1);
    QVERIFY(m_store->contains(keep.id));
    QVERIFY(!QFile::exists(dropFile));
    QCOMPARE(list->count(), 1);
    QCOMPARE(dialog.selectedProfile()->id, keep.id);
}

void TestConnectionDialog::testIsCancelledWithTheDialog()
{
    // A server that accepts the TCP connection and then says nothing, so the
    // test stays in "Testing…" for as long as we like.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    ConnectionProfile p = ConnectionProfile::create(QStringLiteral("Silent"));
    p.hosts = QStringLiteral("127.0.0.1");
    p.ports = QString::number(silent.serverPort());
    p.sslMode = QStringLiteral("disable");
    p.passwordMode = PasswordMode::PgPass;
    p.connectTimeout = 60;
    QVERIFY(!m_store->add(p).isNull());

    auto dialog = std::make_unique<ConnectionManagerDialog>(m_store.get(), m_passwords.get());
    dialog->show();
    QVERIFY(QTest::qWaitForWindowExposed(dialog.get()));
    auto *panel = child<ConnectionTestPanel>(dialog.get(), QStringLiteral("testPanel"));
    auto *testButton = child<QPushButton>(dialog.get(), QStringLiteral("testButton"));

    // Cancel with the button: the connection is really closed.
    QTest::mouseClick(testButton, Qt::LeftButton);
    QTRY_VERIFY(silent.hasPendingConnections());
    QTcpSocket *first = silent.nextPendingConnection();
    QCOMPARE(panel->state(), ConnectionTestPanel::State::Testing);
    QVERIFY2(panel->text().contains(QLatin1String("Testing")), qPrintable(panel->text()));
    QVERIFY(child<QProgressBar>(dialog.get(), QStringLiteral("testBusy"))->isVisible());
    auto *cancel = child<QToolButton>(dialog.get(), QStringLiteral("cancelTestButton"));
    QVERIFY(cancel->isVisible());
    // The window keeps answering while it waits.
    QTest::qWait(200);
    QCOMPARE(panel->state(), ConnectionTestPanel::State::Testing);
    QTest::mouseClick(cancel, Qt::LeftButton);
    QCOMPARE(panel->state(), ConnectionTestPanel::State::Idle);
    QVERIFY(panel->text().contains(QLatin1String("cancelled")));
    QTRY_VERIFY(first->state() == QAbstractSocket::UnconnectedState || first->atEnd());
    QTRY_COMPARE(first->state(), QAbstractSocket::UnconnectedState);

    // Close the dialog while testing: same.
    QTest::mouseClick(testButton, Qt::LeftButton);
    QTRY_VERIFY(silent.hasPendingConnections());
    QTcpSocket *second = silent.nextPendingConnection();
    QCOMPARE(panel->state(), ConnectionTestPanel::State::Testing);
    dialog->close();
    QVERIFY(!panel->isBusy());
    QTRY_COMPARE(second->state(), QAbstractSocket::UnconnectedState);
}

void TestConnectionDialog::closingDismissesPrompts()
{
    const ConnectionProfile p =
        serverProfile(QStringLiteral("Asks"), kPwRole, PasswordMode::AskEveryTime);
    QVERIFY(!m_store->add(p).isNull());
    ConnectionManagerDialog dialog(m_store.get(), m_passwords.get());
    QSignalSpy requested(&dialog, &ConnectionManagerDialog::connectRequested);
    auto *panel = child<ConnectionTestPanel>(&dialog, QStringLiteral("testPanel"));

    for (const char *button : {"testButton", "connectButton"}) {
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QTest::mouseClick(child<QPushButton>(&dialog, QLatin1String(button)), Qt::LeftButton);
        auto *prompt = waitForVisible<PasswordPrompt>(&dialog);
        QVERIFY2(prompt, button);
        dialog.close();
        QVERIFY2(!prompt->isVisible(), button);
        QVERIFY(!panel->isBusy());
        QTest::qWait(20);
    }
    QCOMPARE(requested.count(), 0);
}

void TestConnectionDialog::importUri()
{
    ConnectionManagerDialog dialog(m_store.get(), m_passwords.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));

    ConnInfoMap map;
    map.insert(QStringLiteral("host"), m_host);
    map.insert(QStringLiteral("port"), m_port);
    map.insert(QStringLiteral("user"), QStringLiteral("sightline"));
    map.insert(QStringLiteral("dbname"), m_database);
    map.insert(QStringLiteral("application_name"), QStringLiteral("imported app"));
    const QString uri = ConnInfo::toUri(map);

    QTest::mouseClick(child<QPushButton>(&dialog, QStringLiteral("importButton")), Qt::LeftButton);
    auto *import = waitForVisible<ConnectionImportDialog>(&dialog);
    QVERIFY(import);
    auto *text = child<QLineEdit>(import, QStringLiteral("connectionStringEdit"));
    auto *ok = child<QPushButton>(import, QStringLiteral("importOkButton"));
    auto *status = child<QLabel>(import, QStringLiteral("importStatus"));

    // libpq's own complaint for a bad string, and no way to import it.
    typeInto(text, QStringLiteral("host=x bogus"));
    QVERIFY(!ok->isEnabled());
    QVERIFY2(status->text().contains(QLatin1String("bogus")), qPrintable(status->text()));

    typeInto(text, uri);
    QVERIFY2(ok->isEnabled(), qPrintable(status->text()));
    QTest::mouseClick(ok, Qt::LeftButton);

    auto *editor = waitForVisible<ProfileEditorDialog>(&dialog);
    QVERIFY(editor);
    QCOMPARE(child<QLineEdit>(editor, QStringLiteral("hostsEdit"))->text(), m_host);
    QCOMPARE(child<QLineEdit>(editor, QStringLiteral("portsEdit"))->text(), m_port);
    QCOMPARE(child<QLineEdit>(editor, QStringLiteral("userEdit"))->text(),
             QStringLiteral("sightline"));
    QVERIFY(child<QLineEdit>(editor, QStringLiteral("extraParamsEdit"))
                ->text()
                .contains(QLatin1String("imported app")));
    QTest::mouseClick(child<QPushButton>(editor, QStringLiteral("saveButton")), Qt::LeftButton);
    QTRY_COMPARE(m_store->count(), 1);
    const ConnectionProfile saved = m_store->profiles().first();
    QCOMPARE(saved.extraParams.value(QStringLiteral("application_name")),
             QStringLiteral("imported app"));
    QCOMPARE(
        ConnInfo::parse(ConnInfo::toUri(saved.toConnInfo())).params.value(QStringLiteral("host")),
        m_host);
}

void TestConnectionDialog::productionTag()
{
    ConnectionManagerDialog dialog(m_store.get(), m_passwords.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTest::mouseClick(child<QPushButton>(&dialog, QStringLiteral("addButton")), Qt::LeftButton);
    auto *editor = waitForVisible<ProfileEditorDialog>(&dialog);
    QVERIFY(editor);
    typeInto(child<QLineEdit>(editor, QStringLiteral("nameEdit")), QStringLiteral("Live"));
    typeInto(child<QLineEdit>(editor, QStringLiteral("hostsEdit")), m_host);
    typeInto(child<QLineEdit>(editor, QStringLiteral("portsEdit")), m_port);
    typeInto(child<QLineEdit>(editor, QStringLiteral("userEdit")), QStringLiteral("sightline"));
    typeInto(child<QLineEdit>(editor, QStringLiteral("databaseEdit")), m_database);
    auto *mode = child<QComboBox>(editor, QStringLiteral("passwordModeCombo"));
    mode->setFocus();
    QTest::keyClick(mode, Qt::Key_End); // .pgpass / PGPASSWORD / none

    auto *readOnly = child<QCheckBox>(editor, QStringLiteral("readOnlyCheck"));
    auto *warning = child<QLabel>(editor, QStringLiteral("productionWarning"));
    QVERIFY(!readOnly->isChecked());
    QVERIFY(!warning->isVisible());
    auto *tag = child<QComboBox>(editor, QStringLiteral("tagCombo"));
    tag->setFocus();
    QTest::keyClick(tag, Qt::Key_End); // Production
    QVERIFY(readOnly->isChecked());
    QVERIFY(warning->isVisible());
    QVERIFY(!child<QCheckBox>(editor, QStringLiteral("keepHistoryCheck"))->isChecked());
    QVERIFY(warning->styleSheet().contains(QLatin1String("background")));

    QTest::mouseClick(child<QPushButton>(editor, QStringLiteral("saveButton")), Qt::LeftButton);
    QTRY_COMPARE(m_store->count(), 1);
    const ConnectionProfile saved = m_store->profiles().first();
    QCOMPARE(saved.tag, ConnectionTag::Production);
    QCOMPARE(saved.passwordMode, PasswordMode::PgPass);
    QVERIFY(saved.readOnly);
    QVERIFY(!saved.keepHistory);
    QVERIFY(!saved.color.isEmpty()); // production always gets a colour

    // The list shows it unmistakably: its colour fills the row.
    auto *list = child<QListWidget>(&dialog, QStringLiteral("profileList"));
    QCOMPARE(list->item(0)->background().color(), QColor(saved.color));
    QVERIFY(list->item(0)->font().bold());
    QVERIFY(list->item(0)->text().contains(QLatin1String("PRODUCTION")));

    // And the session really is read-only.
    QTest::mouseClick(child<QPushButton>(&dialog, QStringLiteral("testButton")), Qt::LeftButton);
    auto *panel = child<ConnectionTestPanel>(&dialog, QStringLiteral("testPanel"));
    QTRY_VERIFY_WITH_TIMEOUT(!panel->isBusy(), kServerTimeoutMs);
    QVERIFY2(panel->state() == ConnectionTestPanel::State::Succeeded, qPrintable(panel->text()));
    QVERIFY2(panel->text().contains(QLatin1String("read-only")), qPrintable(panel->text()));
}

namespace {

// What one Connect through the manager produced: the connectRequested
// arguments, and what the prompt (if one showed) looked like.
struct ConnectRequest
{
    bool emitted = false;
    QString password;
    bool save = false;
    bool prompted = false;
    QString note;
    bool saveOffered = false;
};

// Connects `profile` through a fresh manager, answering the prompt with
// `password` when one is expected (unticking "Save in keychain" first when asked).
ConnectRequest connectThroughManager(ProfileStore *store, PasswordStore *passwords,
                                     const ConnectionProfile &profile, const QString &password,
                                     bool expectPrompt, bool untickSave = false)
{
    ConnectRequest request;
    ConnectionManagerDialog dialog(store, passwords);
    QSignalSpy requested(&dialog, &ConnectionManagerDialog::connectRequested);
    dialog.show();
    if (!QTest::qWaitForWindowExposed(&dialog))
        return request;
    dialog.selectProfile(profile.id);
    QTest::mouseClick(child<QPushButton>(&dialog, QStringLiteral("connectButton")), Qt::LeftButton);
    if (expectPrompt) {
        auto *prompt = waitForVisible<PasswordPrompt>(&dialog);
        if (!prompt)
            return request;
        request.prompted = true;
        auto *note = child<QLabel>(prompt, QStringLiteral("promptNote"));
        request.note = note->isVisible() ? note->text() : QString();
        auto *save = child<QCheckBox>(prompt, QStringLiteral("savePasswordCheck"));
        request.saveOffered = save->isVisible() && save->isChecked();
        if (untickSave && save->isVisible())
            QTest::mouseClick(save, Qt::LeftButton);
        QTest::keyClicks(child<QLineEdit>(prompt, QStringLiteral("promptPasswordEdit")), password);
        QTest::mouseClick(child<QPushButton>(prompt, QStringLiteral("promptOkButton")),
                          Qt::LeftButton);
    }
    if (!QTest::qWaitFor([&] { return requested.count() > 0; }, 5000))
        return request;
    // A prompt that shows up although none was expected is a failure too.
    request.prompted = request.prompted || !dialog.findChildren<PasswordPrompt *>().isEmpty();
    request.emitted = true;
    request.password = requested.first().at(1).toString();
    request.save = requested.first().at(2).toBool();
    return request;
}

const QString kNone = QStringLiteral("<none>");

} // namespace

void TestConnectionDialog::promptDoesNotSave()
{
    // A refused Keychain profile is the one case the build machine (no keychain
    // service) offers saving in: the store has not tried the keychain yet.
    const ConnectionProfile p =
        serverProfile(QStringLiteral("Saves later"), kPwRole, PasswordMode::Keychain);
    QVERIFY(!m_store->add(p).isNull());
    m_passwords->markRefused(p.id);
    QSignalSpy keychain(m_passwords.get(), &PasswordStore::finished);

    // OK with "Save in keychain" ticked hands the wish on and saves nothing:
    // the password has not opened anything yet.
    const ConnectRequest ticked =
        connectThroughManager(m_store.get(), m_passwords.get(), p, QStringLiteral("typed"), true);
    QVERIFY(ticked.emitted);
    QVERIFY(ticked.saveOffered);
    QCOMPARE(ticked.password, QStringLiteral("typed"));
    QCOMPARE(ticked.save, true);
    QTest::qWait(100);
    QCOMPARE(keychain.count(), 0);
    QVERIFY(!m_passwords->sessionPassword(p.id).has_value());

    // Unticked, the caller is told not to save.
    const ConnectRequest unticked = connectThroughManager(m_store.get(), m_passwords.get(), p,
                                                          QStringLiteral("typed"), true, true);
    QVERIFY(unticked.emitted);
    QCOMPARE(unticked.save, false);

    // An empty password is never saved, ticked or not.
    const ConnectRequest empty =
        connectThroughManager(m_store.get(), m_passwords.get(), p, QString(), true);
    QVERIFY(empty.emitted);
    QCOMPARE(empty.save, false);
    QCOMPARE(keychain.count(), 0);
}

void TestConnectionDialog::refusedPasswordIsAskedAgain()
{
    const ConnectionProfile p =
        serverProfile(QStringLiteral("Refused"), kPwRole, PasswordMode::Keychain);
    QVERIFY(!m_store->add(p).isNull());
    // A wrong password the session holds (as a keychain read or a save used to
    // leave behind): Connect uses it without asking.
    m_passwords->rememberForSession(p.id, QStringLiteral("wrong"));
    ConnectRequest first =
        connectThroughManager(m_store.get(), m_passwords.get(), p, QString(), false);
    QVERIFY(first.emitted);
    QVERIFY(!first.prompted);
    QCOMPARE(first.password, QStringLiteral("wrong"));

    // The server refuses it; the caller reports that.
    PgSession refused;
    PgError error;
    QVERIFY(!test::connectAndWait(refused, p.toConnectSpec(first.password), &error));
    QVERIFY2(PasswordStore::isPasswordRefusal(error), qPrintable(error.fullText()));
    QVERIFY(PasswordPrompt::connectionFailed(p, m_passwords.get(), error));
    QVERIFY(!m_passwords->sessionPassword(p.id).has_value());
    QVERIFY(m_passwords->wasRefused(p.id));

    // So the next Connect asks, says why, and offers to save the new one.
    QSignalSpy keychain(m_passwords.get(), &PasswordStore::finished);
    const ConnectRequest second =
        connectThroughManager(m_store.get(), m_passwords.get(), p, kPassword, true);
    QVERIFY(second.prompted);
    QCOMPARE(second.note, PasswordPrompt::refusedNote());
    QVERIFY(second.saveOffered);
    QVERIFY(second.emitted);
    QCOMPARE(second.password, kPassword);
    QCOMPARE(second.save, true);
    QCOMPARE(keychain.count(), 0);

    // It works; only now is it saved and remembered.
    PgSession accepted;
    QVERIFY2(test::connectAndWait(accepted, p.toConnectSpec(second.password), &error),
             qPrintable(error.fullText()));
    PasswordPrompt::connectionSucceeded(p, m_passwords.get(), second.password, second.save);
    QCOMPARE(m_passwords->sessionPassword(p.id).value_or(kNone), kPassword);
    QVERIFY(!m_passwords->wasRefused(p.id));
    QTRY_COMPARE(keychain.count(), 1); // the write, whether or not a keychain runs here
    const auto written = keychain.first().at(0).value<PasswordResult>();
    QVERIFY2(written.status == PasswordStatus::Stored ||
                 written.status == PasswordStatus::KeychainUnavailable,
             qPrintable(written.message));
    // The write's answer did not unsettle what the session knows.
    QCOMPARE(m_passwords->sessionPassword(p.id).value_or(kNone), kPassword);

    // And the next Connect needs no prompt.
    const ConnectRequest third =
        connectThroughManager(m_store.get(), m_passwords.get(), p, QString(), false);
    QVERIFY(third.emitted);
    QVERIFY(!third.prompted);
    QCOMPARE(third.password, kPassword);
    QCOMPARE(third.save, false);

    // Errors that are not about the password leave it alone.
    PgError other;
    other.kind = PgError::Kind::Connection;
    other.sqlState = QStringLiteral("3D000");
    other.message = QStringLiteral("Database \"nope\" does not exist on the server");
    QVERIFY(!PasswordPrompt::connectionFailed(p, m_passwords.get(), other));
    QCOMPARE(m_passwords->sessionPassword(p.id).value_or(kNone), kPassword);

    if (written.status == PasswordStatus::Stored) {
        // A developer machine with a keychain: leave nothing behind.
        bool deleted = false;
        m_passwords->deletePassword(p.id, this,
                                    [&deleted](const PasswordResult &) { deleted = true; });
        QTRY_VERIFY(deleted);
    }
}

void TestConnectionDialog::testForgetsRefusedPassword()
{
    const ConnectionProfile p =
        serverProfile(QStringLiteral("Tested"), kPwRole, PasswordMode::Keychain);
    QVERIFY(!m_store->add(p).isNull());
    m_passwords->rememberForSession(p.id, QStringLiteral("wrong"));

    ConnectionManagerDialog dialog(m_store.get(), m_passwords.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    dialog.selectProfile(p.id);
    auto *panel = child<ConnectionTestPanel>(&dialog, QStringLiteral("testPanel"));
    auto *testButton = child<QPushButton>(&dialog, QStringLiteral("testButton"));

    // The remembered password is tried without a prompt, and refused.
    QTest::mouseClick(testButton, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(panel->state(), ConnectionTestPanel::State::Failed, kServerTimeoutMs);
    QVERIFY(dialog.findChildren<PasswordPrompt *>().isEmpty());
    QVERIFY2(panel->text().contains(kPwRole), qPrintable(panel->text()));
    QVERIFY(!m_passwords->sessionPassword(p.id).has_value());

    // The next test asks, saying why; a test never offers saving.
    QTest::mouseClick(testButton, Qt::LeftButton);
    auto *prompt = waitForVisible<PasswordPrompt>(&dialog);
    QVERIFY(prompt);
    QCOMPARE(child<QLabel>(prompt, QStringLiteral("promptNote"))->text(),
             PasswordPrompt::refusedNote());
    QVERIFY(!child<QCheckBox>(prompt, QStringLiteral("savePasswordCheck"))->isVisible());
    QTest::keyClicks(child<QLineEdit>(prompt, QStringLiteral("promptPasswordEdit")), kPassword);
    QTest::keyClick(child<QLineEdit>(prompt, QStringLiteral("promptPasswordEdit")), Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(panel->state(), ConnectionTestPanel::State::Succeeded,
                              kServerTimeoutMs);
    // A trial keeps nothing: Connect still asks (the keychain may hold the wrong one).
    QVERIFY(!m_passwords->sessionPassword(p.id).has_value());
    QVERIFY(m_passwords->wasRefused(p.id));
}

void TestConnectionDialog::guardMessageNamesItsWait()
{
    // A server that accepts the connection and never answers.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    ConnectionProfile p = ConnectionProfile::create(QStringLiteral("Silent"));
    p.hosts = QStringLiteral("127.0.0.1");
    p.ports = QString::number(silent.serverPort());
    p.sslMode = QStringLiteral("disable");
    p.passwordMode = PasswordMode::PgPass;
    p.connectTimeout = 60;
    QVERIFY(!m_store->add(p).isNull());

    ConnectionManagerDialog dialog(m_store.get(), m_passwords.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *panel = child<ConnectionTestPanel>(&dialog, QStringLiteral("testPanel"));
    QTest::mouseClick(child<QPushButton>(&dialog, QStringLiteral("testButton")), Qt::LeftButton);
    QTRY_VERIFY(silent.hasPendingConnections());
    QCOMPARE(panel->state(), ConnectionTestPanel::State::Testing);

    // The guard waits longer than the connect timeout (the session enforces
    // that one itself); its message must name the time it really waited.
    const int waited = ConnectionTestPanel::guardSeconds(p);
    QVERIFY(waited > p.connectTimeout);
    auto *guard = panel->findChild<QTimer *>(QStringLiteral("testGuard"));
    QVERIFY(guard);
    QVERIFY(guard->isActive());
    QCOMPARE(guard->interval(), waited * 1000);
    guard->start(0); // rather than waiting a minute for it
    QTRY_COMPARE(panel->state(), ConnectionTestPanel::State::Failed);
    QVERIFY2(panel->text().contains(QStringLiteral("within %1 second").arg(waited)),
             qPrintable(panel->text()));
}

QTEST_MAIN(TestConnectionDialog)
#include "tst_db_connectiondialog.moc"
