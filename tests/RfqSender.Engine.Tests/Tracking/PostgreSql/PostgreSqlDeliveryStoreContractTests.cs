using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Tests.Tracking.PostgreSql;

/// <summary>
/// The PostgreSQL store passes the same store contract as SQLite: one schema per test in the local
/// test server, opened through the factory as the owner role (which creates the tables).
/// </summary>
public sealed class PostgreSqlDeliveryStoreContractTests : DeliveryStoreContract
{
    private PostgreSqlTestServer? _server;
    private string? _schema;

    protected override IDeliveryStore Open(bool create)
    {
        _server ??= PostgreSqlTestServer.Require();
        _schema ??= _server.CreateSchema();
        return DeliveryStoreFactory.Open(_server.Store(_schema), create);
    }

    public override void Dispose()
    {
        if (_schema is not null)
        {
            _server!.DropSchema(_schema);
        }

        base.Dispose();
    }
}
