using System.Security;

namespace RfqSender.Engine.Tracking;

/// <summary>
/// Which store to open and where: the <c>store:</c> section of <c>rfqsender.yaml</c>
/// (<see cref="Settings.RfqSenderSettings.EffectiveStore"/>), or built by a caller. Opened by
/// <see cref="DeliveryStoreFactory.Open"/>.
/// </summary>
public sealed class StoreSettings
{
    /// <summary>The kind of store; <see cref="StoreKind.Sqlite"/> unless set.</summary>
    public StoreKind Kind { get; set; } = StoreKind.Sqlite;

    /// <summary>The SQLite file.</summary>
    public string? Path { get; set; }

    /// <summary>
    /// The PostgreSQL connection string (<c>Host=...;Database=...;Username=...</c>). It may hold a
    /// password only when given at run time (a parameter, <c>RFQSENDER_STORE_CONNECTION</c>), never in
    /// a settings file. Never written to a message, a log or the store.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The PostgreSQL user, over the connection string's (from a credential).</summary>
    public string? UserName { get; set; }

    /// <summary>The PostgreSQL password, over the connection string's (a credential, <c>RFQSENDER_STORE_PASSWORD</c>).</summary>
    public SecureString? Password { get; set; }

    /// <summary>
    /// How long a shared store retries a transient fault (a lost connection, a failover, a
    /// serialization failure, a deadlock) before the command stops with a store error. Default 30 s.
    /// </summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long opening a connection to a shared store may take, when the connection string does not
    /// say (its <c>Timeout</c>); null for Npgsql's default (15 s). Completion asks for a short one.
    /// </summary>
    public TimeSpan? ConnectTimeout { get; set; }

    /// <summary>Settings for the SQLite file at <paramref name="path"/>.</summary>
    public static StoreSettings Sqlite(string path) => new() { Kind = StoreKind.Sqlite, Path = path };

    /// <summary>Settings for the PostgreSQL database <paramref name="connectionString"/> names.</summary>
    public static StoreSettings PostgreSql(string connectionString, string? userName = null, SecureString? password = null) =>
        new() { Kind = StoreKind.PostgreSql, ConnectionString = connectionString, UserName = userName, Password = password };

    /// <summary>Where the store is, without any secret: the kind and the path, or the server and database.</summary>
    public override string ToString() => Kind switch
    {
        StoreKind.Sqlite => $"SQLite {Path}",
        _ => DeliveryStoreFactory.Describe(this),
    };
}
