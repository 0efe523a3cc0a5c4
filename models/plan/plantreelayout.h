#pragma once

#include "plan.h"

#include <QList>
#include <QRectF>
#include <QSizeF>

namespace sightline {

struct PlanTreeLayoutOptions
{
    double siblingGap = 24; // horizontal space between two children of one parent
    double subtreeGap = 48; // horizontal space between cousins (neighbours of different parents)
    double levelGap = 56;   // vertical space between two levels
};

struct PlanTreeLayoutResult
{
    // One rectangle per node, in the input's order; a null QRectF for hidden nodes.
    QList<QRectF> rects;
    QList<bool> visible;
    QRectF bounds; // of every visible rectangle; its top-left is (0, 0)
};

// A tidy tree drawing (Reingold-Tilford, in Buchheim, Jünger and Leipert's linear-time form)
// for cards of different sizes: parents are centred over their children, a subtree's drawing
// does not depend on where it is, mirrored subtrees look mirrored, and no two cards overlap.
// Levels are rows: every card of one depth has the same top, each row as tall as its tallest
// card. Iterative (no recursion on the tree's depth) and linear in the node count, so it can
// run again on every collapse or expand.
class PlanTreeLayout final
{
public:
    // parents: one entry per node in pre-order, -1 for a root (several roots are laid out side
    // by side), otherwise an index smaller than the node's own. sizes: the cards' measured
    // sizes. collapsed: nodes whose descendants are hidden (may be empty, meaning none).
    static PlanTreeLayoutResult layout(const QList<int> &parents, const QList<QSizeF> &sizes,
                                       const QList<bool> &collapsed,
                                       const PlanTreeLayoutOptions &options = {});
    static PlanTreeLayoutResult layout(const Plan &plan, const QList<QSizeF> &sizes,
                                       const QList<bool> &collapsed,
                                       const PlanTreeLayoutOptions &options = {});
};

} // namespace sightline
