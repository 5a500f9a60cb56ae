using System.Reflection;

namespace RfqSender.Module.Tests;

/// <summary>Paths the build wrote into this assembly.</summary>
internal static class TestEnvironment
{
    public static string ModuleDirectory => Metadata("ModuleDirectory");

    public static string RepositoryRoot => Metadata("RepositoryRoot");

    public static string ExpectedVersion => Metadata("ExpectedVersion");

    public static string PowerShellReferenceAssembly => Metadata("PowerShellReferenceAssembly");

    public static string Metadata(string key) =>
        typeof(TestEnvironment).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException(key);
}
