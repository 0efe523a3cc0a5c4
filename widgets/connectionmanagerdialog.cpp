#include "widgets/connectionmanagerdialog.h"

#include "widgets/colorswatch.h"

#include "models/pg/conninfo.h"
#include "models/store/passwordstore.h"
#include "models/store/profilestore.h"
#include "widgets/connectionimportdialog.h"
#include "widgets/connectiontestpanel.h"
#include "widgets/passwordprompt.h"
#include "widgets/profileeditor.h"
#include "widgets/profileeditordialog.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QPointer>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

namespace sightline {

namespace {

constexpr int kIdRole = Qt::UserRole;

QColor readableOn(const QColor &background)
{
    const double luminance =
        0.299 * background.redF() + 0.587 * background.greenF() + 0.114 * background.blueF();
    return luminance > 0.6 ? QColor(Qt::black) : QColor(Qt::white);
}

} // namespace

ConnectionManagerDialog::ConnectionManagerDialog(ProfileStore *store, PasswordStore *passwords,
                                                 QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_passwords(passwords)
    , m_list(new QListWidget(this))
    , m_emptyHint(new QLabel(this))
    , m_details(new QLabel(this))
    , m_notice(new QLabel(this))
    , m_testPanel(new ConnectionTestPanel(passwords, this))
    , m_add(new QPushButton(tr("&Add…"), this))
    , m_edit(new QPushButton(tr("&Edit…"), this))
    , m_duplicate(new QPushButton(tr("Dup&licate"), this))
    , m_delete(new QPushButton(tr("&Delete…"), this))
    , m_import(new QPushButton(tr("&Import…"), this))
    , m_export(new QPushButton(tr("E&xport"), this))
    , m_test(new QPushButton(tr("&Test"), this))
    , m_connect(new QPushButton(tr("&Connect"), this))
{
    setObjectName(QStringLiteral("connectionManager"));
    setWindowTitle(tr("Connections"));
    m_list->setObjectName(QStringLiteral("profileList"));
    m_emptyHint->setObjectName(QStringLiteral("emptyHint"));
    m_details->setObjectName(QStringLiteral("profileDetails"));
    m_notice->setObjectName(QStringLiteral("noticeLabel"));
    m_add->setObjectName(QStringLiteral("addButton"));
    m_edit->setObjectName(QStringLiteral("editButton"));
    m_duplicate->setObjectName(QStringLiteral("duplicateButton"));
    m_delete->setObjectName(QStringLiteral("deleteButton"));
    m_import->setObjectName(QStringLiteral("importButton"));
    m_export->setObjectName(QStringLiteral("exportButton"));
    m_test->setObjectName(QStringLiteral("testButton"));
    m_connect->setObjectName(QStringLiteral("connectButton"));

    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setIconSize(QSize(16, 16));
    m_list->setUniformItemSizes(true);
    m_list->setMinimumWidth(280);
    m_emptyHint->setWordWrap(true);
    m_emptyHint->setText(tr("No connections yet. Add one, or import a connection string or a "
                            "service from pg_service.conf."));
    m_details->setWordWrap(true);
    m_details->setTextFormat(Qt::PlainText);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_notice->setWordWrap(true);
    m_notice->setTextFormat(Qt::PlainText);
    m_notice->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_notice->setVisible(false);

    auto *exportMenu = new QMenu(m_export);
    exportMenu->setObjectName(QStringLiteral("exportMenu"));
    QAction *asUri = exportMenu->addAction(tr("Copy as &URI"));
    asUri->setObjectName(QStringLiteral("exportUriAction"));
    QAction *asKeywords = exportMenu->addAction(tr("Copy as &Keyword String"));
    asKeywords->setObjectName(QStringLiteral("exportKeywordsAction"));
    m_export->setMenu(exportMenu);
    m_export->setToolTip(tr("Copy the connection string (never the password)"));
    connect(asUri, &QAction::triggered, this, [this] { exportSelected(true); });
    connect(asKeywords, &QAction::triggered, this, [this] { exportSelected(false); });

    auto *side = new QVBoxLayout;
    for (QPushButton *b : {m_add, m_edit, m_duplicate, m_delete})
        side->addWidget(b);
    side->addSpacing(12);
    side->addWidget(m_import);
    side->addWidget(m_export);
    side->addStretch();

    auto *listColumn = new QVBoxLayout;
    listColumn->addWidget(m_emptyHint);
    listColumn->addWidget(m_list, 1);
    listColumn->addWidget(m_details);

    auto *top = new QHBoxLayout;
    top->addLayout(listColumn, 1);
    top->addLayout(side);

    auto *close = new QPushButton(tr("Close"), this);
    close->setObjectName(QStringLiteral("closeButton"));
    close->setAutoDefault(false);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_test);
    bottom->addStretch();
    bottom->addWidget(close);
    bottom->addWidget(m_connect);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top, 1);
    layout->addWidget(m_notice);
    layout->addWidget(m_testPanel);
    layout->addLayout(bottom);

