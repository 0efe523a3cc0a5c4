// The result page offscreen: header clicks sort, the filter line narrows the
// rows, the cell viewer shows whole values, copy and export take the rows as
// shown.

#include "models/query/resultsetmodel.h"
#include "models/query/resultsortfilter.h"
#include "tests/testsupport/widgettest.h"
#include "widgets/cellviewer.h"
#include "widgets/exportdialog.h"
#include "widgets/resultview.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace sightline;

namespace {

using Value = std::optional<QByteArray>;

// id int4, label text, doc jsonb, data bytea
ResultSetModel *makeModel(int rows, qint64 cap = 1000000)
{
    auto *model = new ResultSetModel;
    model->setRowCap(cap);
    model->setColumns({{QStringLiteral("id"), 23},
                       {QStringLiteral("label"), 25},
                       {QStringLiteral("doc"), 3802},
                       {QStringLiteral("data"), 17}});
    PgRowBatch batch(4);
    for (int i = 1; i <= rows; ++i) {
        // Loaded out of order, so sorting by id shows something.
        const int id = (i * 7) % rows + 1;
        batch.beginRow();
        const QByteArray number = QByteArray::number(id);
        batch.appendValue(number.constData(), int(number.size()));
        if (id % 4 == 0) {
            batch.appendNull();
        } else {
            const QByteArray label = "row " + number;
            batch.appendValue(label.constData(), int(label.size()));
        }
        const QByteArray doc = "{\"id\": " + number + ", \"tags\": [\"a\", \"b\"], \"x\": {}}";
        batch.appendValue(doc.constData(), int(doc.size()));
        const QByteArray data = "\\x" + QByteArray(200, 'a') + number.toHex();
        batch.appendValue(data.constData(), int(data.size()));
    }
    model->appendBatch(batch);
    return model;
}

QPoint headerPoint(QHeaderView *header, int section)
{
    return QPoint(header->sectionViewportPosition(section) + header->sectionSize(section) / 2,
                  header->height() / 2);
}

QStringList column(const QAbstractItemModel *model, int c)
{
    QStringList out;
    for (int r = 0; r < model->rowCount(); ++r)
        out << model->index(r, c).data().toString();
    return out;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestResultView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void headerClickSorts()
    {
        ResultView view;
        view.setResultModel(makeModel(10));
        view.resize(700, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTableView *grid = view.tableView();
        QHeaderView *header = grid->horizontalHeader();
        const QStringList loaded = column(grid->model(), 0);
        QCOMPARE(loaded.first(), QStringLiteral("8"));

        // Ascending, by value (10 after 9, not after 1).
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, headerPoint(header, 0));
        QTRY_COMPARE(column(grid->model(), 0),
                     (QStringList{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"}));
        QCOMPARE(header->sortIndicatorSection(), 0);
        QCOMPARE(header->sortIndicatorOrder(), Qt::AscendingOrder);

        // Descending.
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, headerPoint(header, 0));
        QTRY_COMPARE(grid->model()->index(0, 0).data().toString(), QStringLiteral("10"));
        QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);

        // Back to the loaded order, no indicator.
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, headerPoint(header, 0));
        QTRY_COMPARE(column(grid->model(), 0), loaded);
        QCOMPARE(header->sortIndicatorSection(), -1);

        // Another column starts ascending again; NULL labels go last.
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, headerPoint(header, 1));
        QTRY_COMPARE(view.sortFilterModel()->sortColumn(), 1);
        QTRY_VERIFY(!view.sortFilterModel()->isBusy());
        QCOMPARE(view.sortFilterModel()->sortOrder(), Qt::AscendingOrder);
        QCOMPARE(grid->model()->index(0, 1).data().toString(), QStringLiteral("row 1"));
        QCOMPARE(grid->model()->index(9, 1).data().toString(), QStringLiteral("NULL"));
        QVERIFY(grid->model()->index(9, 1).data(ResultSetModel::IsNullRole).toBool());

        // Copy takes the rows as shown.
        grid->selectionModel()->clearSelection();
        QCOMPARE(view.selectionAs(CopyFormat::Csv).section(QLatin1Char('\n'), 1, 1),
                 QStringLiteral("1,row 1,\"{\"\"id\"\": 1, \"\"tags\"\": [\"\"a\"\", "
                                "\"\"b\"\"], \"\"x\"\": {}}\",\\x") +
                     QString(200, QLatin1Char('a')) + QStringLiteral("31"));
        grid->selectionModel()->select(
            QItemSelection(grid->model()->index(0, 0), grid->model()->index(1, 1)),
            QItemSelectionModel::ClearAndSelect);
        QCOMPARE(view.selectionAs(CopyFormat::Tsv),
                 QStringLiteral("id\tlabel\n1\trow 1\n10\trow 10\n"));
        grid->setFocus();
        QTest::keyClick(grid, Qt::Key_C, Qt::ControlModifier);
        QCOMPARE(QApplication::clipboard()->text(),
                 QStringLiteral("id\tlabel\n1\trow 1\n10\trow 10\n"));
    }

