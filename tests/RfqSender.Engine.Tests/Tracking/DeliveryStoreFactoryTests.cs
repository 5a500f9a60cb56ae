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
    public void A_postgresql_store_without_a_connection_string_is_refused_naming_where_to_give_one()
    {
        var ex = Assert.Throws<RfqSenderException>(() => DeliveryStoreFactory.Open(new StoreSettings { Kind = StoreKind.PostgreSql }, create: true));

        Assert.Equal(FailureKind.Configuration, ex.Kind);
        Assert.Contains("RFQSENDER_STORE_CONNECTION", ex.Message);
        Assert.Contains("--store-connection", ex.Message);
    }

    [Fact]
    public void An_unreadable_connection_string_is_refused_naming_the_keyword_and_never_the_password()
    {
        var ex = Assert.Throws<RfqSenderException>(() => DeliveryStoreFactory.Open(StoreSettings.PostgreSql("Host=db;Database=rfq;Password=hunter2;Colour=blue"), create: true));

        Assert.Equal(FailureKind.Configuration, ex.Kind);
        Assert.Contains("colour", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("hunter2", ex.ToString());
    }

    [Fact]
    public void A_connection_string_beside_a_sqlite_kind_is_refused_and_never_shown()
    {
        var settings = new StoreSettings { Path = _temp.Combine("rfq.db"), ConnectionString = "Host=db;Password=hunter2" };

        var ex = Assert.Throws<RfqSenderException>(() => DeliveryStoreFactory.Open(settings, create: true));

        Assert.Contains("the store kind is SQLite", ex.Message);
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
