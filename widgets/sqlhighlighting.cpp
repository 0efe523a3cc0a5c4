#include "widgets/sqlhighlighting.h"

#include "widgets/sqlhighlighter.h"

#include <QPalette>

#ifdef SIGHTLINE_HAVE_KSYNTAXHIGHLIGHTING
#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/SyntaxHighlighter>
#include <KSyntaxHighlighting/Theme>

#include <QGlobalStatic>
#include <QLoggingCategory>
#endif

namespace sightline {

#ifdef SIGHTLINE_HAVE_KSYNTAXHIGHLIGHTING
namespace {

// Light text on a dark editor: the editor's background (Base) decides, as it does for
// SqlHighlighter, so both implementations agree on what "dark" is.
bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

Q_LOGGING_CATEGORY(lcHighlighting, "sightline.highlighting")

// Loading the definitions and themes is not free: one repository serves every tab.
Q_GLOBAL_STATIC(KSyntaxHighlighting::Repository, s_repository)

KSyntaxHighlighting::Theme themeFor(const QPalette &palette)
{
    return s_repository->defaultTheme(isDark(palette)
                                          ? KSyntaxHighlighting::Repository::DarkTheme
                                          : KSyntaxHighlighting::Repository::LightTheme);
}

} // namespace
#endif

QSyntaxHighlighter *createSqlHighlighter(QTextDocument *document, const QPalette &palette)
{
#ifdef SIGHTLINE_HAVE_KSYNTAXHIGHLIGHTING
    const KSyntaxHighlighting::Definition definition =
        s_repository->definitionForName(QStringLiteral("SQL (PostgreSQL)"));
    if (definition.isValid()) {
        auto *highlighter = new KSyntaxHighlighting::SyntaxHighlighter(document);
        highlighter->setTheme(themeFor(palette));
        highlighter->setDefinition(definition);
        return highlighter;
    }
    // A packager may have left definitions out; the editor still gets colours.
    qCWarning(lcHighlighting,
              "KSyntaxHighlighting has no \"SQL (PostgreSQL)\" definition; using the built-in "
              "highlighter");
#endif
    auto *highlighter = new SqlHighlighter(document);
    highlighter->setPalette(palette);
    return highlighter;
}

void updateHighlighterPalette(QSyntaxHighlighter *highlighter, const QPalette &palette)
{
    if (auto *own = qobject_cast<SqlHighlighter *>(highlighter)) {
        own->setPalette(palette);
        return;
    }
#ifdef SIGHTLINE_HAVE_KSYNTAXHIGHLIGHTING
    if (auto *ksh = qobject_cast<KSyntaxHighlighting::SyntaxHighlighter *>(highlighter)) {
        // Most palette changes leave light or dark as it was: re-colour only when the theme
        // changes. setTheme() only recomputes the formats: the text already coloured keeps
        // the old ones until it is highlighted again.
        const KSyntaxHighlighting::Theme theme = themeFor(palette);
        if (theme.name() != ksh->theme().name()) {
            ksh->setTheme(theme);
            ksh->rehighlight();
        }
    }
#endif
}

QString highlighterBackend(const QSyntaxHighlighter *highlighter)
{
    if (qobject_cast<const SqlHighlighter *>(highlighter))
        return QStringLiteral("sightline");
#ifdef SIGHTLINE_HAVE_KSYNTAXHIGHLIGHTING
    if (qobject_cast<const KSyntaxHighlighting::SyntaxHighlighter *>(highlighter))
        return QStringLiteral("ksyntaxhighlighting");
#endif
    return QString();
}

} // namespace sightline
