#include "widgets/connectionimportdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace sightline {

ConnectionImportDialog::ConnectionImportDialog(QWidget *parent)
    : QDialog(parent)
    , m_text(new QLineEdit(this))
    , m_services(new QComboBox(this))
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("importDialog"));
    setWindowTitle(tr("Import Connection"));
    m_text->setObjectName(QStringLiteral("connectionStringEdit"));
    m_services->setObjectName(QStringLiteral("importServiceCombo"));
    m_status->setObjectName(QStringLiteral("importStatus"));

    m_text->setPlaceholderText(
        tr("postgresql://user@host:5432/db?sslmode=require   or   host=… dbname=… user=…"));
    m_text->setMinimumWidth(480);
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    const PgServiceList services = ConnInfo::services();
    m_services->addItem(services.services.isEmpty() ? tr("No services in pg_service.conf")
                                                    : tr("Choose a service…"));
    for (const PgService &service : services.services) {
        m_services->addItem(service.name, service.name);
        m_services->setItemData(
            m_services->count() - 1,
            tr("%1\nfrom %2").arg(ConnInfo::toKeywordString(service.params), service.sourceFile),
            Qt::ToolTipRole);
    }
    m_services->setEnabled(!services.services.isEmpty());

    auto *form = new QFormLayout;
    auto *textLabel = new QLabel(tr("Connection &string:"), this);
    textLabel->setBuddy(m_text);
    form->addRow(textLabel, m_text);
    auto *serviceLabel = new QLabel(tr("or a ser&vice:"), this);
    serviceLabel->setBuddy(m_services);
    form->addRow(serviceLabel, m_services);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->setObjectName(QStringLiteral("importButtons"));
    m_import = buttons->button(QDialogButtonBox::Ok);
    m_import->setText(tr("&Import"));
    m_import->setObjectName(QStringLiteral("importOkButton"));
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("importCancelButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addStretch();
    layout->addWidget(buttons);

    connect(m_text, &QLineEdit::textChanged, this, &ConnectionImportDialog::reparse);
    connect(m_services, &QComboBox::activated, this, [this](int index) {
        const QString name = m_services->itemData(index).toString();
        if (name.isEmpty())
            return;
        // A profile that names the service keeps following the file's entry.
        ConnInfoMap map;
        map.insert(QStringLiteral("service"), name);
        m_text->setText(ConnInfo::toKeywordString(map));
    });
    reparse();
}

void ConnectionImportDialog::setText(const QString &text)
{
    m_text->setText(text);
}

void ConnectionImportDialog::reparse()
{
    const QString text = m_text->text().trimmed();
    m_params.clear();
    if (text.isEmpty()) {
        m_status->setText(tr("Paste a connection string as psql accepts it."));
        m_status->setStyleSheet(QString());
        m_import->setEnabled(false);
        return;
    }
    const ConnInfoParseResult parsed = ConnInfo::parse(text);
    if (!parsed.ok()) {
        m_status->setText(parsed.error);
        m_status->setStyleSheet(QStringLiteral("color: #b71c1c;"));
        m_import->setEnabled(false);
        return;
    }
    m_params = parsed.params;
    QString summary = tr("Recognised: %1").arg(ConnInfo::toKeywordString(parsed.params));
    if (parsed.params.contains(QStringLiteral("password")))
        summary += QLatin1Char('\n') +
                   tr("The password will go to the keychain when you save, never into the "
                      "profile.");
    m_status->setText(summary);
    m_status->setStyleSheet(QString());
    m_import->setEnabled(!parsed.params.isEmpty());
}

} // namespace sightline
