#include "models/pg/pgsession.h"
#include "widgets/querytab.h"
#include "widgets/sqlhighlighting.h"

#include <QDir>
#include <QPalette>
#include <QPlainTextEdit>
#include <QSyntaxHighlighter>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>

#ifdef SIGHTLINE_HAVE_KSYNTAXHIGHLIGHTING
#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/SyntaxHighlighter>
#include <KSyntaxHighlighting/Theme>
#endif

#include <memory>

using namespace sightline;

// Which highlighter the SQL editor really uses, and that it colours SQL and follows the
// palette. The Debian 13 CI stage sets SIGHTLINE_EXPECT_KSYNTAXHIGHLIGHTING=1: there a build
// that silently fell back to our own highlighter fails here.

namespace {

constexpr auto Sql = "SELECT 'some text' FROM t WHERE id = 42";
constexpr int KeywordColumn = 0; // SELECT
constexpr int StringColumn = 9;  // inside 'some text'

QPalette makePalette(bool dark)
{
    QPalette palette;
    const QColor background = dark ? QColor(0x23, 0x26, 0x29) : QColor(0xfc, 0xfc, 0xfc);
    const QColor text = dark ? QColor(0xee, 0xee, 0xee) : QColor(0x10, 0x10, 0x10);
    palette.setColor(QPalette::Window, background);
    palette.setColor(QPalette::Base, background);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Text, text);
    return palette;
}

QString expectedBackend()
{
#ifdef SIGHTLINE_HAVE_KSYNTAXHIGHLIGHTING
    return QStringLiteral("ksyntaxhighlighting");
#else
    return QStringLiteral("sightline");
#endif
}

// The format the highlighter gave the character at `column` of the first line.
QTextCharFormat formatAt(const QTextDocument *document, int column)
{
    const QTextBlock block = document->firstBlock();
    for (const QTextLayout::FormatRange &range : block.layout()->formats()) {
        if (column >= range.start && column < range.start + range.length)
            return range.format;
    }
    return {};
}

QColor foregroundAt(const QTextDocument *document, int column)
{
    const QTextCharFormat format = formatAt(document, column);
    return format.hasProperty(QTextFormat::ForegroundBrush) ? format.foreground().color()
                                                            : QColor();
}

// A query tab that never reaches a server: the editor is all this test looks at.
std::unique_ptr<QueryTab> makeTab(const QPalette &palette)
{
    PgConnectSpec spec;
    spec.params.insert(QStringLiteral("host"),
                       QDir::temp().filePath(QStringLiteral("sightline-no-server-here")));
    spec.params.insert(QStringLiteral("port"), QStringLiteral("1"));
    spec.params.insert(QStringLiteral("dbname"), QStringLiteral("none"));
    auto tab = std::make_unique<QueryTab>(spec, QStringLiteral("highlighting"));
    tab->setPalette(palette);
    tab->setText(QString::fromLatin1(Sql));
    return tab;
}

QSyntaxHighlighter *editorHighlighter(QueryTab &tab)
{
    const auto all = tab.editor()->document()->findChildren<QSyntaxHighlighter *>(
        QString(), Qt::FindDirectChildrenOnly);
    return all.size() == 1 ? all.first() : nullptr;
}

} // namespace