    // Enter anywhere in the dialog connects; the side buttons must not steal it.
    for (QPushButton *b : {m_add, m_edit, m_duplicate, m_delete, m_import, m_export, m_test})
        b->setAutoDefault(false);
    m_connect->setDefault(true);

    setTabOrder(m_list, m_add);
    setTabOrder(m_add, m_edit);
    setTabOrder(m_edit, m_duplicate);
    setTabOrder(m_duplicate, m_delete);
    setTabOrder(m_delete, m_import);
    setTabOrder(m_import, m_export);
    setTabOrder(m_export, m_test);
    setTabOrder(m_test, close);
    setTabOrder(close, m_connect);

    auto *deleteKey = new QShortcut(QKeySequence::Delete, m_list);
    deleteKey->setContext(Qt::WidgetShortcut);
    connect(deleteKey, &QShortcut::activated, this, &ConnectionManagerDialog::deleteSelected);
    auto *editKey = new QShortcut(QKeySequence(Qt::Key_F2), m_list);
    editKey->setContext(Qt::WidgetShortcut);
    connect(editKey, &QShortcut::activated, this, &ConnectionManagerDialog::editSelected);
    auto *newKey = new QShortcut(QKeySequence::New, this);
    connect(newKey, &QShortcut::activated, this, &ConnectionManagerDialog::addProfile);

    connect(m_add, &QPushButton::clicked, this, &ConnectionManagerDialog::addProfile);
    connect(m_edit, &QPushButton::clicked, this, &ConnectionManagerDialog::editSelected);
    connect(m_duplicate, &QPushButton::clicked, this, &ConnectionManagerDialog::duplicateSelected);
    connect(m_delete, &QPushButton::clicked, this, &ConnectionManagerDialog::deleteSelected);
    connect(m_import, &QPushButton::clicked, this, &ConnectionManagerDialog::importConnection);
    connect(m_test, &QPushButton::clicked, this, &ConnectionManagerDialog::testSelected);
    connect(m_connect, &QPushButton::clicked, this, &ConnectionManagerDialog::connectSelected);
    connect(close, &QPushButton::clicked, this, &QDialog::reject);
    // Double-click connects; Enter reaches the default button (connecting
    // `activated` too would connect twice).
    connect(m_list, &QListWidget::itemDoubleClicked, this,
            &ConnectionManagerDialog::connectSelected);
    connect(m_list, &QListWidget::currentItemChanged, this, [this] {
        m_testPanel->cancel();
        m_testPanel->showMessage(QString());
        updateActions();
    });
    connect(m_testPanel, &ConnectionTestPanel::stateChanged, this,
            &ConnectionManagerDialog::updateActions);
    connect(m_store, &ProfileStore::profilesChanged, this, &ConnectionManagerDialog::reload);
    connect(m_passwords, &PasswordStore::keychainUnavailable, this,
            &ConnectionManagerDialog::showNotice);

    reload();
    if (!m_store->lastLoadProblems().isEmpty())
        showNotice(m_store->lastLoadProblems().join(QLatin1Char('\n')));
    if (m_list->count() > 0)
        m_list->setCurrentRow(0);
    m_list->setFocus();
    resize(sizeHint().expandedTo(QSize(640, 460)));
}

ConnectionManagerDialog::~ConnectionManagerDialog() = default;

