#include "widgets/profileeditor.h"

#include "widgets/colorswatch.h"

#include "models/pg/conninfo.h"

#include <QCheckBox>
#include <QColorDialog>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPixmap>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace sightline {

namespace {

// Production without a colour of its own still has to stand out.
const QString kDefaultProductionColor = QStringLiteral("#c62828");

// Black or white, whichever reads better on `background`.
QString textColorOn(const QColor &background)
{
    const double luminance =
        0.299 * background.redF() + 0.587 * background.greenF() + 0.114 * background.blueF();
    return luminance > 0.6 ? QStringLiteral("#000000") : QStringLiteral("#ffffff");
}

} // namespace

ProfileEditor::ProfileEditor(QWidget *parent)
    : QWidget(parent)
    , m_tabs(new QTabWidget(this))
{
    setObjectName(QStringLiteral("profileEditor"));
    m_tabs->setObjectName(QStringLiteral("editorTabs"));

    // --- General ---
    auto *general = new QWidget(m_tabs);
    general->setObjectName(QStringLiteral("generalPage"));
    auto *form = new QFormLayout(general);
    m_name = addLineEdit(form, tr("&Name:"), QStringLiteral("nameEdit"), ProfileField::Name);
    m_name->setPlaceholderText(tr("How this connection appears in lists"));
    m_hosts = addLineEdit(form, tr("&Host(s):"), QStringLiteral("hostsEdit"), ProfileField::Hosts);
    m_hosts->setPlaceholderText(tr("db.example.com, or db1,db2 for fail-over; empty: PGHOST or the "
                                   "local socket"));
    m_ports = addLineEdit(form, tr("&Port:"), QStringLiteral("portsEdit"), ProfileField::Ports);
    m_ports->setPlaceholderText(tr("5432, or one per host: 5432,5433"));
    m_database =
        addLineEdit(form, tr("Data&base:"), QStringLiteral("databaseEdit"), ProfileField::Database);
    m_database->setPlaceholderText(tr("empty: same as the user name"));
    m_user = addLineEdit(form, tr("&User:"), QStringLiteral("userEdit"), ProfileField::User);
    m_user->setPlaceholderText(tr("empty: PGUSER or your login name"));

    m_passwordMode = new QComboBox(general);
    m_passwordMode->setObjectName(QStringLiteral("passwordModeCombo"));
    for (PasswordMode mode :
         {PasswordMode::Keychain, PasswordMode::AskEveryTime, PasswordMode::PgPass})
        m_passwordMode->addItem(ConnectionProfile::passwordModeName(mode), int(mode));
    auto *modeLabel = new QLabel(tr("Password &mode:"), general);
    modeLabel->setBuddy(m_passwordMode);
    form->addRow(modeLabel, m_passwordMode);

    m_password = new QLineEdit(general);
    m_password->setObjectName(QStringLiteral("passwordEdit"));
    m_password->setEchoMode(QLineEdit::Password);
    auto *passwordLabel = new QLabel(tr("Pass&word:"), general);
    passwordLabel->setBuddy(m_password);
    form->addRow(passwordLabel, m_password);
    m_passwordHint = new QLabel(general);
    m_passwordHint->setObjectName(QStringLiteral("passwordHint"));
    m_passwordHint->setWordWrap(true);
    m_passwordHint->setEnabled(false); // greyed: an explanation, not a control
    form->addRow(QString(), m_passwordHint);

    m_colorButton = new QPushButton(general);
    m_colorButton->setObjectName(QStringLiteral("colorButton"));
    auto *clearColor = new QToolButton(general);
    clearColor->setObjectName(QStringLiteral("clearColorButton"));
    clearColor->setText(tr("No Colour"));
    auto *colorRow = new QHBoxLayout;
    colorRow->addWidget(m_colorButton);
    colorRow->addWidget(clearColor);
    colorRow->addStretch();
    auto *colorLabel = new QLabel(tr("C&olour:"), general);
    colorLabel->setBuddy(m_colorButton);
    form->addRow(colorLabel, colorRow);
    addErrorRow(form, ProfileField::Color, m_colorButton);

    m_tag = new QComboBox(general);
    m_tag->setObjectName(QStringLiteral("tagCombo"));
    for (ConnectionTag tag : {ConnectionTag::None, ConnectionTag::Development,
                              ConnectionTag::Staging, ConnectionTag::Production})
        m_tag->addItem(ConnectionProfile::tagName(tag), int(tag));
    auto *tagLabel = new QLabel(tr("Ta&g:"), general);
    tagLabel->setBuddy(m_tag);
    form->addRow(tagLabel, m_tag);

    m_readOnly = new QCheckBox(tr("Read-onl&y sessions (default_transaction_read_only)"), general);
    m_readOnly->setObjectName(QStringLiteral("readOnlyCheck"));
    form->addRow(QString(), m_readOnly);
    m_productionWarning = new QLabel(general);
    m_productionWarning->setObjectName(QStringLiteral("productionWarning"));
    m_productionWarning->setWordWrap(true);
    m_productionWarning->setText(
        tr("Production server. Sessions are read-only unless you untick the box above, and "
           "statements are not kept in the history. Every window using this connection shows "
           "its colour."));
    form->addRow(m_productionWarning);
    m_tabs->addTab(general, tr("General"));

    // --- SSL ---
    auto *ssl = new QWidget(m_tabs);
    ssl->setObjectName(QStringLiteral("sslPage"));
    auto *sslForm = new QFormLayout(ssl);
    m_sslMode = new QComboBox(ssl);
    m_sslMode->setObjectName(QStringLiteral("sslModeCombo"));
    m_sslMode->addItem(tr("Default (prefer, or PGSSLMODE)"), QString());
    for (const QString &mode : ConnectionProfile::sslModes())
        m_sslMode->addItem(mode, mode);
    auto *sslModeLabel = new QLabel(tr("SSL &mode:"), ssl);
    sslModeLabel->setBuddy(m_sslMode);
    sslForm->addRow(sslModeLabel, m_sslMode);
    addErrorRow(sslForm, ProfileField::SslMode, m_sslMode);
    const QString certFilter = tr("Certificates and keys (*.crt *.pem *.key *.cer);;All files (*)");
    m_sslCert = addFileEdit(sslForm, tr("Client certi&ficate:"), QStringLiteral("sslCertEdit"),
                            ProfileField::SslCert, certFilter);
    m_sslKey = addFileEdit(sslForm, tr("Client &key:"), QStringLiteral("sslKeyEdit"),
                           ProfileField::SslKey, certFilter);
    m_sslRootCert =
        addFileEdit(sslForm, tr("R&oot certificate:"), QStringLiteral("sslRootCertEdit"),
                    ProfileField::SslRootCert, certFilter);
    m_sslCrl =
        addFileEdit(sslForm, tr("Re&vocation list:"), QStringLiteral("sslCrlEdit"),
                    ProfileField::SslCrl, tr("Revocation lists (*.crl *.pem);;All files (*)"));
    m_tabs->addTab(ssl, tr("SSL"));

    // --- Advanced ---
    auto *advanced = new QWidget(m_tabs);
    advanced->setObjectName(QStringLiteral("advancedPage"));
    auto *advForm = new QFormLayout(advanced);
    m_service = new QComboBox(advanced);
    m_service->setObjectName(QStringLiteral("serviceCombo"));
    m_service->setEditable(true);
    m_service->setInsertPolicy(QComboBox::NoInsert);
    auto *serviceLabel = new QLabel(tr("Ser&vice:"), advanced);
    serviceLabel->setBuddy(m_service);
    advForm->addRow(serviceLabel, m_service);
    m_options =
        addLineEdit(advForm, tr("&Options:"), QStringLiteral("optionsEdit"), ProfileField::Options);
    m_options->setPlaceholderText(tr("e.g. -c search_path=app,public"));
    m_timeout = new QSpinBox(advanced);
    m_timeout->setObjectName(QStringLiteral("connectTimeoutSpin"));
    m_timeout->setRange(0, 3600);
    m_timeout->setSuffix(tr(" s"));
    m_timeout->setSpecialValueText(tr("Wait forever"));
    auto *timeoutLabel = new QLabel(tr("Connect timeo&ut:"), advanced);
    timeoutLabel->setBuddy(m_timeout);
    advForm->addRow(timeoutLabel, m_timeout);
    addErrorRow(advForm, ProfileField::ConnectTimeout, m_timeout);
    m_keepHistory = new QCheckBox(tr("&Keep statement history for this connection"), advanced);
    m_keepHistory->setObjectName(QStringLiteral("keepHistoryCheck"));
    advForm->addRow(QString(), m_keepHistory);
    m_extraParams = addLineEdit(advForm, tr("Other &libpq parameters:"),
                                QStringLiteral("extraParamsEdit"), ProfileField::ExtraParams);
    m_extraParams->setPlaceholderText(tr("keyword=value …, e.g. application_name=report"));
    m_tabs->addTab(advanced, tr("Advanced"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);

    for (QLineEdit *edit : findChildren<QLineEdit *>()) {
        if (edit != m_password)
            connect(edit, &QLineEdit::textEdited, this, &ProfileEditor::markChanged);
    }
    connect(m_password, &QLineEdit::textEdited, this, [this] {
        if (!m_loading)
            m_modified = true;
        Q_EMIT changed();
    });
    connect(m_passwordMode, &QComboBox::currentIndexChanged, this, [this] {
        onPasswordModeChanged();
        markChanged();
    });
    connect(m_tag, &QComboBox::currentIndexChanged, this, &ProfileEditor::onTagChanged);
    connect(m_sslMode, &QComboBox::currentIndexChanged, this, &ProfileEditor::markChanged);
    connect(m_service, &QComboBox::currentTextChanged, this, &ProfileEditor::markChanged);
    connect(m_timeout, &QSpinBox::valueChanged, this, &ProfileEditor::markChanged);
    connect(m_readOnly, &QCheckBox::toggled, this, &ProfileEditor::markChanged);
    connect(m_keepHistory, &QCheckBox::toggled, this, &ProfileEditor::markChanged);
    connect(m_colorButton, &QPushButton::clicked, this, &ProfileEditor::chooseColor);
    connect(clearColor, &QToolButton::clicked, this, [this] { setColor(QString()); });

    // Tab order follows the form, top to bottom, General first.
    QWidget *order[] = {m_name,     m_hosts,        m_ports,    m_database,
                        m_user,     m_passwordMode, m_password, m_colorButton,
                        clearColor, m_tag,          m_readOnly};
    for (size_t i = 1; i < std::size(order); ++i)
        setTabOrder(order[i - 1], order[i]);

    reloadServices();
    setProfile(ConnectionProfile::create());
}

QLineEdit *ProfileEditor::addLineEdit(QFormLayout *form, const QString &label,
                                      const QString &objectName, ProfileField field)
{
    QWidget *page = form->parentWidget();
    auto *edit = new QLineEdit(page);
    edit->setObjectName(objectName);
    auto *labelWidget = new QLabel(label, page);
    labelWidget->setBuddy(edit);
    form->addRow(labelWidget, edit);
    addErrorRow(form, field, edit);
    return edit;
}

QLineEdit *ProfileEditor::addFileEdit(QFormLayout *form, const QString &label,
                                      const QString &objectName, ProfileField field,
                                      const QString &filter)
{
    QWidget *page = form->parentWidget();
    auto *edit = new QLineEdit(page);
    edit->setObjectName(objectName);
    edit->setPlaceholderText(tr("empty: libpq's default in ~/.postgresql"));
    auto *browse = new QToolButton(page);
    browse->setObjectName(objectName + QStringLiteral("Browse"));
    browse->setText(tr("Browse…"));
    browse->setToolTip(tr("Choose a file"));
    auto *row = new QHBoxLayout;
    row->addWidget(edit, 1);
    row->addWidget(browse);
    auto *labelWidget = new QLabel(label, page);
    labelWidget->setBuddy(edit);
    form->addRow(labelWidget, row);
    addErrorRow(form, field, edit);
    const QString caption = QString(label).remove(QLatin1Char('&')).remove(QLatin1Char(':'));
    connect(browse, &QToolButton::clicked, this, [this, edit, filter, caption] {
        auto *dialog = new QFileDialog(this, caption, edit->text(), filter);
        dialog->setObjectName(QStringLiteral("certificateFileDialog"));
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setFileMode(QFileDialog::ExistingFile);
        connect(dialog, &QFileDialog::fileSelected, this, [this, edit](const QString &file) {
            edit->setText(file);
            markChanged();
        });
        dialog->open();
    });
    return edit;
}

void ProfileEditor::addErrorRow(QFormLayout *form, ProfileField field, QWidget *fieldWidget)
{
    auto *error = new QLabel(form->parentWidget());
    // "portsEditError": found by tests next to the field it belongs to.
    error->setObjectName(fieldWidget->objectName() + QStringLiteral("Error"));
    error->setWordWrap(true);
    error->setStyleSheet(QStringLiteral("color: #b71c1c;"));
    error->setVisible(false);
    form->addRow(QString(), error);
    m_errorLabels.insert(field, error);
    m_fieldWidgets.insert(field, fieldWidget);
}

void ProfileEditor::reloadServices()
{
    // Refilling the list is not an edit of the profile.
    const bool wasLoading = m_loading;
    m_loading = true;
    const QString current = m_service->currentText();
    m_service->clear();
    m_service->addItem(QString());
    const PgServiceList services = ConnInfo::services();
    for (const PgService &service : services.services) {
        m_service->addItem(service.name, service.name);
        m_service->setItemData(
            m_service->count() - 1,
            tr("%1\nfrom %2").arg(ConnInfo::toKeywordString(service.params), service.sourceFile),
            Qt::ToolTipRole);
    }
    m_service->setEditText(current);
    m_service->setToolTip(
        services.services.isEmpty()
            ? tr("No services found in %1").arg(ConnInfo::serviceFiles().join(QStringLiteral(", ")))
            : tr("Services from %1").arg(ConnInfo::serviceFiles().join(QStringLiteral(", "))));
    m_loading = wasLoading;
}

void ProfileEditor::setProfile(const ConnectionProfile &profile)
{
    m_loading = true;
    m_profile = profile;
    m_name->setText(profile.name);
    m_hosts->setText(profile.hosts);
    m_ports->setText(profile.ports);
    m_database->setText(profile.database);
    m_user->setText(profile.user);
    m_passwordMode->setCurrentIndex(m_passwordMode->findData(int(profile.passwordMode)));
    m_password->clear();
    m_tag->setCurrentIndex(m_tag->findData(int(profile.tag)));
    m_readOnly->setChecked(profile.readOnly);
    m_keepHistory->setChecked(profile.keepHistory);
    const int sslIndex = m_sslMode->findData(profile.sslMode);
    if (sslIndex >= 0) {
        m_sslMode->setCurrentIndex(sslIndex);
    } else {
        // An unknown mode from a hand-edited file is shown, so validation can name it.
        m_sslMode->addItem(profile.sslMode, profile.sslMode);
        m_sslMode->setCurrentIndex(m_sslMode->count() - 1);
    }
    m_sslCert->setText(profile.sslCert);
    m_sslKey->setText(profile.sslKey);
    m_sslRootCert->setText(profile.sslRootCert);
    m_sslCrl->setText(profile.sslCrl);
    m_service->setEditText(profile.service);
    m_options->setText(profile.options);
    m_timeout->setValue(profile.connectTimeout);
    m_extraParams->setText(ConnInfo::toKeywordString(profile.extraParams));
    setColor(profile.color);
    onPasswordModeChanged();
    m_showProblems = false;
    showProblems({});
    m_modified = false;
    m_loading = false;
    updateProductionLook();
}

ConnectionProfile ProfileEditor::profile() const
{
    ConnectionProfile p = m_profile;
    p.name = m_name->text().trimmed();
    p.hosts = m_hosts->text().trimmed();
    p.ports = m_ports->text().trimmed();
    p.database = m_database->text().trimmed();
    p.user = m_user->text().trimmed();
    p.passwordMode = PasswordMode(m_passwordMode->currentData().toInt());
    p.tag = ConnectionTag(m_tag->currentData().toInt());
    p.readOnly = m_readOnly->isChecked();
    p.keepHistory = m_keepHistory->isChecked();
    p.sslMode = m_sslMode->currentData().toString();
    p.sslCert = m_sslCert->text().trimmed();
    p.sslKey = m_sslKey->text().trimmed();
    p.sslRootCert = m_sslRootCert->text().trimmed();
    p.sslCrl = m_sslCrl->text().trimmed();
    p.service = m_service->currentText().trimmed();
    p.options = m_options->text().trimmed();
    p.connectTimeout = m_timeout->value();
    p.color = m_color;
    QString error;
    const ConnInfoMap extra = parsedExtraParams(&error);
    if (error.isEmpty())
        p.extraParams = extra;
    return p;
}

QString ProfileEditor::password() const
{
    return m_password->text();
}

void ProfileEditor::setPassword(const QString &password)
{
    m_password->setText(password);
}

ConnInfoMap ProfileEditor::parsedExtraParams(QString *error) const
{
    const ConnInfoParseResult parsed = ConnInfo::parse(m_extraParams->text());
    if (!parsed.ok()) {
        *error = parsed.error;
        return {};
    }
    for (auto it = parsed.params.cbegin(); it != parsed.params.cend(); ++it) {
        if (ConnInfo::isSecretKeyword(it.key())) {
            *error = tr("Passwords do not belong here: use the password field.");
            return {};
        }
        if (ConnectionProfile::hasDedicatedField(it.key())) {
            *error = tr("“%1” has a field of its own in this form.").arg(it.key());
            return {};
        }
    }
    return parsed.params;
}

bool ProfileEditor::validate()
{
    m_showProblems = true;
    QList<ProfileProblem> problems = profile().validate();
    QString extraError;
    parsedExtraParams(&extraError);
    if (!extraError.isEmpty())
        problems.append({ProfileField::ExtraParams, extraError});
    showProblems(problems);
    if (problems.isEmpty())
        return true;
    // Bring the first problem into view, on whatever tab it is.
    QWidget *field = m_fieldWidgets.value(problems.constFirst().field);
    if (field) {
        for (int i = 0; i < m_tabs->count(); ++i) {
            if (m_tabs->widget(i)->isAncestorOf(field))
                m_tabs->setCurrentIndex(i);
        }
        field->setFocus(Qt::OtherFocusReason);
    }
    return false;
}

void ProfileEditor::showProblems(const QList<ProfileProblem> &problems)
{
    QMap<ProfileField, QStringList> byField;
    for (const ProfileProblem &problem : problems)
        byField[problem.field] << problem.message;
    for (auto it = m_errorLabels.cbegin(); it != m_errorLabels.cend(); ++it) {
        const QStringList messages = byField.value(it.key());
        it.value()->setText(messages.join(QLatin1Char('\n')));
        it.value()->setVisible(!messages.isEmpty());
    }
}

void ProfileEditor::focusFirstField()
{
    m_tabs->setCurrentIndex(0);
    m_name->setFocus(Qt::OtherFocusReason);
    m_name->selectAll();
}

void ProfileEditor::onTagChanged()
{
    if (m_loading)
        return;
    // A new tag brings its safety defaults; the user can still change them after.
    ConnectionProfile p;
    p.applyTag(ConnectionTag(m_tag->currentData().toInt()));
    m_loading = true;
    m_readOnly->setChecked(p.readOnly);
    m_keepHistory->setChecked(p.keepHistory);
    m_loading = false;
    if (p.isProduction() && m_color.isEmpty())
        setColor(kDefaultProductionColor);
    updateProductionLook();
    markChanged();
}

void ProfileEditor::onPasswordModeChanged()
{
    const auto mode = PasswordMode(m_passwordMode->currentData().toInt());
    switch (mode) {
    case PasswordMode::Keychain:
        m_password->setEnabled(true);
        m_password->setPlaceholderText(tr("Leave empty to keep the stored password"));
        m_passwordHint->setText(tr("Saved in the system keychain, never in a file. Without a "
                                   "keychain service, Sightline asks each time."));
        break;
    case PasswordMode::AskEveryTime:
        m_password->setEnabled(true);
        m_password->setPlaceholderText(tr("Only used for Test; never saved"));
        m_passwordHint->setText(tr("Sightline asks for the password on every connect."));
        break;
    case PasswordMode::PgPass:
        m_password->clear();
        m_password->setEnabled(false);
        m_password->setPlaceholderText(QString());
        m_passwordHint->setText(tr("No password is passed: libpq reads ~/.pgpass (or PGPASSFILE) "
                                   "and PGPASSWORD, or connects without one."));
        break;
    }
}

void ProfileEditor::setColor(const QString &color)
{
    const bool changed = color != m_color;
    m_color = color;
    m_colorButton->setIcon(colorSwatch(color, ColorSwatchShape::Square));
    m_colorButton->setText(color.isEmpty() ? tr("Choose…") : color);
    m_colorButton->setToolTip(tr("The colour every window of this connection shows"));
    updateProductionLook();
    if (changed)
        markChanged();
}

void ProfileEditor::chooseColor()
{
    auto *dialog = new QColorDialog(m_color.isEmpty() ? QColor(Qt::white) : QColor(m_color), this);
    dialog->setObjectName(QStringLiteral("colorDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Connection Colour"));
    connect(dialog, &QColorDialog::colorSelected, this,
            [this](const QColor &color) { setColor(color.name(QColor::HexRgb)); });
    dialog->open();
}

void ProfileEditor::updateProductionLook()
{
    const bool production =
        ConnectionTag(m_tag->currentData().toInt()) == ConnectionTag::Production;
    m_productionWarning->setVisible(production);
    if (!production)
        return;
    const QColor background(m_color.isEmpty() ? kDefaultProductionColor : m_color);
    m_productionWarning->setStyleSheet(
        QStringLiteral("QLabel { background: %1; color: %2; padding: 6px; border-radius: 3px; "
                       "font-weight: bold; }")
            .arg(background.name(), textColorOn(background)));
}

void ProfileEditor::markChanged()
{
    if (m_loading)
        return;
    m_modified = true;
    if (m_showProblems) {
        QList<ProfileProblem> problems = profile().validate();
        QString extraError;
        parsedExtraParams(&extraError);
        if (!extraError.isEmpty())
            problems.append({ProfileField::ExtraParams, extraError});
        showProblems(problems);
    }
    Q_EMIT changed();
}

} // namespace sightline
