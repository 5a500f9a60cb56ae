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

    /// <summary>Reserved for a server store (PostgreSQL); refused in this version. Never written to a message.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Settings for the SQLite file at <paramref name="path"/>.</summary>
    public static StoreSettings Sqlite(string path) => new() { Kind = StoreKind.Sqlite, Path = path };

    /// <summary>Where the store is, without any secret: the kind and the path.</summary>
    public override string ToString() => Kind == StoreKind.Sqlite ? $"SQLite {Path}" : Kind.ToString();
}
