using System.Reflection;
using System.Runtime.InteropServices;

namespace RfqSender.Engine.Tracking.Sqlite;

/// <summary>
/// Makes native SQLite loadable when the engine runs without a deps.json — inside a PowerShell
/// module. The module ships <c>runtimes/&lt;rid&gt;/native/e_sqlite3</c> beside the engine; .NET only
/// probes there for applications, so the library is located and loaded here explicitly.
/// </summary>
internal static class SqliteNativeLibrary
{
    private const string LibraryName = "e_sqlite3";
    private static readonly object Gate = new();
    private static bool _prepared;

    /// <summary>The platform folder names to look in, most specific first.</summary>
    public static IReadOnlyList<string> RuntimeIdentifiers()
    {
        var architecture = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => "x64",
            Architecture.X86 => "x86",
            Architecture.Arm64 => "arm64",
            Architecture.Arm => "arm",
            var other => other.ToString().ToLowerInvariant(),
        };
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            return new[] { "win-" + architecture };
        }

        if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
        {
            return new[] { "osx-" + architecture };
        }

        var musl = File.Exists("/etc/alpine-release");
        return musl ? new[] { "linux-musl-" + architecture, "linux-" + architecture } : new[] { "linux-" + architecture };
    }

    /// <summary>The native library file this process needs, under <paramref name="baseDirectory"/>, or null when absent.</summary>
    public static string? Locate(string baseDirectory)
    {
        var fileName = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? LibraryName + ".dll"
            : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "lib" + LibraryName + ".dylib"
            : "lib" + LibraryName + ".so";
        return RuntimeIdentifiers()
            .Select(rid => Path.Combine(baseDirectory, "runtimes", rid, "native", fileName))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Prepares loading once per process; harmless where the host already finds the library.</summary>
    public static void Prepare()
    {
        lock (Gate)
        {
            if (_prepared)
            {
                return;
            }

            _prepared = true;
            var directory = Path.GetDirectoryName(typeof(SqliteNativeLibrary).Assembly.Location);
            if (string.IsNullOrEmpty(directory) || Locate(directory!) is not string path)
            {
                return;
            }

#if NETSTANDARD2_0
            // .NET Framework: a DLL already loaded is found by its name when SQLitePCLRaw's
            // DllImport asks for it, so loading it by full path first is enough.
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                LoadLibraryW(path);
            }
#else
            try
            {
                NativeLibrary.SetDllImportResolver(typeof(SQLitePCL.SQLite3Provider_e_sqlite3).Assembly, (name, assembly, searchPath) =>
                {
                    return name.Equals(LibraryName, StringComparison.Ordinal) ? NativeLibrary.Load(path) : IntPtr.Zero;
                });
            }
            catch (InvalidOperationException)
            {
                // The host set a resolver for SQLitePCLRaw already; it is responsible for the native library.
            }
#endif
        }
    }

#if NETSTANDARD2_0
    [DllImport("kernel32", CharSet = CharSet.Unicode, SetLastError = true)]
    private static extern IntPtr LoadLibraryW(string fileName);
#endif
}
