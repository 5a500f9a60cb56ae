using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Tests.Tracking.Sqlite;

/// <summary>The SQLite store passes the store contract: one file per test, opened through the factory.</summary>
public sealed class SqliteDeliveryStoreContractTests : DeliveryStoreContract
{
    private readonly TestFolder _temp = new();

    protected override IDeliveryStore Open(bool create) =>
        DeliveryStoreFactory.Open(StoreSettings.Sqlite(_temp.Combine("store", "rfq.db")), create);

    public override void Dispose()
    {
        _temp.Dispose();
        base.Dispose();
    }
}
