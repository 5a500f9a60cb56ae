using System.Text;

namespace RfqSender.Engine.Tests.Support;

/// <summary>
/// A fresh folder under the system temp folder for the files one test writes, deleted on dispose.
/// The one temp-folder helper of the test projects (linked into the CLI, Graph and netstandard2.0 tests).
/// </summary>
public sealed class TestFolder : IDisposable
{
    public TestFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "rfqsender-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>A path inside the folder (nothing is created).</summary>
    public string Combine(params string[] parts) => System.IO.Path.Combine(new[] { Path }.Concat(parts).ToArray());

    /// <summary>Writes a file (creating its sub-folders) and returns its full path.</summary>
    public string Write(string name, byte[] bytes)
    {
        var full = Combine(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, bytes);
        return full;
    }

    /// <summary>Writes text as UTF-8 without a byte order mark.</summary>
    public string Write(string name, string text) => Write(name, new UTF8Encoding(false).GetBytes(text));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Leftover temp files must not fail a test.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
