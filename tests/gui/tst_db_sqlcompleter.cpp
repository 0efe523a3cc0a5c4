// SqlCompleter on a SqlEditor, completing from a catalog loaded from the test server.

#include "models/schema/catalogloader.h"
#include "tests/testsupport/testserver.h"
#include "widgets/sqlcompleter.h"
#include "widgets/sqleditor.h"

#include <QAbstractItemModelTester>
#include <QPointer>
#include <QSignalSpy>
#include <QTest>
#include <QTreeView>

#include <memory>

using namespace sightline;

namespace {

void placeCursor(QPlainTextEdit &editor, int position)
{
    QTextCursor cursor = editor.textCursor();
    cursor.setPosition(position);
    editor.setTextCursor(cursor);
}

QStringList listed(const SqlCompleter &completer)
{
    QStringList out;
    const QAbstractItemModel *model = completer.model();
    for (int row = 0; row < model->rowCount(); ++row)
        out << model->index(row, 0).data().toString();
    return out;
}

int currentRow(const SqlCompleter &completer)
{
    return completer.popup()->currentIndex().row();
}

} // namespace

class TestSqlCompleter : public QObject
{
    Q_OBJECT
private:
    PgConnectSpec m_spec;
    std::unique_ptr<CatalogLoader> m_loader;

    // An editor with a completer on the loaded catalog, shown and focused.
    struct Fixture
    {
        SqlEditor editor;
        SqlCompleter completer{&editor};
        QAbstractItemModelTester tester{completer.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest};
    };

    std::unique_ptr<Fixture> open(CatalogLoader *loader)
    {
        auto f = std::make_unique<Fixture>();
        f->completer.setCatalog(loader);
        f->editor.resize(700, 400);
        f->editor.show();
        f->editor.activateWindow();
        if (!QTest::qWaitForWindowActive(&f->editor))
            return nullptr;
        f->editor.setFocus();
        return f;
    }

private Q_SLOTS:
    void initTestCase()
    {
        SIGHTLINE_REQUIRE_SERVER();
        m_spec = test::freshDatabase(QStringLiteral("tst_sqlcompleter"));
        for (const char *sql :
             {"CREATE TABLE orders (id int, customer_id int, total numeric(12,2), "
              "\"Created At\" timestamptz)",
              "CREATE TABLE order_items (order_id int, sku text)"}) {
            const PgQueryResult r = test::runOnce(m_spec, QString::fromUtf8(sql));
            QVERIFY2(r.ok(), qPrintable(r.error.fullText()));
        }
        m_loader = std::make_unique<CatalogLoader>(m_spec);
        m_loader->load();
        QTRY_VERIFY_WITH_TIMEOUT(m_loader->state() != CatalogLoader::State::Loading, 30000);
        QVERIFY2(m_loader->state() == CatalogLoader::State::Ready,
                 qPrintable(m_loader->lastError().fullText()));
    }

    void cleanupTestCase() { m_loader.reset(); }

    void dotListsTheAliasColumns()
    {
        auto f = open(m_loader.get());
        QVERIFY(f);
        f->editor.setPlainText(QStringLiteral("select  from orders o"));
        placeCursor(f->editor, 7);
        QTest::keyClicks(&f->editor, QStringLiteral("o."));
        QVERIFY(f->completer.isPopupVisible());
        QCOMPARE(f->editor.toPlainText(), QStringLiteral("select o. from orders o"));
        QCOMPARE(listed(f->completer),
                 (QStringList{QStringLiteral("id"), QStringLiteral("customer_id"),
                              QStringLiteral("total"), QStringLiteral("Created At")}));
        QCOMPARE(f->completer.model()->index(2, 2).data().toString(),
                 QStringLiteral("numeric(12,2)"));
        QCOMPARE(f->completer.model()->index(0, 1).data().toString(), QStringLiteral("column"));
        QCOMPARE(currentRow(f->completer), 0);

        // Down twice, up once: the second column; Enter inserts it.
        QTest::keyClick(&f->editor, Qt::Key_Down);
        QTest::keyClick(&f->editor, Qt::Key_Down);
        QTest::keyClick(&f->editor, Qt::Key_Up);
        QCOMPARE(currentRow(f->completer), 1);
        QSignalSpy accepted(&f->completer, &SqlCompleter::accepted);
        QTest::keyClick(&f->editor, Qt::Key_Return);
        QCOMPARE(accepted.size(), 1);
        QVERIFY(!f->completer.isPopupVisible());
        QCOMPARE(f->editor.toPlainText(), QStringLiteral("select o.customer_id from orders o"));
        QCOMPARE(f->editor.textCursor().position(), 20);
        // One undo step takes the insertion back.
        f->editor.undo();
        QCOMPARE(f->editor.toPlainText(), QStringLiteral("select o. from orders o"));
    }

