#include "models/query/resultsetmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace sightline;

namespace {
PgRowBatch makeBatch(int first, int count)
{
    PgRowBatch batch(3);
    for (int i = first; i < first + count; ++i) {
        batch.beginRow();
        const QByteArray number = QByteArray::number(i);
        batch.appendValue(number.constData(), int(number.size()));
        if (i % 10 == 0) {
            batch.appendNull();
        } else {
            const QByteArray text = "row " + number;
            batch.appendValue(text.constData(), int(text.size()));
        }
        batch.appendValue(i % 2 ? "t" : "f", 1);
    }
    return batch;
}

QList<PgColumn> columns()
{
    return {{QStringLiteral("id"), 23}, {QStringLiteral("label"), 25}, {QStringLiteral("odd"), 16}};
}
} // namespace

class TestResultSetModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void modelTester()
    {
        ResultSetModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setColumns(columns());
        model.appendBatch(makeBatch(1, 50));
        model.appendBatch(makeBatch(51, 7));
        model.appendBatch(PgRowBatch(3));
        QCOMPARE(model.rowCount(), 57);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.columnCount(), 0);
    }

    void valuesAcrossBatches()
    {
        ResultSetModel model;
        model.setColumns(columns());
        model.appendBatch(makeBatch(1, 3));
        model.appendBatch(makeBatch(4, 1000));
        QCOMPARE(model.rowCount(), 1003);
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("1"));
        QCOMPARE(model.index(3, 1).data().toString(), QStringLiteral("row 4"));
        QCOMPARE(model.index(1002, 0).data().toString(), QStringLiteral("1003"));
        // NULL is distinct from an empty string and marked.
        QCOMPARE(model.index(9, 1).data(ResultSetModel::IsNullRole).toBool(), true);
        QCOMPARE(model.index(9, 1).data().toString(), QStringLiteral("NULL"));
        QVERIFY(model.index(9, 1).data(ResultSetModel::RawValueRole).isNull());
        QCOMPARE(model.index(8, 1).data(ResultSetModel::IsNullRole).toBool(), false);
        // Booleans read as words, numbers align right.
        QCOMPARE(model.index(0, 2).data().toString(), QStringLiteral("true"));
        QCOMPARE(model.index(1, 2).data().toString(), QStringLiteral("false"));
        const auto align = model.index(0, 0).data(Qt::TextAlignmentRole).value<Qt::Alignment>();
        QVERIFY(align & Qt::AlignRight);
        const auto textAlign = model.index(0, 1).data(Qt::TextAlignmentRole).value<Qt::Alignment>();
        QVERIFY(textAlign & Qt::AlignLeft);
        QCOMPARE(model.headerData(1, Qt::Horizontal).toString(), QStringLiteral("label"));
    }

    void rowCapStopsAppending()
    {
        ResultSetModel model;
        model.setRowCap(120);
        model.setColumns(columns());
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QVERIFY(model.appendBatch(makeBatch(1, 100)));
        QVERIFY(!model.appendBatch(makeBatch(101, 100)));
        QVERIFY(model.capReached());
        QCOMPARE(model.rowCount(), 120);
        QCOMPARE(model.index(119, 0).data().toString(), QStringLiteral("120"));
        QVERIFY(!model.appendBatch(makeBatch(201, 5)));
        QCOMPARE(model.rowCount(), 120);
        QCOMPARE(inserted.count(), 2);
    }

    void longValuesAreCutForDisplayOnly()
    {
        ResultSetModel model;
        model.setColumns({{QStringLiteral("t"), 25}});
        PgRowBatch batch(1);
        batch.beginRow();
        const QByteArray longText(5000, 'x');
        batch.appendValue(longText.constData(), int(longText.size()));
        model.appendBatch(batch);
        QVERIFY(model.index(0, 0).data().toString().size() < 1100);
        QCOMPARE(model.index(0, 0).data(ResultSetModel::RawValueRole).toString().size(), 5000);
    }
};

QTEST_GUILESS_MAIN(TestResultSetModel)
#include "tst_resultsetmodel.moc"
