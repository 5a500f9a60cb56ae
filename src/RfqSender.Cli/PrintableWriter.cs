using System.Globalization;
using System.Text;

namespace RfqSender.Cli;

/// <summary>
/// Writes only printable text: every control character a value could carry (a terminal escape
/// sequence, a carriage return that would overwrite a line, a line break that would forge a
/// result line) is shown as <c>\u001B</c> instead. Line ends and tabs of the program's own output pass.
/// </summary>
internal sealed class PrintableWriter : TextWriter
{
    public PrintableWriter(TextWriter inner)
    {
        Inner = inner;
    }

    /// <summary>The writer underneath, for the progress line's own carriage return.</summary>
    public TextWriter Inner { get; }

    public override Encoding Encoding => Inner.Encoding;

    public override string NewLine
    {
        get => Inner.NewLine;
#pragma warning disable CS8765 // TextWriter.NewLine allows null to mean the default.
        set => Inner.NewLine = value;
#pragma warning restore CS8765
    }

    /// <summary>The text with every control character except tab, line feed and a CR before a LF escaped.</summary>
    public static string Printable(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text!.Any(IsEscaped))
        {
            return text ?? string.Empty;
        }

        var builder = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var lineEnd = c == '\r' && i + 1 < text.Length && text[i + 1] == '\n';
            if (IsEscaped(c) && !lineEnd)
            {
                builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    public override void Write(char value) => Inner.Write(Printable(value.ToString()));

    public override void Write(string? value) => Inner.Write(Printable(value));

    public override void Write(char[] buffer, int index, int count) => Inner.Write(Printable(new string(buffer, index, count)));

    public override void WriteLine() => Inner.WriteLine();

    public override void WriteLine(string? value) => Inner.WriteLine(Printable(value));

    public override void Flush() => Inner.Flush();

    private static bool IsEscaped(char c) => (char.IsControl(c) && c != '\n' && c != '\t') || c == '\u2028' || c == '\u2029';
}
