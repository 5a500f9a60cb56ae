using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tracking;
using RfqSender.Engine.Tracking.Sqlite;

namespace RfqSender.Engine.Tests.Tracking;

public sealed class DeliveryStoreFactoryTests : IDisposable
{
    private readonly TestFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Sqlite_settings_open_a_sqlite_store_created_only_when_asked()
    {
        var path = _temp.Combine("store", "rfq.db");

        using (var lookup = DeliveryStoreFactory.Open(StoreSettings.Sqlite(path), create: false))
        {
            Assert.False(lookup.Exists);
            Assert.False(File.Exists(path));
        }

        using var store = DeliveryStoreFactory.Open(StoreSettings.Sqlite(path), create: true);
        Assert.IsType<SqliteDeliveryStore>(store);
        Assert.True(store.Exists);
        Assert.Equal(Path.GetFullPath(path), store.Description);
    }

    [Fact]
    public void A_postgresql_store_is_refused_naming_that_only_sqlite_is_supported()
    {
        var ex = Assert.Throws<RfqSenderException>(() => DeliveryStoreFactory.Open(new StoreSettings { Kind = StoreKind.PostgreSql }, create: true));

        Assert.Contains("only SQLite", ex.Message);
    }

    [Fact]
    public void A_connection_string_is_refused_and_never_shown()
    {
        var settings = new StoreSettings { Path = _temp.Combine("rfq.db"), ConnectionString = "Host=db;Password=hunter2" };

        var ex = Assert.Throws<RfqSenderException>(() => DeliveryStoreFactory.Open(settings, create: true));

        Assert.Contains("only SQLite", ex.Message);
        Assert.DoesNotContain("hunter2", ex.Message);
        Assert.DoesNotContain("hunter2", settings.ToString());
        Assert.False(File.Exists(_temp.Combine("rfq.db")));
    }

    [Fact]
    public void Settings_without_a_path_are_refused()
    {
        Assert.Contains("no path", Assert.Throws<RfqSenderException>(() => DeliveryStoreFactory.Open(new StoreSettings(), create: true)).Message);
    }
}