    void filterNarrowsRows()
    {
        ResultView view;
        view.setResultModel(makeModel(120));
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        auto *filter = test::child<QLineEdit>(&view, QStringLiteral("resultFilter"));
        auto *count = test::child<QLabel>(&view, QStringLiteral("resultCount"));
        QVERIFY(filter && count);
        QCOMPARE(count->text(), QStringLiteral("120 rows"));

        test::typeInto(filter, QStringLiteral("ROW 11"));
        // row 11, 110, 111, 113, 114, 115, 117, 118, 119 (112 and 116 are NULL)
        QTRY_COMPARE(view.sortFilterModel()->rowCount(), 9);
        QTRY_COMPARE(count->text(), QStringLiteral("9 of 120 rows"));
        QCOMPARE(view.tableView()->model()->rowCount(), 9);
        // The whole "result" for copy is what is shown.
        QCOMPARE(view.selectionAs(CopyFormat::Tsv).count(QLatin1Char('\n')), 10);

        // One column only.
        auto *columns = test::child<QComboBox>(&view, QStringLiteral("resultFilterColumn"));
        QVERIFY(columns);
        QCOMPARE(columns->count(), 5);
        test::typeInto(filter, QStringLiteral("11"));
        columns->setCurrentIndex(columns->findData(0));
        QTRY_COMPARE(view.sortFilterModel()->filterColumn(), 0);
        QTRY_VERIFY(!view.sortFilterModel()->isBusy());
        QCOMPARE(view.sortFilterModel()->rowCount(),
                 11); // 11 and 110..119; labels are not searched

        test::typeInto(filter, QString());
        QTRY_COMPARE(view.sortFilterModel()->rowCount(), 120);
        QTRY_COMPARE(count->text(), QStringLiteral("120 rows"));
    }

    void cellViewerShowsWholeValues()
    {
        ResultView view;
        view.setResultModel(makeModel(5));
        view.resize(800, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTableView *grid = view.tableView();

        // Double-click a jsonb cell: pretty-printed.
        const QModelIndex doc = grid->model()->index(0, 2);
        grid->scrollTo(doc);
        QVERIFY(grid->viewport()->rect().contains(grid->visualRect(doc).center()));
        // A real double-click starts with a press and release (QTest's does not).
        QTest::mouseClick(grid->viewport(), Qt::LeftButton, {}, grid->visualRect(doc).center());
        QTest::mouseDClick(grid->viewport(), Qt::LeftButton, {}, grid->visualRect(doc).center());
        CellViewer *viewer = test::waitForVisible<CellViewer>(&view);
        QVERIFY(viewer);
        QCOMPARE(viewer->shownText(), QStringLiteral("{\n  \"id\": 3,\n  \"tags\": [\n    \"a\",\n"
                                                     "    \"b\"\n  ],\n  \"x\": {}\n}"));
        QVERIFY(viewer->note().isEmpty());
        QCOMPARE(viewer->windowTitle(), QStringLiteral("Value of “doc”"));

        // The viewer follows the current cell: bytea as a hex dump with its size.
        grid->setCurrentIndex(grid->model()->index(0, 3));
        QTRY_VERIFY(viewer->shownText().startsWith(QStringLiteral("00000000  aa aa")));
        auto *info = test::child<QLabel>(viewer, QStringLiteral("cellInfo"));
        QVERIFY(info);
        QCOMPARE(info->text(), QStringLiteral("bytea, 101 bytes"));

        // NULL is said to be NULL; Shift+Return opens the viewer too.
        viewer->close();
        grid->setFocus();
        grid->setCurrentIndex(grid->model()->index(3, 1)); // id 4: NULL label
        QVERIFY(grid->model()->index(3, 1).data(ResultSetModel::IsNullRole).toBool());
        QTest::keyClick(grid, Qt::Key_Return, Qt::ShiftModifier);
        QTRY_VERIFY(viewer->isVisible());
        QVERIFY(viewer->isNull());
        QVERIFY(viewer->shownText().isEmpty());
        QVERIFY(viewer->note().contains(QStringLiteral("NULL")));
        auto *copy = test::child<QPushButton>(viewer, QStringLiteral("copyValueButton"));
        QVERIFY(copy && !copy->isEnabled());
    }

    void cellViewerKinds()
    {
        CellViewer viewer;
        // Invalid JSON is shown raw with a note.
        viewer.setValue(QStringLiteral("j"), 114, QStringLiteral("{not json"), false);
        QCOMPARE(viewer.shownText(), QStringLiteral("{not json"));
        QVERIFY(viewer.note().contains(QStringLiteral("Not valid JSON")));
        // Long text keeps its lines; wrap is a toggle.
        viewer.setValue(QStringLiteral("t"), 25, QStringLiteral("a\nb"), false);
        QCOMPARE(viewer.shownText(), QStringLiteral("a\nb"));
        auto *wrap = test::child<QCheckBox>(&viewer, QStringLiteral("wrapCheck"));
        QVERIFY(wrap && wrap->isChecked());
        auto *copy = test::child<QPushButton>(&viewer, QStringLiteral("copyValueButton"));
        QVERIFY(copy);
        copy->click();
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("a\nb"));

        // Save writes a bytea value's bytes, not its hex.
        viewer.setValue(QStringLiteral("b"), 17, QStringLiteral("\\x00ff410a"), false);
        QCOMPARE(viewer.shownText(), QStringLiteral("00000000  00 ff 41 0a ") +
                                         QString(37, QLatin1Char(' ')) +
                                         QStringLiteral(" |..A.|\n"));
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("value.bin"));
        QSignalSpy saved(&viewer, &CellViewer::saved);
        viewer.saveTo(path);
        QTRY_COMPARE(saved.count(), 1);
        QCOMPARE(readFile(path), QByteArray("\x00\xff\x41\x0a", 4));

