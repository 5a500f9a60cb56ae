using System.Text.Json;
using RfqSender.Engine.Tests.Support;

namespace RfqSender.Engine.Tests.Documents.QuoteSheets;

/// <summary>
/// Python's openpyxl (Debian's python3-openpyxl), through Tools/quote_sheet.py: an independent
/// reader of the sheets we write, and the vendor who fills, damages and re-saves them. Missing, it
/// skips the tests that need it, except under CI=true, where it fails them.
/// </summary>
internal static class OpenpyxlWorkbook
{
    private static readonly Lazy<string?> Missing = new(Probe);

    public static string ScriptPath => Path.Combine(AppContext.BaseDirectory, "Tools", "quote_sheet.py");

    /// <summary>Skips the calling test when openpyxl is missing here, and fails it when CI=true.</summary>
    public static void Require()
    {
        if (Missing.Value is not { } why)
        {
            return;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("The quote sheet tests need Python's openpyxl under CI=true (apt-get install python3-openpyxl): " + why);
        }

        Skip.If(true, "openpyxl is not installed (apt-get install python3-openpyxl): " + why);
    }

    /// <summary>What openpyxl reads in a workbook: sheets (name, state, frozen cell, protection, validations) and cells (value, type, format, locked).</summary>
    public static JsonElement Describe(string path) =>
        JsonDocument.Parse(Run(JsonSerializer.Serialize(new { read = Path.GetFullPath(path) }))).RootElement.Clone();

    /// <summary>Applies the operations of quote_sheet.py to a copy of <paramref name="input"/> (or a new workbook) saved by openpyxl at <paramref name="output"/>.</summary>
    public static string Edit(string? input, string output, params object[] ops)
    {
        Run(JsonSerializer.Serialize(new { input = input is null ? null : Path.GetFullPath(input), output = Path.GetFullPath(output), ops }));
        return output;
    }

    /// <summary>
    /// Like <see cref="Edit"/>, then reshapes the package as Excel and LibreOffice write it: shared
    /// strings (<paramref name="richText"/> as rich text runs with a phonetic run), cells without
    /// addresses, and the given formulas' calculated values.
    /// </summary>
    public static string EditExcelLike(string input, string output, IReadOnlyDictionary<string, string> formulaValues, string richText, params object[] ops)
    {
        Run(JsonSerializer.Serialize(new { input = Path.GetFullPath(input), output = Path.GetFullPath(output), ops, excel_like = true, formula_values = formulaValues, rich_text = richText }));
        return output;
    }

    private static string? Probe()
    {
        try
        {
            Run(null, "-c", "import openpyxl");
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return e.Message;
        }
    }

    private static string Run(string? input, params string[] arguments) =>
        PythonScript.Run(arguments.Length > 0 ? arguments : new[] { ScriptPath }, input);
}
