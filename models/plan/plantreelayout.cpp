#include "plantreelayout.h"

#include <algorithm>
#include <limits>
#include <vector>

namespace sightline {

namespace {

// The algorithm's state over the visible nodes. Index 0 is a virtual root above every real
// root, so a forest (a partial paste with several top nodes) is one tree; node i of the input
// is index i + 1. Children are stored contiguously (compressed rows), in input order.
class Walker final
{
public:
    Walker(const std::vector<int> &parent, const std::vector<double> &width,
           const PlanTreeLayoutOptions &options)
        : m_parent(parent)
        , m_width(width)
        , m_options(options)
    {
        const size_t m = parent.size();
        m_firstChild.assign(m + 1, 0);
        for (size_t v = 1; v < m; ++v) {
            if (parent[v] >= 0)
                ++m_firstChild[size_t(parent[v]) + 1];
        }
        for (size_t v = 0; v < m; ++v)
            m_firstChild[v + 1] += m_firstChild[v];
        m_children.resize(m_firstChild[m]);
        std::vector<int> fill(m_firstChild.begin(), m_firstChild.end() - 1);
        m_number.assign(m, 0);
        for (size_t v = 1; v < m; ++v) {
            if (parent[v] < 0)
                continue;
            const int p = parent[v];
            m_number[v] = fill[size_t(p)] - m_firstChild[size_t(p)];
            m_children[size_t(fill[size_t(p)]++)] = int(v);
        }
        m_prelim.assign(m, 0);
        m_mod.assign(m, 0);
        m_shift.assign(m, 0);
        m_change.assign(m, 0);
        m_midpoint.assign(m, 0);
        m_thread.assign(m, -1);
        m_ancestor.resize(m);
        for (size_t v = 0; v < m; ++v)
            m_ancestor[v] = int(v);
    }

    // Centre x of every node (index 0 included), before normalisation. `active` says which
    // indices take part (hidden nodes are skipped).
    std::vector<double> run(const std::vector<bool> &active)
    {
        const int m = int(m_parent.size());
        // First walk: children before parents. In pre-order every descendant has a larger
        // index than its ancestor, so descending order visits each subtree before its root.
        for (int v = m - 1; v >= 0; --v) {
            if (!active[size_t(v)] || childCount(v) == 0)
                continue;
            int defaultAncestor = firstChild(v);
            for (int k = m_firstChild[size_t(v)]; k < m_firstChild[size_t(v) + 1]; ++k) {
                const int w = m_children[size_t(k)];
                place(w);
                apportion(w, defaultAncestor);
            }
            executeShifts(v);
            m_midpoint[size_t(v)] =
                (m_prelim[size_t(firstChild(v))] + m_prelim[size_t(lastChild(v))]) / 2;
        }
        m_prelim[0] = childCount(0) > 0 ? m_midpoint[0] : 0;

        // Second walk: parents before children, adding up the modifiers on the way down.
        std::vector<double> x(size_t(m), 0);
        std::vector<double> modSum(size_t(m), 0);
        for (int v = 0; v < m; ++v) {
            if (!active[size_t(v)])
                continue;
            const int p = m_parent[size_t(v)];
            if (p >= 0)
                modSum[size_t(v)] = modSum[size_t(p)] + m_mod[size_t(p)];
            x[size_t(v)] = m_prelim[size_t(v)] + modSum[size_t(v)];
        }
        return x;
    }

private:
    int childCount(int v) const { return m_firstChild[size_t(v) + 1] - m_firstChild[size_t(v)]; }
    int firstChild(int v) const { return m_children[size_t(m_firstChild[size_t(v)])]; }
    int lastChild(int v) const { return m_children[size_t(m_firstChild[size_t(v) + 1] - 1)]; }
    int leftSibling(int v) const
    {
        const int p = m_parent[size_t(v)];
        if (p < 0 || m_number[size_t(v)] == 0)
            return -1;
        return m_children[size_t(m_firstChild[size_t(p)] + m_number[size_t(v)] - 1)];
    }
    int nextLeft(int v) const { return childCount(v) > 0 ? firstChild(v) : m_thread[size_t(v)]; }
    int nextRight(int v) const { return childCount(v) > 0 ? lastChild(v) : m_thread[size_t(v)]; }

