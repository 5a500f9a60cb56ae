namespace RfqSender.Engine.Templates;

/// <summary>
/// A field reference as written in a tag: <c>Vendor.Region</c>, <c>Part</c>, <c>this</c>,
/// <c>@index</c>, or <c>Vendor.[Payment Terms]</c> for names with spaces.
/// </summary>
internal sealed class FieldPath
{
    private FieldPath(string text, IReadOnlyList<string> segments)
    {
        Text = text;
        Segments = segments;
    }

    public string Text { get; }

    public IReadOnlyList<string> Segments { get; }

    public bool IsIndex => Segments.Count == 1 && string.Equals(Segments[0], "@index", StringComparison.OrdinalIgnoreCase);

    public bool IsNumber => Segments.Count == 1 && string.Equals(Segments[0], "@number", StringComparison.OrdinalIgnoreCase);

    public bool StartsWithThis => string.Equals(Segments[0], "this", StringComparison.OrdinalIgnoreCase);

    public static FieldPath? TryParse(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        if (text[0] == '@')
        {
            var path = new FieldPath(text, new[] { text });
            return path.IsIndex || path.IsNumber ? path : null;
        }

        var segments = new List<string>();
        var i = 0;
        while (i <= text.Length)
        {
            string segment;
            if (i < text.Length && text[i] == '[')
            {
                var close = text.IndexOf(']', i + 1);
                if (close < 0)
                {
                    return null;
                }

                segment = text.Substring(i + 1, close - i - 1).Trim();
                i = close + 1;
            }
            else
            {
                var start = i;
                while (i < text.Length && IsNameChar(text[i]))
                {
                    i++;
                }

                segment = text.Substring(start, i - start);
            }

            if (segment.Length == 0)
            {
                return null;
            }

            segments.Add(segment);
            if (i == text.Length)
            {
                break;
            }

            if (text[i] != '.')
            {
                return null;
            }

            i++;
            if (i == text.Length)
            {
                return null;
            }
        }

        return new FieldPath(text, segments);
    }

    public override string ToString() => Text;

    private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '-';
}
