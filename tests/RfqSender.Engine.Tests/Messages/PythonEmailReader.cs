using System.Text.Json;
using RfqSender.Engine.Tests.Support;

namespace RfqSender.Engine.Tests.Messages;

/// <summary>
/// Reads .eml files with an independent MIME parser — Python 3's standard <c>email</c> package, via
/// Tools/read_eml.py — so tests check what another implementation makes of our output.
/// Reusable by any test that produces .eml files (pickup folder, end-to-end sends).
/// </summary>
public static class PythonEmailReader
{
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    /// <summary>The Python interpreter: /usr/bin/python3 when present, else python3 from PATH.</summary>
    public static string PythonPath => PythonScript.PythonPath;

    /// <summary>The script, copied next to the test assembly.</summary>
    public static string ScriptPath => Path.Combine(AppContext.BaseDirectory, "Tools", "read_eml.py");

    /// <summary>Parses one file.</summary>
    public static ParsedEmail Read(string path) => ReadAll(new[] { path }).Single();

    /// <summary>Parses every file in one Python run, in the given order.</summary>
    public static IReadOnlyList<ParsedEmail> ReadAll(IEnumerable<string> paths)
    {
        var stdout = PythonScript.Run(new[] { ScriptPath }.Concat(paths.Select(Path.GetFullPath)), what: "read_eml.py");
        return JsonSerializer.Deserialize<List<ParsedEmail>>(stdout, JsonOptions)
            ?? throw new InvalidOperationException("read_eml.py printed no result.");
    }
}