class TestHighlighterBackend : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void buildHasTheExpectedHighlighter()
    {
        const bool expectKsh =
            qEnvironmentVariable("SIGHTLINE_EXPECT_KSYNTAXHIGHLIGHTING") == QLatin1String("1");
#ifndef SIGHTLINE_HAVE_KSYNTAXHIGHLIGHTING
        if (expectKsh)
            QFAIL("SIGHTLINE_EXPECT_KSYNTAXHIGHLIGHTING=1, but this build has no KF6 "
                  "SyntaxHighlighting: see 'SQL editor highlighter' in the CMake output");
#else
        Q_UNUSED(expectKsh)
#endif
        // The factory on its own gives the same implementation as the build.
        QTextDocument document;
        std::unique_ptr<QSyntaxHighlighter> highlighter(
            createSqlHighlighter(&document, makePalette(false)));
        QVERIFY(highlighter);
        QCOMPARE(highlighterBackend(highlighter.get()), expectedBackend());
    }

    void editorUsesIt()
    {
        auto tab = makeTab(makePalette(false));
        QSyntaxHighlighter *highlighter = editorHighlighter(*tab);
        QVERIFY2(highlighter, "the editor's document should have exactly one highlighter");
        QCOMPARE(highlighterBackend(highlighter), expectedBackend());
#ifdef SIGHTLINE_HAVE_KSYNTAXHIGHLIGHTING
        auto *ksh = qobject_cast<KSyntaxHighlighting::SyntaxHighlighter *>(highlighter);
        QVERIFY(ksh);
        QCOMPARE(ksh->definition().name(), QStringLiteral("SQL (PostgreSQL)"));
#endif
    }

    void keywordsAndStringsAreColoured()
    {
        auto tab = makeTab(makePalette(false));
        const QTextDocument *document = tab->editor()->document();
        QTRY_VERIFY(foregroundAt(document, KeywordColumn).isValid());
        const QTextCharFormat keyword = formatAt(document, KeywordColumn);
        const QColor string = foregroundAt(document, StringColumn);
        QVERIFY2(string.isValid(), "the string literal has no colour");
        // Both highlighters show keywords in bold and strings in a colour of their own.
        QCOMPARE(keyword.fontWeight(), int(QFont::Bold));
        QVERIFY(formatAt(document, StringColumn).fontWeight() != int(QFont::Bold));
        QVERIFY(string != keyword.foreground().color());
        QVERIFY(string != tab->palette().color(QPalette::Text));
        // The quotes belong to the literal too (KSyntaxHighlighting may give them a shade of
        // their own).
        for (int quote : {7, 17}) {
            const QColor colour = foregroundAt(document, quote);
            QVERIFY2(colour.isValid() && colour != keyword.foreground().color(),
                     qPrintable(QString::number(quote)));
        }
    }

    void followsTheLightOrDarkPalette()
    {
        auto tab = makeTab(makePalette(false));
        const QTextDocument *document = tab->editor()->document();
        QTRY_VERIFY(foregroundAt(document, KeywordColumn).isValid());
        const QColor lightKeyword = foregroundAt(document, KeywordColumn);
        const QColor lightString = foregroundAt(document, StringColumn);
        // Dark text on the light editor...
        QVERIFY2(lightKeyword.lightness() < 128, qPrintable(lightKeyword.name()));
        QVERIFY2(lightString.lightness() < 128, qPrintable(lightString.name()));

        // ...and light text once the palette turns dark, without reopening the tab.
        tab->setPalette(makePalette(true));
        QTRY_VERIFY(foregroundAt(document, KeywordColumn) != lightKeyword);
        const QColor darkKeyword = foregroundAt(document, KeywordColumn);
        const QColor darkString = foregroundAt(document, StringColumn);
        QVERIFY2(darkKeyword.lightness() > 128, qPrintable(darkKeyword.name()));
        QVERIFY2(darkString.lightness() > 128, qPrintable(darkString.name()));
        QVERIFY(darkString != lightString);

#ifdef SIGHTLINE_HAVE_KSYNTAXHIGHLIGHTING
        // The theme itself is a dark one: its editor background is dark, its text light.
        auto *ksh = qobject_cast<KSyntaxHighlighting::SyntaxHighlighter *>(editorHighlighter(*tab));
        QVERIFY(ksh);
        const KSyntaxHighlighting::Theme darkTheme = ksh->theme();
        QVERIFY(darkTheme.isValid());
        QVERIFY2(QColor::fromRgb(darkTheme.editorColor(KSyntaxHighlighting::Theme::BackgroundColor))
                         .lightness() < 128,
                 qPrintable(darkTheme.name()));
        QVERIFY(
            QColor::fromRgb(darkTheme.textColor(KSyntaxHighlighting::Theme::Normal)).lightness() >
            128);
#endif

        // Back to light: the first colours return.
        tab->setPalette(makePalette(false));
        QTRY_COMPARE(foregroundAt(document, KeywordColumn), lightKeyword);
        QCOMPARE(foregroundAt(document, StringColumn), lightString);
#ifdef SIGHTLINE_HAVE_KSYNTAXHIGHLIGHTING
        QVERIFY(ksh->theme().name() != darkTheme.name());
        QVERIFY(
            QColor::fromRgb(ksh->theme().editorColor(KSyntaxHighlighting::Theme::BackgroundColor))
                .lightness() > 128);
#endif
    }
};

QTEST_MAIN(TestHighlighterBackend)
#include "tst_highlighterbackend.moc"
