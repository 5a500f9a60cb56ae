namespace RfqSender.Engine.Tests.Vendors;

/// <summary>Locates the vendor test data and the repository's example files.</summary>
internal static class VendorTestFiles
{
    public static string Data(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "Vendors", name);

    public static string Malformed(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "Vendors", "Malformed", name);

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
