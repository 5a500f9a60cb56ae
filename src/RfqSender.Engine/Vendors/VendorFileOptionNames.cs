using System.Globalization;
using System.Text;

namespace RfqSender.Engine.Vendors;

/// <summary>
/// Reads the text encoding and the delimiter of a vendor file as a user writes them on a command
/// line (<c>-Encoding windows-1252</c>, <c>--delimiter ";"</c>), the same way for the cmdlets and the CLI.
/// </summary>
public static class VendorFileOptionNames
{
    /// <summary>Encoding names offered for completion and in messages.</summary>
    public static IReadOnlyList<string> EncodingNames { get; } = new[] { "utf8", "utf8BOM", "unicode", "bigendianunicode", "windows-1252", "latin1", "ascii" };

    /// <summary>Delimiter names offered for completion and in messages.</summary>
    public static IReadOnlyList<string> DelimiterNames { get; } = new[] { ",", ";", "tab", "|" };

    /// <summary>An encoding by PowerShell's names (utf8, unicode, bigendianunicode...), a .NET name or a code page number.</summary>
    /// <exception cref="Settings.SettingsException">The name is not an encoding.</exception>
    public static Encoding ParseEncoding(string name)
    {
        var text = (name ?? string.Empty).Trim();
        _ = VendorTextDecoder.Windows1252; // registers the code pages provider
        switch (text.ToLowerInvariant())
        {
            case "utf8":
            case "utf-8":
            case "utf8nobom":
            case "utf8bom":
                return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
            case "unicode":
            case "utf-16":
            case "utf-16le":
                return Encoding.Unicode;
            case "bigendianunicode":
            case "utf-16be":
                return Encoding.BigEndianUnicode;
            case "ansi":
            case "windows-1252":
            case "1252":
                return VendorTextDecoder.Windows1252;
            case "latin1":
                return Encoding.GetEncoding(28591);
        }

        try
        {
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var codePage) ? Encoding.GetEncoding(codePage) : Encoding.GetEncoding(text);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            throw new Settings.SettingsException("-Encoding (--encoding)", null, "encoding", $"'{name}' is not a text encoding; use one of {string.Join(", ", EncodingNames)}, another .NET encoding name or a code page number");
        }
    }

    /// <summary>Read options from what a user gave: categories, an encoding name and a delimiter, each optional.</summary>
    /// <exception cref="Settings.SettingsException">The encoding or the delimiter is not one.</exception>
    public static VendorReadOptions Options(IReadOnlyCollection<string>? categories, string? encoding, string? delimiter) => new()
    {
        Categories = categories is { Count: > 0 } ? categories : null,
        Encoding = string.IsNullOrWhiteSpace(encoding) ? null : ParseEncoding(encoding!),
        Delimiter = string.IsNullOrEmpty(delimiter) ? null : ParseDelimiter(delimiter!),
    };

    /// <summary>A delimiter: one character, or <c>tab</c>.</summary>
    /// <exception cref="Settings.SettingsException">Not one character, or a character that cannot separate CSV fields.</exception>
    public static char ParseDelimiter(string text)
    {
        var value = text ?? string.Empty;
        if (value.Equals("tab", StringComparison.OrdinalIgnoreCase) || value == "\\t")
        {
            return '\t';
        }

        if (value.Length != 1 || value[0] is '"' or '\r' or '\n' || char.IsLetterOrDigit(value[0]))
        {
            throw new Settings.SettingsException("-Delimiter (--delimiter)", null, "delimiter", $"'{value}' is not a CSV delimiter; give one character such as , ; | or the word tab");
        }

        return value[0];
    }
}
