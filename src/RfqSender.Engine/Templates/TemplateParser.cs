using System.Text;

namespace RfqSender.Engine.Templates;

/// <summary>Turns template text into nodes, or throws <see cref="TemplateException"/> at the first syntax error.</summary>
/// <remarks>
/// Tags: <c>{{Field}}</c>, <c>{{Field:format}}</c>, <c>{{Field ?? "default"}}</c> (both may be combined,
/// the format first), <c>{{{Field}}}</c>, <c>{{#each List}}...{{/each}}</c>,
/// <c>{{#if Field}}...{{else}}...{{/if}}</c>, <c>{{! comment }}</c>.
/// </remarks>
internal sealed class TemplateParser
{
    private const int MaxTagInMessage = 60;
    private const string ElseKeyword = "else";

    private readonly string _text;
    private readonly string _name;
    private readonly StringBuilder _literal = new();
    private readonly Stack<BlockNode> _open = new();
    private readonly List<TemplateNode> _root = new();
    private int _literalStart;
    private int _positionOffset;
    private int _positionLine = 1;
    private int _positionLineStart;

    private TemplateParser(string text, string name)
    {
        _text = text;
        _name = name;
    }

    public static List<TemplateNode> Parse(string text, string name) => new TemplateParser(text, name).Run();

    private List<TemplateNode> Current => _open.Count == 0 ? _root : _open.Peek().Current;

    private List<TemplateNode> Run()
    {
        var pos = 0;
        while (pos < _text.Length)
        {
            var open = _text.IndexOf("{{", pos, StringComparison.Ordinal);
            if (open < 0)
            {
                AppendLiteral(pos, _text.Length - pos);
                break;
            }

            AppendLiteral(pos, open - pos);
            var raw = open + 2 < _text.Length && _text[open + 2] == '{';
            var contentStart = open + (raw ? 3 : 2);
            var closer = raw ? "}}}" : "}}";
            var close = _text.IndexOf(closer, contentStart, StringComparison.Ordinal);
            var nested = _text.IndexOf("{{", contentStart, StringComparison.Ordinal);
            if (close < 0 || (nested >= 0 && nested < close))
            {
                var end = _text.IndexOfAny(new[] { '\r', '\n' }, open);
                end = end < 0 ? _text.Length : end;
                end = nested >= 0 && nested < end ? nested : end;
                var shown = _text.Substring(open, end - open);
                throw Error(open, shown, $"the tag '{Shorten(shown)}' is not closed with '{closer}'");
            }

            pos = close + closer.Length;
            var tag = _text.Substring(open, pos - open);
            var content = _text.Substring(contentStart, close - contentStart).Trim();
            if (content.Length == 0)
            {
                throw Error(open, tag, $"the tag '{tag}' is empty; write a field name such as {{{{Vendor.Name}}}}");
            }

            var first = content[0];
            var isElse = string.Equals(content, ElseKeyword, StringComparison.OrdinalIgnoreCase);
            if (first == '!' || first == '#' || first == '/' || isElse)
            {
                if (raw)
                {
                    throw Error(open, tag, $"'{Shorten(tag)}' cannot use triple braces; write it with two");
                }

                pos = SkipStandaloneLine(open, pos);
                if (first == '#')
                {
                    OpenBlock(open, tag, content);
                }
                else if (first == '/')
                {
                    CloseBlock(open, tag, content);
                }
                else if (isElse)
                {
                    Else(open, tag);
                }

                continue;
            }

            Current.Add(ParseField(open, tag, content, raw));
        }

        FlushLiteral();
        if (_open.Count > 0)
        {
            var unclosed = _open.Peek();
            throw new TemplateException(_name, unclosed.Line, unclosed.Column, unclosed.Tag, $"'{Shorten(unclosed.Tag)}' has no matching '{{{{/{unclosed.Keyword}}}}}'");
        }

        return _root;
    }

