using System.Reflection;
using System.Runtime.Loader;

namespace RfqSender.Module.Tests;

/// <summary>
/// Loads the assembled module's engine the way a PowerShell host does: from its folder, with no
/// deps.json, in a context of its own, and uses the store (which needs native SQLite).
/// </summary>
public sealed class ModuleLoadTests
{
    private sealed class ModuleFolderContext : AssemblyLoadContext
    {
        private readonly string _folder;

        public ModuleFolderContext(string folder)
            : base("module-under-test", isCollectible: false) => _folder = folder;

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var candidate = Path.Combine(_folder, assemblyName.Name + ".dll");
            return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
        }
    }

    [Fact]
    public async Task The_core_engine_opens_a_store_with_the_native_sqlite_shipped_in_the_module()
    {
        var core = Path.Combine(TestEnvironment.ModuleDirectory, "core", "dependencies");
        var context = new ModuleFolderContext(core);
        var engine = context.LoadFromAssemblyPath(Path.Combine(core, "RfqSender.Engine.dll"));
        var storeType = engine.GetType("RfqSender.Engine.Tracking.SqliteDeliveryStore", throwOnError: true)!;
        var path = Path.Combine(Path.GetTempPath(), "rfqsender-module-tests", Guid.NewGuid().ToString("N"), "store.db");

        var store = (IDisposable)storeType.GetMethod("Open", new[] { typeof(string) })!.Invoke(null, new object[] { path })!;
        try
        {
            var task = (Task)storeType.GetMethod("GetCampaignsAsync")!.Invoke(store, new object?[] { null, CancellationToken.None })!;
            await task;
            var campaigns = (System.Collections.ICollection)task.GetType().GetProperty("Result")!.GetValue(task)!;
            Assert.Empty(campaigns);
            Assert.True(File.Exists(path));
        }
        finally
        {
            store.Dispose();
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }

        Assert.Same(context, AssemblyLoadContext.GetLoadContext(engine));
        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "RfqSender.Engine" && AssemblyLoadContext.GetLoadContext(a) == AssemblyLoadContext.Default);
    }
}
