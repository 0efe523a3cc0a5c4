#include "widgets/sqlhighlighter.h"

#include <QGuiApplication>
#include <QPalette>
#include <QTextBlockUserData>

namespace sightline {

namespace {

// The full lexer state of a block's end; the int block state only tells
// QSyntaxHighlighter whether the next block must be redone.
class LexerStateData final : public QTextBlockUserData
{
public:
    explicit LexerStateData(SqlLexer::State s)
        : state(std::move(s))
    {}
    SqlLexer::State state;
};

int encode(const SqlLexer::State &state)
{
    if (state.mode == SqlLexer::State::Mode::Normal)
        return 0;
    return (int(state.mode) & 0x7) | (std::min(state.commentDepth, 255) << 3) |
           (int(qHash(state.dollarTag) & 0xFFFF) << 11);
}

QTextCharFormat make(const QColor &color, bool bold = false, bool italic = false)
{
    QTextCharFormat format;
    format.setForeground(color);
    if (bold)
        format.setFontWeight(QFont::Bold);
    format.setFontItalic(italic);
    return format;
}

} // namespace

SqlHighlighter::SqlHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{
    setPalette(QGuiApplication::palette());
}

void SqlHighlighter::setPalette(const QPalette &palette)
{
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    const QColor text = palette.color(QPalette::Text);
    m_formats.identifier = make(text);
    m_formats.keyword = make(dark ? QColor(0x82, 0xaa, 0xff) : QColor(0x1a, 0x4f, 0xa0), true);
    m_formats.quoted = make(dark ? QColor(0xc3, 0xe8, 0x8d) : QColor(0x5a, 0x3e, 0x8e));
    m_formats.string = make(dark ? QColor(0xc3, 0xe8, 0x8d) : QColor(0x2e, 0x7d, 0x32));
    m_formats.number = make(dark ? QColor(0xf7, 0x8c, 0x6c) : QColor(0xb3, 0x4e, 0x00));
    m_formats.comment =
        make(dark ? QColor(0x80, 0x8a, 0x9a) : QColor(0x75, 0x75, 0x75), false, true);
    m_formats.parameter = make(dark ? QColor(0xff, 0xcb, 0x6b) : QColor(0x8d, 0x6e, 0x00), true);
    m_formats.psql = make(dark ? QColor(0xc7, 0x92, 0xea) : QColor(0x7b, 0x1f, 0xa2));
    m_formats.op = make(text);
    m_formats.error = make(text);
    m_formats.error.setUnderlineStyle(QTextCharFormat::WaveUnderline);
    m_formats.error.setUnderlineColor(QColor(0xd3, 0x2f, 0x2f));
    rehighlight();
}

QTextCharFormat SqlHighlighter::formatFor(SqlTokenKind kind, bool keyword) const
{
    switch (kind) {
    case SqlTokenKind::Identifier:
        return keyword ? m_formats.keyword : m_formats.identifier;
    case SqlTokenKind::QuotedIdentifier:
        return m_formats.quoted;
    case SqlTokenKind::String:
    case SqlTokenKind::EscapeString:
    case SqlTokenKind::BitString:
    case SqlTokenKind::DollarString:
        return m_formats.string;
    case SqlTokenKind::Number:
        return m_formats.number;
    case SqlTokenKind::LineComment:
    case SqlTokenKind::BlockComment:
        return m_formats.comment;
    case SqlTokenKind::Parameter:
    case SqlTokenKind::PsqlVariable:
        return m_formats.parameter;
    case SqlTokenKind::PsqlCommand:
        return m_formats.psql;
    case SqlTokenKind::Cast:
    case SqlTokenKind::Operator:
        return m_formats.op;
    case SqlTokenKind::Whitespace:
    case SqlTokenKind::Semicolon:
    case SqlTokenKind::Punctuation:
        break;
    }
    return {};
}

void SqlHighlighter::highlightBlock(const QString &text)
{
    SqlLexer::State state;
    const QTextBlock previous = currentBlock().previous();
    if (previous.isValid()) {
        if (const auto *data = dynamic_cast<const LexerStateData *>(previous.userData()))
            state = data->state;
    }
    // The newline belongs to the text for the lexer (it ends line comments).
    const QString line = text + u'\n';
    for (const SqlToken &token : SqlLexer::tokenize(line, state)) {
        if (token.start >= text.size())
            break;
        const int length = std::min(token.length, int(text.size()) - token.start);
        const bool keyword = token.kind == SqlTokenKind::Identifier &&
                             SqlLexer::isKeyword(QStringView(text).sliced(token.start, length));
        const QTextCharFormat format = formatFor(token.kind, keyword);
        if (!format.properties().isEmpty()) // punctuation and spaces keep the default
            setFormat(token.start, length, format);
    }
    setCurrentBlockUserData(new LexerStateData(state));
    setCurrentBlockState(encode(state));
}

} // namespace sightline
