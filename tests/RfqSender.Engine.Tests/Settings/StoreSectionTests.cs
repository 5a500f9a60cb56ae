using System.Collections;
using RfqSender.Engine.Settings;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Tests.Settings;

public sealed class StoreSectionTests : IDisposable
{
    private readonly TestFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private RfqSenderSettings Load(string yaml, IDictionary? environment = null)
    {
        File.WriteAllText(_temp.Combine("rfqsender.yaml"), yaml);
        return SettingsLoader.Load(null, null, environment ?? new Hashtable(), _temp.Path);
    }

    [Fact]
    public void The_store_section_names_the_kind_and_the_path_relative_to_the_file()
    {
        var settings = Load("""
            store:
              kind: SQLite
              path: data/rfq.db
            """);

        Assert.Equal(_temp.Combine("data", "rfq.db"), settings.StorePath);
        Assert.Equal(StoreKind.Sqlite, settings.StoreKind);
        Assert.Equal(StoreKind.Sqlite, settings.EffectiveStore.Kind);
        Assert.Equal(_temp.Combine("data", "rfq.db"), settings.EffectiveStore.Path);
        Assert.Null(settings.EffectiveStore.ConnectionString);
    }

    [Fact]
    public void The_store_key_as_a_file_still_works_and_the_variable_overrides_it()
    {
        Assert.Equal(_temp.Combine("old.db"), Load("store: old.db").EffectiveStore.Path);
        Assert.Equal(
            "/srv/rfq/override.db",
            Load("store: { path: old.db }", new Hashtable { [RfqSenderDefaults.StoreVariable] = "/srv/rfq/override.db" }).EffectiveStore.Path);
    }

    [Fact]
    public void Without_a_store_setting_the_default_file_is_used()
    {
        var store = Load("transport: pickup").EffectiveStore;

        Assert.Equal(StoreKind.Sqlite, store.Kind);
        Assert.Equal(RfqSenderDefaults.StorePath, store.Path);
    }

    [Fact]
    public void A_connection_string_is_refused_naming_that_only_sqlite_is_supported_and_never_shown()
    {
        var ex = Assert.Throws<SettingsException>(() => Load("""
            store:
              kind: postgresql
              connectionString: Host=db;Password=hunter2
            """));

        Assert.Contains("store.connectionString", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("only SQLite", ex.Message);
        Assert.DoesNotContain("hunter2", ex.Message);
    }

    [Fact]
    public void An_unknown_kind_is_refused_with_the_kinds_there_are()
    {
        var ex = Assert.Throws<SettingsException>(() => Load("store: { kind: oracle }"));

        Assert.Contains("Sqlite", ex.Message);
    }
}
