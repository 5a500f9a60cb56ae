namespace RfqSender.Engine.Rfqs;

/// <summary>
/// Paths written in an RFQ (body files, attachments): <c>\</c> and <c>/</c> both separate folders on
/// every operating system, so a file written on Windows (<c>specs\cable-spec.pdf</c>) works in a Linux
/// container too. A file name with a literal backslash cannot be named this way; RFQ files have none.
/// </summary>
internal static class RfqFilePath
{
    /// <summary>The path with every <c>\</c> and <c>/</c> turned into this system's separator, resolved against a folder.</summary>
    public static string Resolve(string baseDirectory, string path) =>
        Path.GetFullPath(Path.Combine(baseDirectory, ToLocal(path)));

    /// <summary>The path with every <c>\</c> and <c>/</c> turned into this system's separator.</summary>
    public static string ToLocal(string path) =>
        path.Replace('\\', Path.DirectorySeparatorChar).Replace('/', Path.DirectorySeparatorChar);
}
