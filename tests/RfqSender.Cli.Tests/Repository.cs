using System.Reflection;

namespace RfqSender.Cli.Tests;

/// <summary>Paths in the repository checkout the tests were built from.</summary>
internal static class Repository
{
    public static string Root => typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    public static string Example(string name) => Path.Combine(Root, "examples", name);
}