    void typingFiltersAndTabAccepts()
    {
        auto f = open(m_loader.get());
        QVERIFY(f);
        f->editor.setPlainText(QStringLiteral("select  from orders o"));
        placeCursor(f->editor, 7);
        QTest::keyClicks(&f->editor, QStringLiteral("o.c"));
        QVERIFY(f->completer.isPopupVisible());
        QCOMPARE(listed(f->completer),
                 (QStringList{QStringLiteral("customer_id"), QStringLiteral("Created At")}));
        QTest::keyClick(&f->editor, Qt::Key_R);
        QCOMPARE(listed(f->completer), QStringList{QStringLiteral("Created At")});
        QTest::keyClick(&f->editor, Qt::Key_Tab);
        QVERIFY(!f->completer.isPopupVisible());
        QCOMPARE(f->editor.toPlainText(), QStringLiteral("select o.\"Created At\" from orders o"));
    }

    void escapeCloses()
    {
        auto f = open(m_loader.get());
        QVERIFY(f);
        f->editor.setPlainText(QStringLiteral("select  from orders o"));
        placeCursor(f->editor, 7);
        QTest::keyClicks(&f->editor, QStringLiteral("o."));
        QVERIFY(f->completer.isPopupVisible());
        QTest::keyClick(&f->editor, Qt::Key_Escape);
        QVERIFY(!f->completer.isPopupVisible());
        QCOMPARE(f->editor.toPlainText(), QStringLiteral("select o. from orders o"));
        // With the list closed, Enter and Tab are the editor's again.
        QTest::keyClick(&f->editor, Qt::Key_Return);
        QCOMPARE(f->editor.toPlainText(), QStringLiteral("select o.\n from orders o"));
    }

    void ctrlSpaceOpensTheList()
    {
        auto f = open(m_loader.get());
        QVERIFY(f);
        f->completer.setAutoPopup(false);
        f->editor.setPlainText(QStringLiteral("select o. from orders o"));
        placeCursor(f->editor, 9);
        QVERIFY(!f->completer.isPopupVisible());
        QTest::keyClick(&f->editor, Qt::Key_Space, Qt::ControlModifier);
        QVERIFY(f->completer.isPopupVisible());
        QCOMPARE(f->completer.model()->rowCount(), 4);
        QCOMPARE(f->editor.toPlainText(), QStringLiteral("select o. from orders o")); // no space

        // PageDown goes to the last row, not past it; a click inserts.
        QTest::keyClick(&f->editor, Qt::Key_PageDown);
        QCOMPARE(currentRow(f->completer), 3);
        QTreeView *popup = f->completer.popup();
        const QRect second = popup->visualRect(f->completer.model()->index(1, 0));
        QTest::mouseClick(popup->viewport(), Qt::LeftButton, {}, second.center());
        QVERIFY(!f->completer.isPopupVisible());
        QCOMPARE(f->editor.toPlainText(), QStringLiteral("select o.customer_id from orders o"));
    }

    void autoPopupAfterTwoCharacters()
    {
        auto f = open(m_loader.get());
        QVERIFY(f);
        QTest::keyClicks(&f->editor, QStringLiteral("select * from o"));
        QVERIFY(!f->completer.isPopupVisible());
        QTest::keyClick(&f->editor, Qt::Key_R);
        QVERIFY(f->completer.isPopupVisible());
        QCOMPARE(listed(f->completer).mid(0, 2),
                 (QStringList{QStringLiteral("order_items"), QStringLiteral("orders")}));
        QCOMPARE(f->completer.model()->index(1, 2).data().toString(),
                 QStringLiteral("table in public"));
        // Tab takes the first; after the table and an alias, clause words lead.
        QTest::keyClick(&f->editor, Qt::Key_Tab);
        QCOMPARE(f->editor.toPlainText(), QStringLiteral("select * from order_items"));
        QTest::keyClicks(&f->editor, QStringLiteral(" i wh"));
        QVERIFY(f->completer.isPopupVisible());
        QCOMPARE(listed(f->completer).first(), QStringLiteral("where"));
        // A space ends the word and closes the list; moving the cursor does too.
        QTest::keyClick(&f->editor, Qt::Key_Space);
        QVERIFY(!f->completer.isPopupVisible());
        QTest::keyClicks(&f->editor, QStringLiteral("i.s"));
        QVERIFY(f->completer.isPopupVisible());
        QCOMPARE(listed(f->completer), QStringList{QStringLiteral("sku")});
        QTest::keyClick(&f->editor, Qt::Key_Left);
        QVERIFY(!f->completer.isPopupVisible());
        QCOMPARE(f->editor.toPlainText(), QStringLiteral("select * from order_items i wh i.s"));
    }