    double distance(int left, int right) const
    {
        const bool siblings =
            m_parent[size_t(left)] == m_parent[size_t(right)] && m_parent[size_t(left)] > 0;
        return (m_width[size_t(left)] + m_width[size_t(right)]) / 2 +
               (siblings ? m_options.siblingGap : m_options.subtreeGap);
    }

    // The node's preliminary x relative to its left sibling; its children are already placed.
    void place(int w)
    {
        const int ls = leftSibling(w);
        if (childCount(w) == 0) {
            m_prelim[size_t(w)] = ls >= 0 ? m_prelim[size_t(ls)] + distance(ls, w) : 0;
        } else if (ls >= 0) {
            m_prelim[size_t(w)] = m_prelim[size_t(ls)] + distance(ls, w);
            m_mod[size_t(w)] = m_prelim[size_t(w)] - m_midpoint[size_t(w)];
        } else {
            m_prelim[size_t(w)] = m_midpoint[size_t(w)];
        }
    }

    // Pushes subtree v right until it clears every subtree to its left, level by level along
    // the contours, and spreads the shift over the siblings in between.
    void apportion(int v, int &defaultAncestor)
    {
        const int w = leftSibling(v);
        if (w < 0)
            return;
        int vir = v;
        int vor = v;
        int vil = w;
        int vol = firstChild(m_parent[size_t(v)]);
        double sir = m_mod[size_t(vir)];
        double sor = m_mod[size_t(vor)];
        double sil = m_mod[size_t(vil)];
        double sol = m_mod[size_t(vol)];
        while (nextRight(vil) >= 0 && nextLeft(vir) >= 0) {
            vil = nextRight(vil);
            vir = nextLeft(vir);
            vol = nextLeft(vol);
            vor = nextRight(vor);
            m_ancestor[size_t(vor)] = v;
            const double shift =
                (m_prelim[size_t(vil)] + sil) - (m_prelim[size_t(vir)] + sir) + distance(vil, vir);
            if (shift > 0) {
                moveSubtree(ancestorOf(vil, v, defaultAncestor), v, shift);
                sir += shift;
                sor += shift;
            }
            sil += m_mod[size_t(vil)];
            sir += m_mod[size_t(vir)];
            sol += m_mod[size_t(vol)];
            sor += m_mod[size_t(vor)];
        }
        if (nextRight(vil) >= 0 && nextRight(vor) < 0) {
            m_thread[size_t(vor)] = nextRight(vil);
            m_mod[size_t(vor)] += sil - sor;
        }
        if (nextLeft(vir) >= 0 && nextLeft(vol) < 0) {
            m_thread[size_t(vol)] = nextLeft(vir);
            m_mod[size_t(vol)] += sir - sol;
            defaultAncestor = v;
        }
    }

    int ancestorOf(int vil, int v, int defaultAncestor) const
    {
        const int a = m_ancestor[size_t(vil)];
        return m_parent[size_t(a)] == m_parent[size_t(v)] ? a : defaultAncestor;
    }

    void moveSubtree(int wl, int wr, double shift)
    {
        const int subtrees = m_number[size_t(wr)] - m_number[size_t(wl)];
        if (subtrees > 0) {
            m_change[size_t(wr)] -= shift / subtrees;
            m_change[size_t(wl)] += shift / subtrees;
        }
        m_shift[size_t(wr)] += shift;
        m_prelim[size_t(wr)] += shift;
        m_mod[size_t(wr)] += shift;
    }

    void executeShifts(int v)
    {
        double shift = 0;
        double change = 0;
        for (int k = m_firstChild[size_t(v) + 1] - 1; k >= m_firstChild[size_t(v)]; --k) {
            const int w = m_children[size_t(k)];
            m_prelim[size_t(w)] += shift;
            m_mod[size_t(w)] += shift;
            change += m_change[size_t(w)];
            shift += m_shift[size_t(w)] + change;
        }
    }

