// Client-side sort and filter over loaded result rows, computed off the UI
// thread and swapped in.

#include "models/query/resultsortfilter.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include <optional>

using namespace sightline;

namespace {

using Value = std::optional<QByteArray>; // nullopt is SQL NULL

PgRowBatch batchOf(const QList<QList<Value>> &rows, int columns)
{
    PgRowBatch batch(columns);
    for (const QList<Value> &row : rows) {
        batch.beginRow();
        for (const Value &value : row) {
            if (value)
                batch.appendValue(value->constData(), int(value->size()));
            else
                batch.appendNull();
        }
    }
    return batch;
}

// A single-column model of type `oid`.
void fillColumn(ResultSetModel &model, quint32 oid, const QList<Value> &values)
{
    model.setColumns({{QStringLiteral("v"), oid}});
    QList<QList<Value>> rows;
    for (const Value &v : values)
        rows << QList<Value>{v};
    model.appendBatch(batchOf(rows, 1));
}

QStringList shown(const QAbstractItemModel &model, int column = 0)
{
    QStringList out;
    for (int r = 0; r < model.rowCount(); ++r) {
        const QModelIndex index = model.index(r, column);
        out << (index.data(ResultSetModel::IsNullRole).toBool()
                    ? QStringLiteral("<null>")
                    : index.data(ResultSetModel::RawValueRole).toString());
    }
    return out;
}

bool settle(const ResultSortFilterModel &proxy)
{
    return QTest::qWaitFor([&] { return !proxy.isBusy(); }, 10000);
}

// Rows "id, name, flag" for the filter and arrival tests.
PgRowBatch people(int first, int count)
{
    QList<QList<Value>> rows;
    for (int i = first; i < first + count; ++i) {
        rows << QList<Value>{QByteArray::number(i),
                             i % 5 == 0 ? Value() : Value("Person " + QByteArray::number(i)),
                             QByteArray(i % 2 ? "t" : "f")};
    }
    return batchOf(rows, 3);
}

QList<PgColumn> peopleColumns()
{
    return {{QStringLiteral("id"), 23}, {QStringLiteral("name"), 25}, {QStringLiteral("odd"), 16}};
}

} // namespace

