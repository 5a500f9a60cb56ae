namespace RfqSender.Engine.Tracking;

/// <summary>Which implementation of the store holds the campaigns.</summary>
public enum StoreKind
{
    /// <summary>One SQLite file (the default): embedded, no set-up; one sending machine.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database shared by several senders (machines, runbook workers).</summary>
    PostgreSql,
}
