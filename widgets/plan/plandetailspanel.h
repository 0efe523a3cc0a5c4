#pragma once

#include "models/plan/planmetrics.h"

#include <QWidget>

#include <memory>

class QLabel;
class QTextBrowser;
class QTreeWidget;

namespace sightline {

// Everything about the selected node: its flags with why they matter and what to try, then
// every property grouped (General, Rows, Time, Buffers and I/O, Workers, Output, Misc).
// Ctrl+C copies the selected properties as "name: value" lines.
class PlanDetailsPanel final : public QWidget
{
    Q_OBJECT

public:
    explicit PlanDetailsPanel(QWidget *parent = nullptr);

    void setAnalysis(std::shared_ptr<const PlanAnalysis> analysis);
    void showNode(int nodeId); // -1 shows nothing
    int node() const { return m_node; }

    QTreeWidget *propertyTree() const { return m_tree; }
    QTextBrowser *flagsBrowser() const { return m_flags; }
    QString heading() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void refresh();
    void copySelection() const;

    std::shared_ptr<const PlanAnalysis> m_analysis;
    int m_node = -1;
    QLabel *m_title;
    QLabel *m_subtitle;
    QTextBrowser *m_flags;
    QTreeWidget *m_tree;
};

} // namespace sightline