void ConnectionManagerDialog::reload()
{
    const std::optional<ConnectionProfile> current = selectedProfile();
    const QSignalBlocker blocker(m_list);
    m_list->clear();
    for (const ConnectionProfile &p : m_store->profiles()) {
        auto *item = new QListWidgetItem(m_list);
        QString text = p.name;
        if (p.isProduction())
            text += QStringLiteral("  ·  ") + tr("PRODUCTION");
        else if (p.tag != ConnectionTag::None)
            text += QStringLiteral("  ·  ") + ConnectionProfile::tagName(p.tag);
        item->setText(text);
        item->setIcon(colorSwatch(p.color));
        item->setData(kIdRole, p.id);
        item->setToolTip(p.target());
        if (p.isProduction()) {
            // Production must be impossible to mistake: its colour fills the row.
            const QColor color(p.color.isEmpty() ? QStringLiteral("#c62828") : p.color);
            item->setBackground(color);
            item->setForeground(readableOn(color));
            QFont font = item->font();
            font.setBold(true);
            item->setFont(font);
        }
    }
    if (current)
        selectProfile(current->id);
    m_emptyHint->setVisible(m_list->count() == 0);
    updateActions();
}

void ConnectionManagerDialog::selectProfile(const QUuid &id)
{
    for (int row = 0; row < m_list->count(); ++row) {
        if (m_list->item(row)->data(kIdRole).toUuid() == id) {
            m_list->setCurrentRow(row);
            return;
        }
    }
}

std::optional<ConnectionProfile> ConnectionManagerDialog::selectedProfile() const
{
    const QListWidgetItem *item = m_list->currentItem();
    if (!item)
        return std::nullopt;
    return m_store->profile(item->data(kIdRole).toUuid());
}

void ConnectionManagerDialog::updateActions()
{
    const std::optional<ConnectionProfile> p = selectedProfile();
    const bool has = p.has_value();
    for (QPushButton *b : {m_edit, m_duplicate, m_delete, m_export, m_connect})
        b->setEnabled(has);
    m_test->setEnabled(has && !m_testPanel->isBusy());
    if (!has) {
        m_details->clear();
        return;
    }
    QString details = p->target();
    if (p->readOnly)
        details += QStringLiteral(" · ") + tr("read-only");
    details += QStringLiteral(" · ") + ConnectionProfile::passwordModeName(p->passwordMode);
    m_details->setText(details);
}

void ConnectionManagerDialog::addProfile()
{
    openEditor(true, ConnectionProfile::create(tr("New connection")), QString());
}

void ConnectionManagerDialog::editSelected()
{
    if (const auto p = selectedProfile())
        openEditor(false, *p, QString());
}

void ConnectionManagerDialog::openEditor(bool isNew, const ConnectionProfile &profile,
                                         const QString &password)
{
    m_testPanel->cancel();
    auto *dialog = new ProfileEditorDialog(isNew ? ProfileEditorDialog::Mode::Add
                                                 : ProfileEditorDialog::Mode::Edit,
                                           profile, m_store, m_passwords, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!password.isEmpty())
        dialog->editor()->setPassword(password);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { editorSaved(dialog); });
    dialog->open();
}

void ConnectionManagerDialog::editorSaved(ProfileEditorDialog *dialog)
{
    const ConnectionProfile saved = dialog->savedProfile();
    const QString password = dialog->enteredPassword();
    selectProfile(saved.id);
    m_testPanel->showMessage(tr("Saved “%1”.").arg(saved.name));

    if (saved.passwordMode == PasswordMode::Keychain && !password.isEmpty()) {
        m_passwords->writePassword(saved.id, password, this, [this](const PasswordResult &r) {
            if (r.status == PasswordStatus::Stored)
                m_testPanel->showMessage(tr("Saved; the password is in the keychain."));
            else
                showNotice(r.message);
        });
    } else if (dialog->originalPasswordMode() == PasswordMode::Keychain &&
               saved.passwordMode != PasswordMode::Keychain &&
               dialog->mode() == ProfileEditorDialog::Mode::Edit) {
        // The profile no longer uses the keychain; leave nothing behind in it.
        m_passwords->deletePassword(saved.id);
    }
}