    private void OpenBlock(int open, string tag, string content)
    {
        var keyword = FirstWord(content.Substring(1), out var argument);
        var isEach = string.Equals(keyword, EachNode.EachKeyword, StringComparison.OrdinalIgnoreCase);
        var isIf = string.Equals(keyword, IfNode.IfKeyword, StringComparison.OrdinalIgnoreCase);
        if (!isEach && !isIf)
        {
            throw Error(open, tag, $"unknown block '{Shorten(tag)}'; the blocks are {{{{#each List}}}}...{{{{/each}}}} and {{{{#if Field}}}}...{{{{else}}}}...{{{{/if}}}}");
        }

        if (argument.Length == 0)
        {
            throw Error(open, tag, isEach
                ? $"'{tag}' needs a list to iterate, e.g. {{{{#each Rfq.Items}}}}"
                : $"'{tag}' needs a field to test, e.g. {{{{#if Contact.Name}}}}");
        }

        var path = FieldPath.TryParse(argument);
        if (path is null || (isEach && (path.IsIndex || path.IsNumber)))
        {
            throw Error(open, tag, $"'{Shorten(tag)}': '{argument}' is not a valid field name");
        }

        if (path.IsIndex || path.IsNumber)
        {
            throw Error(open, tag, $"'{Shorten(tag)}' cannot test a position; {{{{#if}}}} tests a field such as {{{{#if Description}}}}");
        }

        FlushLiteral();
        var (line, column) = Position(open);
        BlockNode node = isEach ? new EachNode(path, tag, line, column) : new IfNode(path, tag, line, column);
        Current.Add(node);
        _open.Push(node);
    }

    private void CloseBlock(int open, string tag, string content)
    {
        var keyword = FirstWord(content.Substring(1), out _);
        var isEach = string.Equals(keyword, EachNode.EachKeyword, StringComparison.OrdinalIgnoreCase);
        if (!isEach && !string.Equals(keyword, IfNode.IfKeyword, StringComparison.OrdinalIgnoreCase))
        {
            throw Error(open, tag, $"unknown block end '{Shorten(tag)}'; the block ends are {{{{/each}}}} and {{{{/if}}}}");
        }

        if (_open.Count == 0)
        {
            throw Error(open, tag, isEach
                ? $"'{tag}' has no matching '{{{{#each ...}}}}' before it"
                : $"'{tag}' has no matching '{{{{#if ...}}}}' before it");
        }

        var block = _open.Peek();
        if (!string.Equals(block.Keyword, keyword, StringComparison.OrdinalIgnoreCase))
        {
            throw Error(open, tag, $"'{tag}' closes '{Shorten(block.Tag)}' (line {block.Line}, column {block.Column}); close that with '{{{{/{block.Keyword}}}}}' first");
        }

        FlushLiteral();
        _open.Pop();
    }

    private void Else(int open, string tag)
    {
        if (_open.Count == 0 || _open.Peek() is not IfNode block)
        {
            throw Error(open, tag, $"'{tag}' can only be used inside {{{{#if Field}}}}...{{{{/if}}}}");
        }

        if (block.HasElse)
        {
            throw Error(open, tag, $"a second '{tag}' in '{Shorten(block.Tag)}' (line {block.Line}, column {block.Column}); an {{{{#if}}}} has at most one {{{{else}}}}");
        }

        FlushLiteral();
        block.StartElse();
    }

    private FieldNode ParseField(int open, string tag, string content, bool raw)
    {
        string? defaultText = null;
        var fieldText = content;
        var marker = DefaultMarker(content);
        if (marker >= 0)
        {
            fieldText = content.Substring(0, marker).Trim();
            defaultText = ParseDefault(open, tag, content.Substring(marker + 2).Trim());
        }

        string? format = null;
        var pathText = fieldText;
        var colon = fieldText.IndexOf(':');
        if (colon >= 0)
        {
            pathText = fieldText.Substring(0, colon).Trim();
            format = fieldText.Substring(colon + 1).Trim();
            if (format.Length == 0)
            {
                throw Error(open, tag, $"'{Shorten(tag)}' has an empty format after ':'");
            }
        }

        var path = FieldPath.TryParse(pathText);
        if (path is null)
        {
            throw Error(open, tag, $"'{Shorten(tag)}': '{pathText}' is not a valid field name (fields look like Rfq.Number, Vendor.Name, Contact.Email)");
        }

        if ((path.IsIndex || path.IsNumber) && !_open.Any(b => b is EachNode))
        {
            throw Error(open, tag, $"'{tag}' can only be used inside {{{{#each}}}}...{{{{/each}}}}");
        }

        if ((path.IsIndex || path.IsNumber) && defaultText is not null)
        {
            throw Error(open, tag, $"'{Shorten(tag)}' cannot have a default: a position is never empty");
        }

        FlushLiteral();
        var (line, column) = Position(open);
        return new FieldNode(path, format, defaultText, raw, tag, line, column);
    }

