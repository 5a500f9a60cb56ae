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
    public void A_connection_string_with_a_password_is_refused_naming_the_key_and_never_the_value()
    {
        var ex = Assert.Throws<SettingsException>(() => Load("""
            store:
              kind: postgresql
              connectionString: Host=db;Database=rfq;Password=hunter2
            """));

        Assert.Contains("store.connectionString", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("may not hold a password", ex.Message);
        Assert.DoesNotContain("hunter2", ex.ToString());
    }

    [Fact]
    public void A_connection_string_names_a_postgresql_store_and_the_password_comes_from_the_environment()
    {
        var store = Load(
            """
            store:
              connectionString: Host=db.contoso.example;Port=6432;Database=rfq;Username=rfq_worker
            """,
            new Hashtable { ["RFQSENDER_STORE_PASSWORD"] = "s3cret" }).EffectiveStore;

        Assert.Equal(StoreKind.PostgreSql, store.Kind);
        Assert.Equal("PostgreSQL db.contoso.example:6432/rfq as rfq_worker", store.ToString());
        Assert.Equal(6, store.Password!.Length);
    }

    [Fact]
    public void The_connection_variable_names_a_postgresql_store_and_a_store_file_given_wins_over_it()
    {
        var environment = new Hashtable { ["RFQSENDER_STORE_CONNECTION"] = "Host=db;Database=rfq;Username=u;Password=from-env" };
        var fromVariable = Load("transport: pickup", environment).EffectiveStore;
        var overridden = new SettingsOverrides { StorePath = "/srv/rfq/local.db" }.ApplyTo(Load("transport: pickup", environment)).EffectiveStore;
        var both = Assert.Throws<SettingsException>(() => new SettingsOverrides { StorePath = "/srv/a.db", StoreConnectionString = "Host=db;Database=rfq" }.ApplyTo(Load("transport: pickup")));

        Assert.Equal(StoreKind.PostgreSql, fromVariable.Kind);
        Assert.DoesNotContain("from-env", fromVariable.ToString());
        Assert.Equal((StoreKind.Sqlite, "/srv/rfq/local.db"), (overridden.Kind, overridden.Path));
        Assert.Contains("name two stores", both.Message);
    }

    [Fact]
    public void An_unknown_kind_is_refused_with_the_kinds_there_are()
    {
        var ex = Assert.Throws<SettingsException>(() => Load("store: { kind: oracle }"));

        Assert.Contains("Sqlite", ex.Message);
    }
}
