#pragma once

#include <QDialog>

class QFontComboBox;
class QSpinBox;

namespace sightline {

// Edit → Preferences: the editor font and the grid's row cap. Changes apply
// to editors at once and to results from the next run on.
class PreferencesDialog final : public QDialog
{
    Q_OBJECT
public:
    explicit PreferencesDialog(QWidget *parent = nullptr);

    void accept() override;

private:
    QFontComboBox *m_family;
    QSpinBox *m_size;
    QSpinBox *m_rowCap;
    QSpinBox *m_trialRuns;
};

} // namespace sightline
