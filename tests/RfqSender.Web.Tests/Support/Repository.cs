using System.Reflection;

namespace RfqSender.Web.Tests.Support;

/// <summary>Paths in the repository checkout the tests were built from.</summary>
internal static class Repository
{
    public static string Root => typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    /// <summary>Where the browser tests keep their screenshots: TestResults/web-screenshots under the repository root.</summary>
    public static string ScreenshotFolder => Path.Combine(Root, "TestResults", "web-screenshots");
}
