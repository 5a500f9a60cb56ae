namespace RfqSender.Engine.Tests.Vendors;

/// <summary>Locates the vendor test data and the repository's example files.</summary>
internal static class VendorTestFiles
{
    public static string Data(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "Vendors", name);

    public static string Malformed(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "Vendors", "Malformed", name);

    /// <summary>A file of the hostile-input corpus, tests/Hostile (see its README.md).</summary>
    public static string Hostile(string name) => Repository(Path.Combine("tests", "Hostile", name));

    public static string Repository(string relativePath)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "RfqSender.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        return Path.Combine(directory!.FullName, relativePath);
    }
}
