#pragma once

#include "models/plan/plandiff.h"

#include <QWidget>

#include <memory>

class QGraphicsItem;
class QLabel;
class QListWidget;
class QTreeWidget;

namespace sightline {

class PlanGraphView;
class PlanScene;

// Two plans side by side: the verdict and the "what changed" list on top, the
// before and after trees below with matched nodes sharing a colour band and
// added / removed nodes outlined, and a property grid with both values of the
// selected pair, differences highlighted. Selecting a node on one side
// selects and centres its match on the other.
class PlanCompareView final : public QWidget
{
    Q_OBJECT
public:
    explicit PlanCompareView(QWidget *parent = nullptr);
    ~PlanCompareView() override;

    void setPlans(const PlanAnalysis &before, const PlanAnalysis &after, const QString &beforeTitle,
                  const QString &afterTitle);
    const PlanDiff &diff() const { return m_diff; }

    PlanScene *beforeScene() const { return m_beforeScene; }
    PlanScene *afterScene() const { return m_afterScene; }
    PlanGraphView *beforeView() const { return m_beforeView; }
    PlanGraphView *afterView() const { return m_afterView; }
    QLabel *verdictLabel() const { return m_verdict; }
    QListWidget *changesList() const { return m_changes; }
    QTreeWidget *propertyGrid() const { return m_properties; }

private:
    void onSelected(bool fromBefore, int nodeId);
    void showProperties(int beforeId, int afterId);
    void decorate();

    PlanDiff m_diff;
    QLabel *m_verdict;
    QListWidget *m_changes;
    PlanScene *m_beforeScene;
    PlanScene *m_afterScene;
    PlanGraphView *m_beforeView;
    PlanGraphView *m_afterView;
    QLabel *m_beforeTitle;
    QLabel *m_afterTitle;
    QTreeWidget *m_properties;
    QList<QGraphicsItem *> m_marks; // bands and outlines, owned by the scenes
    bool m_syncing = false;
    bool m_settingPlans = false;
};

} // namespace sightline
