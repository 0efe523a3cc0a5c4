#pragma once

#include "models/plan/planmetrics.h"

#include <QDialog>

#include <memory>

class QComboBox;

namespace sightline {

// One plan to compare: already analysed (an open plan tab) or as text (from
// the plan history), which the caller parses off the UI thread.
struct PlanSource
{
    QString title;
    std::shared_ptr<const PlanAnalysis> analysis;
    QString text;
};

// Picks the two plans to compare, from the open plan tabs and the plan
// history (newest first).
class PlanCompareDialog final : public QDialog
{
    Q_OBJECT
public:
    PlanCompareDialog(const QList<PlanSource> &sources, QWidget *parent = nullptr);

    PlanSource before() const;
    PlanSource after() const;
    QComboBox *beforeBox() const { return m_before; }
    QComboBox *afterBox() const { return m_after; }

private:
    QList<PlanSource> m_sources;
    QComboBox *m_before;
    QComboBox *m_after;
};

} // namespace sightline