    const std::vector<int> &m_parent;
    const std::vector<double> &m_width;
    const PlanTreeLayoutOptions &m_options;
    std::vector<int> m_firstChild; // m_children[m_firstChild[v] .. m_firstChild[v + 1])
    std::vector<int> m_children;
    std::vector<int> m_number; // position among the siblings
    std::vector<double> m_prelim;
    std::vector<double> m_mod;
    std::vector<double> m_shift;
    std::vector<double> m_change;
    std::vector<double> m_midpoint;
    std::vector<int> m_thread;
    std::vector<int> m_ancestor;
};

} // namespace

PlanTreeLayoutResult PlanTreeLayout::layout(const QList<int> &parents, const QList<QSizeF> &sizes,
                                            const QList<bool> &collapsed,
                                            const PlanTreeLayoutOptions &options)
{
    PlanTreeLayoutResult result;
    const qsizetype n = parents.size();
    result.rects.resize(n);
    result.visible.fill(false, n);
    if (n == 0)
        return result;

    const auto sizeOf = [&](qsizetype i) {
        const QSizeF size = i < sizes.size() ? sizes.at(i) : QSizeF();
        return QSizeF(std::max(0.0, size.width()), std::max(0.0, size.height()));
    };

    // Internal index i + 1 for node i; parent 0 (the virtual root) for roots, -1 for hidden.
    const size_t m = size_t(n) + 1;
    std::vector<int> parent(m, -1);
    std::vector<bool> active(m, false);
    std::vector<int> depth(m, -1);
    std::vector<double> width(m, 0);
    active[0] = true;
    for (qsizetype i = 0; i < n; ++i) {
        const int p = parents.at(i);
        const bool hasParent = p >= 0 && p < i;
        bool visible = true;
        if (hasParent)
            visible = result.visible.at(p) && !(p < collapsed.size() && collapsed.at(p));
        result.visible[i] = visible;
        if (!visible)
            continue;
        const size_t v = size_t(i) + 1;
        parent[v] = hasParent ? p + 1 : 0;
        active[v] = true;
        depth[v] = depth[size_t(parent[v])] + 1;
        width[v] = sizeOf(i).width();
    }

    Walker walker(parent, width, options);
    const std::vector<double> x = walker.run(active);

    // Rows: every card of a depth shares its top; each row is as tall as its tallest card.
    std::vector<double> rowHeight;
    for (qsizetype i = 0; i < n; ++i) {
        const size_t v = size_t(i) + 1;
        if (!active[v])
            continue;
        const size_t d = size_t(depth[v]);
        if (rowHeight.size() <= d)
            rowHeight.resize(d + 1, 0);
        rowHeight[d] = std::max(rowHeight[d], sizeOf(i).height());
    }
    std::vector<double> rowTop(rowHeight.size(), 0);
    for (size_t d = 1; d < rowHeight.size(); ++d)
        rowTop[d] = rowTop[d - 1] + rowHeight[d - 1] + options.levelGap;

    double minLeft = std::numeric_limits<double>::max();
    for (qsizetype i = 0; i < n; ++i) {
        if (result.visible.at(i))
            minLeft = std::min(minLeft, x[size_t(i) + 1] - sizeOf(i).width() / 2);
    }
    double right = 0;
    double bottom = 0;
    for (qsizetype i = 0; i < n; ++i) {
        if (!result.visible.at(i))
            continue;
        const size_t v = size_t(i) + 1;
        const QSizeF size = sizeOf(i);
        const QRectF rect(x[v] - size.width() / 2 - minLeft, rowTop[size_t(depth[v])], size.width(),
                          size.height());
        result.rects[i] = rect;
        right = std::max(right, rect.right());
        bottom = std::max(bottom, rect.bottom());
    }
    result.bounds = QRectF(0, 0, right, bottom);
    return result;
}

PlanTreeLayoutResult PlanTreeLayout::layout(const Plan &plan, const QList<QSizeF> &sizes,
                                            const QList<bool> &collapsed,
                                            const PlanTreeLayoutOptions &options)
{
    QList<int> parents;
    parents.reserve(plan.nodes.size());
    for (const PlanNode &node : plan.nodes)
        parents.append(node.parent);
    return layout(parents, sizes, collapsed, options);
}

} // namespace sightline
