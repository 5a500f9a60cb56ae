namespace RfqSender.Engine.Tracking;

/// <summary>Which implementation of the store holds the campaigns.</summary>
public enum StoreKind
{
    /// <summary>One SQLite file (the default): embedded, no set-up.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database shared by several senders; reserved, not supported in this version.</summary>
    PostgreSql,
}