    /// <summary>Offset of the <c>??</c> that starts a default, skipping <c>[...]</c> names; -1 when there is none.</summary>
    private static int DefaultMarker(string content)
    {
        for (var i = 0; i + 1 < content.Length; i++)
        {
            if (content[i] == '[')
            {
                var close = content.IndexOf(']', i + 1);
                if (close < 0)
                {
                    return -1;
                }

                i = close;
            }
            else if (content[i] == '?' && content[i + 1] == '?')
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The text of <c>"..."</c> or <c>'...'</c>; a quote is written inside by doubling it.</summary>
    private string ParseDefault(int open, string tag, string text)
    {
        if (text.Length == 0 || (text[0] != '"' && text[0] != '\''))
        {
            throw Error(open, tag, $"'{Shorten(tag)}': the default after '??' must be quoted text, e.g. {{{{Contact.Name ?? \"Sir or Madam\"}}}}");
        }

        var quote = text[0];
        var value = new StringBuilder();
        var i = 1;
        while (true)
        {
            if (i >= text.Length)
            {
                throw Error(open, tag, $"'{Shorten(tag)}': the default text is not closed with {quote}");
            }

            if (text[i] == quote)
            {
                if (i + 1 < text.Length && text[i + 1] == quote)
                {
                    value.Append(quote);
                    i += 2;
                    continue;
                }

                break;
            }

            value.Append(text[i]);
            i++;
        }

        var rest = text.Substring(i + 1).Trim();
        if (rest.Length > 0)
        {
            throw Error(open, tag, $"'{Shorten(tag)}': unexpected '{Shorten(rest)}' after the default; a tag has one default, in quotes");
        }

        return value.ToString();
    }

    /// <summary>
    /// A block tag alone on its line takes the whole line with it (as in Mustache), so templates can put
    /// <c>{{#each}}</c> and <c>{{/each}}</c> on lines of their own without leaving blank lines behind.
    /// </summary>
    private int SkipStandaloneLine(int tagStart, int tagEnd)
    {
        var lineStart = tagStart;
        while (lineStart > 0 && (_text[lineStart - 1] == ' ' || _text[lineStart - 1] == '\t'))
        {
            lineStart--;
        }

        if (lineStart > 0 && _text[lineStart - 1] != '\n')
        {
            return tagEnd;
        }

        var after = tagEnd;
        while (after < _text.Length && (_text[after] == ' ' || _text[after] == '\t'))
        {
            after++;
        }

        if (after == _text.Length)
        {
            TrimLiteral(tagStart - lineStart);
            return after;
        }

        if (_text[after] == '\n')
        {
            TrimLiteral(tagStart - lineStart);
            return after + 1;
        }

        if (_text[after] == '\r' && after + 1 < _text.Length && _text[after + 1] == '\n')
        {
            TrimLiteral(tagStart - lineStart);
            return after + 2;
        }

        return tagEnd;
    }

    private void TrimLiteral(int count) => _literal.Length -= Math.Min(count, _literal.Length);

    private void AppendLiteral(int start, int count)
    {
        if (count <= 0)
        {
            return;
        }

        if (_literal.Length == 0)
        {
            _literalStart = start;
        }

        _literal.Append(_text, start, count);
    }

    private void FlushLiteral()
    {
        if (_literal.Length > 0)
        {
            var (line, column) = Position(_literalStart);
            Current.Add(new TextNode(_literal.ToString(), line, column));
            _literal.Clear();
        }
    }

    private TemplateException Error(int offset, string tag, string problem)
    {
        var (line, column) = Position(offset);
        return new TemplateException(_name, line, column, tag, problem);
    }

    /// <summary>1-based line and column of an offset; offsets are asked for in increasing order, so this walks forward only.</summary>
    private (int Line, int Column) Position(int offset)
    {
        if (offset < _positionOffset)
        {
            _positionOffset = 0;
            _positionLine = 1;
            _positionLineStart = 0;
        }

        for (var i = _positionOffset; i < offset; i++)
        {
            if (_text[i] == '\n')
            {
                _positionLine++;
                _positionLineStart = i + 1;
            }
        }

        _positionOffset = offset;
        return (_positionLine, offset - _positionLineStart + 1);
    }

    private static string FirstWord(string text, out string rest)
    {
        var end = 0;
        while (end < text.Length && !char.IsWhiteSpace(text[end]))
        {
            end++;
        }

        rest = text.Substring(end).Trim();
        return text.Substring(0, end);
    }

    private static string Shorten(string tag) => tag.Length <= MaxTagInMessage ? tag : tag.Substring(0, MaxTagInMessage) + "...";
}