    void nothingInsideStrings()
    {
        auto f = open(m_loader.get());
        QVERIFY(f);
        QTest::keyClicks(&f->editor, QStringLiteral("select 'o. or"));
        QVERIFY(!f->completer.isPopupVisible());
        QTest::keyClick(&f->editor, Qt::Key_Space, Qt::ControlModifier);
        QVERIFY(!f->completer.isPopupVisible());
    }

    void keywordsOnlyWithoutCatalog()
    {
        CatalogLoader unreachable(test::serverSpec(QStringLiteral("no_such_database_completer")));
        auto f = open(&unreachable);
        QVERIFY(f);
        QTRY_COMPARE_WITH_TIMEOUT(unreachable.state(), CatalogLoader::State::Failed, 20000);
        QTest::keyClicks(&f->editor, QStringLiteral("sel"));
        QVERIFY(f->completer.isPopupVisible());
        QCOMPARE(listed(f->completer).first(), QStringLiteral("select"));
        QTest::keyClick(&f->editor, Qt::Key_Escape);
        QTest::keyClicks(&f->editor, QStringLiteral("ect * from zzq"));
        QVERIFY(!f->completer.isPopupVisible()); // no tables known, and no key word matches

        // Without any loader the same.
        f->completer.setCatalog(nullptr);
        QCOMPARE(f->completer.catalog(), nullptr);
        f->editor.clear();
        QTest::keyClicks(&f->editor, QStringLiteral("upd"));
        QVERIFY(f->completer.isPopupVisible());
        QCOMPARE(listed(f->completer).first(), QStringLiteral("update"));
    }

    void catalogArrivingFillsTheList()
    {
        CatalogLoader loader(m_spec);
        auto f = open(nullptr);
        QVERIFY(f);
        f->editor.setPlainText(QStringLiteral("select * from "));
        placeCursor(f->editor, 14);
        f->completer.setCatalog(&loader); // starts loading
        QVERIFY(loader.isLoading());
        f->completer.complete();
        QVERIFY(!f->completer.isPopupVisible()); // a FROM wants tables: nothing yet
        // The list opens by itself once the catalog is there.
        QTRY_VERIFY_WITH_TIMEOUT(f->completer.isPopupVisible(), 20000);
        QVERIFY(listed(f->completer).contains(QStringLiteral("orders")));
    }

    void lifetimes()
    {
        // Parented to the editor, as a tab would do: both go together.
        auto *editor = new SqlEditor;
        auto *completer = new SqlCompleter(editor, editor);
        const QPointer<SqlCompleter> completerGuard(completer);
        editor->show();
        editor->setPlainText(QStringLiteral("sel"));
        placeCursor(*editor, 3);
        completer->complete();
        QVERIFY(completer->isPopupVisible());
        const QPointer<QTreeView> popup(completer->popup());
        delete editor;
        QVERIFY(!completerGuard);
        QVERIFY(!popup);

        // The completer goes first: the editor types on without it.
        SqlEditor other;
        other.show();
        auto owned = std::make_unique<SqlCompleter>(&other);
        other.setPlainText(QStringLiteral("sel"));
        placeCursor(other, 3);
        owned->complete();
        const QPointer<QTreeView> otherPopup(owned->popup());
        QVERIFY(otherPopup && otherPopup->isVisible());
        owned.reset();
        QVERIFY(!otherPopup);
        QTest::keyClicks(&other, QStringLiteral("ect x."));
        QTest::keyClick(&other, Qt::Key_Return);
        QCOMPARE(other.toPlainText(), QStringLiteral("select x.\n"));
    }
};

QTEST_MAIN(TestSqlCompleter)
#include "tst_db_sqlcompleter.moc"
