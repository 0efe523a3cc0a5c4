#pragma once

// Helpers for offscreen widget tests (header-only: the support library itself
// does not link Qt Widgets).

#include <QLineEdit>
#include <QTest>

namespace sightline::test {

// The first visible widget of type T named `name` below `root` (dialogs that
// are open()ed show up as children of their parent), waiting for it to appear.
template<typename T>
T *waitForVisible(QObject *root, const QString &name = QString(), int timeoutMs = 5000)
{
    T *found = nullptr;
    (void)QTest::qWaitFor(
        [&] {
            for (T *w : root->findChildren<T *>(name)) {
                if (w->isVisible()) {
                    found = w;
                    return true;
                }
            }
            return false;
        },
        timeoutMs);
    return found;
}

template<typename T>
T *child(QObject *root, const QString &name)
{
    T *w = root->findChild<T *>(name);
    if (!w)
        qWarning("no %s named %s", T::staticMetaObject.className(), qPrintable(name));
    return w;
}

// Replaces the text of a line edit by typing, as a user would.
inline void typeInto(QLineEdit *edit, const QString &text)
{
    edit->setFocus();
    QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(edit, Qt::Key_Delete);
    QTest::keyClicks(edit, text);
}

} // namespace sightline::test