class TestResultSortFilter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void modelTester()
    {
        ResultSetModel source;
        ResultSortFilterModel proxy;
        proxy.setRerunDelay(10);
        QAbstractItemModelTester tester(&proxy,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setSourceModel(&source);
        source.setColumns(peopleColumns());
        source.appendBatch(people(1, 50));
        QCOMPARE(proxy.rowCount(), 50);
        proxy.sort(1, Qt::DescendingOrder);
        QVERIFY(settle(proxy));
        proxy.setFilter(QStringLiteral("person 1"));
        QVERIFY(settle(proxy));
        source.appendBatch(people(51, 70));
        QVERIFY(settle(proxy));
        proxy.setFilter(QString());
        QVERIFY(settle(proxy));
        QCOMPARE(proxy.rowCount(), 120);
        proxy.sort(-1);
        QVERIFY(settle(proxy));
        source.appendBatch(people(121, 3));
        QCOMPARE(proxy.rowCount(), 123);
        source.clear();
        QCOMPARE(proxy.rowCount(), 0);
    }

    void compareNumbers_data()
    {
        QTest::addColumn<QByteArray>("a");
        QTest::addColumn<QByteArray>("b");
        QTest::addColumn<int>("order");
        QTest::newRow("equal forms") << QByteArray("1000") << QByteArray("1e3") << 0;
        QTest::newRow("trailing zeros") << QByteArray("0.000100") << QByteArray("0.0001") << 0;
        QTest::newRow("negative zero") << QByteArray("-0") << QByteArray("0.000") << 0;
        QTest::newRow("beyond double")
            << QByteArray("12345678901234567890.000000000000000001")
            << QByteArray("12345678901234567890.000000000000000002") << -1;
        QTest::newRow("longer integer") << QByteArray("99") << QByteArray("100") << -1;
        QTest::newRow("negatives") << QByteArray("-100") << QByteArray("-99") << -1;
        QTest::newRow("sign") << QByteArray("-1") << QByteArray("0") << -1;
        QTest::newRow("small exponent") << QByteArray("1.5e-7") << QByteArray("0.00000015") << 0;
        QTest::newRow("huge") << QByteArray("1e400") << QByteArray("9e399") << 1;
    }

    void compareNumbers()
    {
        QFETCH(QByteArray, a);
        QFETCH(QByteArray, b);
        QFETCH(int, order);
        QCOMPARE(compareNumericText(a, b), order);
        QCOMPARE(compareNumericText(b, a), -order);
    }

    void sortOrder_data()
    {
        QTest::addColumn<quint32>("oid");
        QTest::addColumn<QList<Value>>("values");
        QTest::addColumn<QStringList>("ascending");

        QTest::newRow("int4 by value") << 23u << QList<Value>{"10", "9", "100", "-1", Value(), "0"}
                                       << QStringList{"-1", "0", "9", "10", "100", "<null>"};
        QTest::newRow("int8 extremes")
            << 20u
            << QList<Value>{"9223372036854775807", "-9223372036854775808", "0",
                            "9223372036854775806"}
            << QStringList{"-9223372036854775808", "0", "9223372036854775806",
                           "9223372036854775807"};
        QTest::newRow("text is not numeric") << 25u << QList<Value>{"10", "9", "100", Value()}
                                             << QStringList{"10", "100", "9", "<null>"};
        QTest::newRow("numeric many digits")
            << 1700u
            << QList<Value>{"12345678901234567890.000000000000000002",
                            "NaN",
                            "12345678901234567890.000000000000000001",
                            "Infinity",
                            "-Infinity",
                            "-5",
                            "12345678901234567890",
                            Value()}
            << QStringList{"-Infinity",
                           "-5",
                           "12345678901234567890",
                           "12345678901234567890.000000000000000001",
                           "12345678901234567890.000000000000000002",
                           "Infinity",
                           "NaN",
                           "<null>"};
        const QByteArray huge = "1" + QByteArray(400, '0');
        const QByteArray nines(400, '9');
        QTest::newRow("numeric beyond double's range")
            << 1700u << QList<Value>{"Infinity", huge, nines, "-" + huge, "-Infinity", "0"}
            << QStringList{"-Infinity",
                           QString::fromLatin1("-" + huge),
                           "0",
                           QString::fromLatin1(nines),
                           QString::fromLatin1(huge),
                           "Infinity"};
        QTest::newRow("float8 specials")
            << 701u
            << QList<Value>{"NaN", "1e+20", "-0", "0.1", "-Infinity", "Infinity", "-1.5e-05"}
            << QStringList{"-Infinity", "-1.5e-05", "-0", "0.1", "1e+20", "Infinity", "NaN"};
        QTest::newRow("bool") << 16u << QList<Value>{"t", "f", Value(), "t", "f"}
                              << QStringList{"f", "f", "t", "t", "<null>"};
        QTest::newRow("bytea by bytes") << 17u << QList<Value>{"\\xff", "\\x00", "\\x0001", "\\x"}
                                        << QStringList{"\\x", "\\x00", "\\x0001", "\\xff"};
    }

    void sortOrder()
    {
        QFETCH(quint32, oid);
        QFETCH(QList<Value>, values);
        QFETCH(QStringList, ascending);

        ResultSetModel source;
        fillColumn(source, oid, values);
        ResultSortFilterModel proxy;
        QAbstractItemModelTester tester(&proxy,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setSourceModel(&source);
        proxy.sort(0, Qt::AscendingOrder);
        QVERIFY(settle(proxy));
        QCOMPARE(shown(proxy), ascending);

        // Descending is the reverse, NULLs first (as ORDER BY … DESC), with
        // equal values still in loaded order (here they are equal text too).
        proxy.sort(0, Qt::DescendingOrder);
        QVERIFY(settle(proxy));
        QStringList descending = ascending;
        std::reverse(descending.begin(), descending.end());
        QCOMPARE(shown(proxy), descending);

        proxy.sort(-1);
        QVERIFY(settle(proxy));
        QStringList loaded;
        for (const Value &v : values)
            loaded << (v ? QString::fromUtf8(*v) : QStringLiteral("<null>"));
        QCOMPARE(shown(proxy), loaded);
    }

    void textFollowsLocale()
    {
        const QLocale before;
        ResultSetModel source;
        fillColumn(source, 25, {"cherry", "Banana", "apple", Value(), "banana"});
        ResultSortFilterModel proxy;
        proxy.setSourceModel(&source);

        // A language's collation: letters before case.
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        proxy.sort(0, Qt::AscendingOrder);
        QVERIFY(settle(proxy));
        const QStringList english = shown(proxy);

        // The C locale: code-point order, capitals first.
        QLocale::setDefault(QLocale::c());
        proxy.sort(-1);
        proxy.sort(0, Qt::AscendingOrder);
        QVERIFY(settle(proxy));
        const QStringList c = shown(proxy);
        QLocale::setDefault(before);

        QCOMPARE(english, (QStringList{"apple", "banana", "Banana", "cherry", "<null>"}));
        QCOMPARE(c, (QStringList{"Banana", "apple", "banana", "cherry", "<null>"}));
    }

    void equalValuesKeepLoadedOrder()
    {
        ResultSetModel source;
        source.setColumns(peopleColumns());
        source.appendBatch(people(1, 40));
        ResultSortFilterModel proxy;
        proxy.setSourceModel(&source);
        proxy.sort(2, Qt::DescendingOrder); // odd: true first
        QVERIFY(settle(proxy));
        QCOMPARE(proxy.index(0, 0).data().toString(), QStringLiteral("1"));
        QCOMPARE(proxy.index(1, 0).data().toString(), QStringLiteral("3"));
        QCOMPARE(proxy.index(20, 0).data().toString(), QStringLiteral("2"));
        QCOMPARE(proxy.sourceRow(20), 1);
        // Rows are numbered as shown.
        QCOMPARE(proxy.headerData(0, Qt::Vertical).toInt(), 1);
        QCOMPARE(proxy.headerData(1, Qt::Horizontal).toString(), QStringLiteral("name"));
    }

    void filter()
    {
        ResultSetModel source;
        source.setColumns(peopleColumns());
        source.appendBatch(people(1, 100));
        ResultSortFilterModel proxy;
        QAbstractItemModelTester tester(&proxy,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setSourceModel(&source);

        // Case-insensitive, over all columns: "person 1" matches 1, 10-19, 100 (but
        // 10 and 100 have NULL names).
        proxy.setFilter(QStringLiteral("PERSON 1"));
        QVERIFY(proxy.isActive());
        QVERIFY(settle(proxy));
        QCOMPARE(shown(proxy), (QStringList{"1", "11", "12", "13", "14", "16", "17", "18", "19"}));
        QCOMPARE(source.rowCount(), 100);

        // One column only: "5" in id.
        proxy.setFilter(QStringLiteral("5"), 0);
        QVERIFY(settle(proxy));
        QCOMPARE(proxy.rowCount(), 19); // 5, 15, ..., 95 and 50-59
        QCOMPARE(proxy.filterColumn(), 0);

        // Booleans match as they read; NULL matches nothing, not even "null".
        proxy.setFilter(QStringLiteral("true"), 2);
        QVERIFY(settle(proxy));
        QCOMPARE(proxy.rowCount(), 50);
        proxy.setFilter(QStringLiteral("null"));
        QVERIFY(settle(proxy));
        QCOMPARE(proxy.rowCount(), 0);
        QVERIFY(!proxy.hasChildren());
        // Headers stay when no row is left.
        QCOMPARE(proxy.headerData(0, Qt::Horizontal).toString(), QStringLiteral("id"));

        // Non-ASCII text, ignoring case.
        ResultSetModel words;
        fillColumn(words, 25, {"Ärger", "ärmel", "arm", Value()});
        proxy.setSourceModel(&words);
        proxy.setFilter(QStringLiteral("äR"));
        QVERIFY(settle(proxy));
        QCOMPARE(shown(proxy), (QStringList{"Ärger", "ärmel"}));

        proxy.setFilter(QString());
        QVERIFY(!proxy.isActive());
        QCOMPARE(proxy.rowCount(), 4);
    }

    void sortAndFilterTogether()
    {
        ResultSetModel source;
        source.setColumns(peopleColumns());
        source.appendBatch(people(1, 30));
        ResultSortFilterModel proxy;
        proxy.setSourceModel(&source);
        proxy.setFilter(QStringLiteral("person 2"));
        proxy.sort(0, Qt::DescendingOrder);
        QVERIFY(settle(proxy));
        QCOMPARE(shown(proxy), (QStringList{"29", "28", "27", "26", "24", "23", "22", "21", "2"}));
        const std::vector<int> rows = proxy.sourceRows();
        QCOMPARE(int(rows.size()), 9);
        QCOMPARE(rows.front(), 28);
        QCOMPARE(rows.back(), 1);
    }

    void rowsArrivingLater()
    {
        ResultSetModel source;
        source.setColumns(peopleColumns());
        source.appendBatch(people(1, 10));
        ResultSortFilterModel proxy;
        proxy.setRerunDelay(20);
        QAbstractItemModelTester tester(&proxy,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setSourceModel(&source);
        proxy.sort(0, Qt::DescendingOrder);
        QVERIFY(settle(proxy));
        QCOMPARE(proxy.index(0, 0).data().toString(), QStringLiteral("10"));

        // New rows are sorted in once the re-run has happened.
        source.appendBatch(people(11, 5));
        QVERIFY(proxy.isBusy());
        QVERIFY(settle(proxy));
        QCOMPARE(proxy.rowCount(), 15);
        QCOMPARE(proxy.index(0, 0).data().toString(), QStringLiteral("15"));
        QCOMPARE(proxy.index(14, 0).data().toString(), QStringLiteral("1"));

        // With a filter, only matching new rows appear.
        proxy.setFilter(QStringLiteral("person 2"));
        QVERIFY(settle(proxy));
        QCOMPARE(proxy.rowCount(), 1);      // 2
        source.appendBatch(people(16, 10)); // 16..25: 21..24 match (20 and 25 are NULL)
        QVERIFY(settle(proxy));
        QCOMPARE(shown(proxy), (QStringList{"24", "23", "22", "21", "2"}));

        // Rows arriving while the first computation still runs are not lost.
        ResultSetModel big;
        big.setColumns(peopleColumns());
        big.appendBatch(people(1, 20000));
        ResultSortFilterModel second;
        second.setRerunDelay(20);
        second.setSourceModel(&big);
        second.sort(0, Qt::DescendingOrder);
        big.appendBatch(people(20001, 7));
        QVERIFY(settle(second));
        QCOMPARE(second.rowCount(), 20007);
        QCOMPARE(second.index(0, 0).data().toString(), QStringLiteral("20007"));
    }

    void staleWorkIsDropped()
    {
        ResultSetModel source;
        source.setColumns(peopleColumns());
        source.appendBatch(people(1, 5000));
        ResultSortFilterModel proxy;
        proxy.setSourceModel(&source);
        QSignalSpy layouts(&proxy, &QAbstractItemModel::layoutChanged);
        // Three requests in a row: only the last one's answer is swapped in.
        proxy.sort(0, Qt::DescendingOrder);
        proxy.setFilter(QStringLiteral("person 4"));
        proxy.sort(1, Qt::AscendingOrder);
        QVERIFY(settle(proxy));
        QTest::qWait(50);
        QCOMPARE(layouts.count(), 1);
        QCOMPARE(proxy.sortColumn(), 1);
        QVERIFY(proxy.rowCount() > 0);
        for (int r = 0; r < proxy.rowCount(); ++r)
            QVERIFY(proxy.index(r, 1).data().toString().contains(QStringLiteral("Person 4")));
        for (int r = 1; r < proxy.rowCount(); ++r)
            QVERIFY(proxy.index(r - 1, 1).data().toString() <=
                        proxy.index(r, 1).data().toString() ||
                    QLocale().language() != QLocale::C);
    }

    void selectionFollowsRows()
    {
        ResultSetModel source;
        source.setColumns(peopleColumns());
        source.appendBatch(people(1, 20));
        ResultSortFilterModel proxy;
        proxy.setSourceModel(&source);
        const QPersistentModelIndex third(proxy.index(2, 1)); // id 3
        proxy.sort(0, Qt::DescendingOrder);
        QVERIFY(settle(proxy));
        QVERIFY(third.isValid());
        QCOMPARE(third.row(), 17);
        QCOMPARE(proxy.index(third.row(), 0).data().toString(), QStringLiteral("3"));
        proxy.setFilter(QStringLiteral("Person 1"));
        QVERIFY(settle(proxy));
        QVERIFY(!third.isValid()); // id 3 is filtered out
        const QPersistentModelIndex eleven(proxy.mapFromSource(source.index(10, 0)));
        QVERIFY(eleven.isValid());
        proxy.setFilter(QString());
        proxy.sort(-1);
        QVERIFY(settle(proxy));
        QCOMPARE(eleven.row(), 10);
    }

    void sourceResetClearsSort()
    {
        ResultSetModel source;
        source.setColumns(peopleColumns());
        source.appendBatch(people(1, 20));
        ResultSortFilterModel proxy;
        proxy.setSourceModel(&source);
        proxy.sort(0, Qt::DescendingOrder);
        proxy.setFilter(QStringLiteral("person"), 1);
        QVERIFY(settle(proxy));
        source.setColumns({{QStringLiteral("x"), 25}});
        QCOMPARE(proxy.sortColumn(), -1);
        QCOMPARE(proxy.filterColumn(), -1);
        QCOMPARE(proxy.filterText(), QStringLiteral("person"));
        QVERIFY(settle(proxy));
        QCOMPARE(proxy.rowCount(), 0);
    }

    void refusesOtherModels()
    {
        ResultSortFilterModel proxy;
        QStringListModelLike other;
        QTest::ignoreMessage(QtWarningMsg, "ResultSortFilterModel: the source must be a "
                                           "ResultSetModel");
        proxy.setSourceModel(&other);
        QCOMPARE(proxy.rowCount(), 0);
    }

private:
    class QStringListModelLike : public QAbstractListModel
    {
    public:
        int rowCount(const QModelIndex & = QModelIndex()) const override { return 1; }
        QVariant data(const QModelIndex &, int = Qt::DisplayRole) const override { return {}; }
    };
};

QTEST_GUILESS_MAIN(TestResultSortFilter)
#include "tst_resultsortfilter.moc"
