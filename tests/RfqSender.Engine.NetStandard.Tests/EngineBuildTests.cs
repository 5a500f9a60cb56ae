using System.Reflection;
using System.Runtime.Versioning;
using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Tests;

/// <summary>This project's tests run the engine's netstandard2.0 build, the one Windows PowerShell 5.1 loads.</summary>
public sealed class EngineBuildTests
{
    [Fact]
    public void The_engine_under_test_is_the_netstandard2_0_build()
    {
        var engine = typeof(Vendor).Assembly;

        Assert.Equal(".NETStandard,Version=v2.0", engine.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName);
        Assert.Equal("RfqSender.Engine", engine.GetName().Name);
    }
}