void ConnectionManagerDialog::duplicateSelected()
{
    const auto p = selectedProfile();
    if (!p)
        return;
    QString error;
    const auto copy = m_store->duplicate(p->id, &error);
    if (!copy) {
        showNotice(tr("Could not duplicate “%1”: %2").arg(p->name, error));
        return;
    }
    selectProfile(copy->id);
    m_testPanel->showMessage(
        tr("Created “%1”. Its password, if any, is asked for on first connect.").arg(copy->name));
}

void ConnectionManagerDialog::deleteSelected()
{
    const auto p = selectedProfile();
    if (!p)
        return;
    auto *box = new QMessageBox(QMessageBox::Question, tr("Delete Connection"),
                                tr("Delete the connection “%1”?").arg(p->name),
                                QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("deleteConfirmation"));
    box->setInformativeText(p->passwordMode == PasswordMode::Keychain
                                ? tr("Its password is removed from the keychain too.")
                                : QString());
    QPushButton *confirm = box->addButton(tr("&Delete"), QMessageBox::DestructiveRole);
    confirm->setObjectName(QStringLiteral("confirmDeleteButton"));
    QPushButton *cancel = box->addButton(QMessageBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelDeleteButton"));
    // The safe answer is the default: Enter does not delete.
    box->setDefaultButton(cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    const QUuid id = p->id;
    const PasswordMode mode = p->passwordMode;
    connect(box, &QMessageBox::finished, this, [this, box, confirm, id, mode] {
        if (box->clickedButton() != confirm)
            return;
        QString error;
        if (!m_store->remove(id, &error)) {
            showNotice(error);
            return;
        }
        if (mode == PasswordMode::Keychain)
            m_passwords->deletePassword(id);
        m_passwords->forgetForSession(id);
        if (m_list->count() > 0 && !m_list->currentItem())
            m_list->setCurrentRow(0);
        m_list->setFocus();
    });
    box->open();
}

void ConnectionManagerDialog::importConnection()
{
    auto *dialog = new ConnectionImportDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const ConnInfoMap params = dialog->params();
        ConnectionProfile profile = ConnectionProfile::fromConnInfo(params);
        // A pasted password travels to the editor's field, so Save puts it in
        // the keychain; it never becomes part of the profile.
        openEditor(true, profile, params.value(QStringLiteral("password")));
    });
    dialog->open();
}

void ConnectionManagerDialog::exportSelected(bool asUri)
{
    const auto p = selectedProfile();
    if (!p)
        return;
    const ConnInfoMap map = p->toConnInfo();
    const QString text = asUri ? ConnInfo::toUri(map) : ConnInfo::toKeywordString(map);
    QGuiApplication::clipboard()->setText(text);
    m_testPanel->showMessage(tr("Copied to the clipboard (without password): %1").arg(text));
}

void ConnectionManagerDialog::testSelected()
{
    if (const auto p = selectedProfile())
        m_testPanel->test(*p);
}

void ConnectionManagerDialog::connectSelected()
{
    if (const auto p = selectedProfile())
        connectProfile(*p);
}

void ConnectionManagerDialog::connectProfile(const ConnectionProfile &profile)
{
    m_testPanel->cancel();
    const quint64 generation = ++m_connectGeneration;
    PasswordPrompt::obtain(
        profile, m_passwords, this, PasswordPrompt::Purpose::Connect,
        [this, generation, profile](const QString &password, bool save) {
            if (generation != m_connectGeneration)
                return;
            Q_EMIT connectRequested(profile, password, save);
            // The receiver may have closed us already (done() moves the generation on).
            if (generation == m_connectGeneration)
                accept();
        },
        [this, generation] {
            // Used without being shown (connecting from elsewhere): nothing
            // else would ever close it.
            if (generation == m_connectGeneration && !isVisible())
                reject();
        });
}

void ConnectionManagerDialog::showNotice(const QString &text)
{
    m_notice->setText(text);
    m_notice->setVisible(!text.isEmpty());
}

void ConnectionManagerDialog::done(int result)
{
    // Nobody reads a test's answer once the window is gone, nor a password
    // asked for a Connect that can no longer happen.
    m_testPanel->cancel();
    ++m_connectGeneration;
    for (PasswordPrompt *prompt : findChildren<PasswordPrompt *>()) {
        if (prompt->isVisible())
            prompt->reject();
    }
    QDialog::done(result);
}

} // namespace sightline