        QSignalSpy failed(&viewer, &CellViewer::saveFailed);
        viewer.saveTo(dir.filePath(QStringLiteral("missing/dir/value.bin")));
        QTRY_COMPARE(failed.count(), 1);
        QVERIFY(failed.at(0).at(0).toString().contains(QStringLiteral("missing/dir")));
    }

    void exportShownRows()
    {
        ResultView view;
        view.setResultModel(makeModel(30));
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.sortFilterModel()->sort(0, Qt::DescendingOrder);
        view.sortFilterModel()->setFilter(QStringLiteral("row 2"), 1);
        QTRY_VERIFY(!view.sortFilterModel()->isBusy());
        // 2, 21, 22, 23, 25, 26, 27, 29 (20, 24 and 28 are NULL)
        QCOMPARE(view.sortFilterModel()->rowCount(), 8);

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("shown.csv"));
        QSignalSpy finished(&view, &ResultView::exportFinished);
        ExportOptions options;
        options.columns = {1, 0};
        QVERIFY(view.startExport(path, options, false));
        QVERIFY(view.isExporting());
        auto *bar = test::child<QWidget>(&view, QStringLiteral("exportBar"));
        QVERIFY(bar && bar->isVisible());
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(finished.at(0).at(0).value<ResultExport::Outcome>(),
                 ResultExport::Outcome::Written);
        QCOMPARE(readFile(path), QByteArray("label,id\nrow 29,29\nrow 27,27\nrow 26,26\n"
                                            "row 25,25\nrow 23,23\nrow 22,22\nrow 21,21\n"
                                            "row 2,2\n"));
        QVERIFY(view.exportMessage().contains(QStringLiteral("Exported 8 rows")));
        // No re-run without a source.
        QVERIFY(!view.startExport(path, options, true));
    }

    void closingCancelsExport()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("never.csv"));
        {
            ResultView view;
            view.setResultModel(makeModel(50000));
            QVERIFY(view.startExport(path, ExportOptions(), false));
            QVERIFY(view.isExporting());
            // The view goes away mid-export: the worker stops, nothing is left.
        }
        QVERIFY(!QFile::exists(path));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList());
    }

    void exportDialogWhenCapped()
    {
        ResultView view;
        // The grid holds the first 20 of 30 rows; the statement may change data.
        view.setResultModel(makeModel(30, 20));
        QVERIFY(view.resultModel()->capReached());
        view.setExportSource(PgConnectSpec(), QStringLiteral("UPDATE t SET x = 1 RETURNING *"),
                             false);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.showExportDialog();
        ExportDialog *dialog = test::waitForVisible<ExportDialog>(&view);
        QVERIFY(dialog);
        QVERIFY(!dialog->rerun());
        QVERIFY(dialog->rowsNote().contains(QStringLiteral("Only the 20 loaded rows")));
        auto *allRows = test::child<QWidget>(dialog, QStringLiteral("exportAllRows"));
        QVERIFY(allRows && !allRows->isVisible());

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("capped.json"));
        dialog->setFormat(ExportFormat::Json);
        dialog->setPath(path);
        QSignalSpy finished(&view, &ResultView::exportFinished);
        auto *ok = test::child<QPushButton>(dialog, QStringLiteral("exportOk"));
        QVERIFY(ok);
        ok->click();
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(finished.at(0).at(1).toLongLong(), qint64(20));
        QVERIFY(readFile(path).startsWith("[\n{\"id\":8,\"label\":null,\"doc\":{\"id\": 8"));

        // A statement that may run again: the dialog offers all rows.
        view.setExportSource(PgConnectSpec(), QStringLiteral("SELECT 1"), true);
        view.showExportDialog();
        dialog = test::waitForVisible<ExportDialog>(&view);
        QVERIFY(dialog);
        QVERIFY(dialog->rerun());
        auto *loadedRows = test::child<QWidget>(dialog, QStringLiteral("exportLoadedRows"));
        QVERIFY(loadedRows && loadedRows->isVisible());
        dialog->reject();
    }
};

QTEST_MAIN(TestResultView)
#include "tst_resultview.moc"
