using RfqSender.Engine.Tracking.PostgreSql;
using RfqSender.Engine.Tracking.Sqlite;

namespace RfqSender.Engine.Tracking;

/// <summary>The one way a store is opened: the settings say which kind and where.</summary>
public static class DeliveryStoreFactory
{
    /// <summary>
    /// Opens the store <paramref name="settings"/> name. With <paramref name="create"/> a missing store
    /// is created (and migrated); without it, a missing store reads as empty
    /// (<see cref="IDeliveryReader.Exists"/> is false) and refuses writes, for -WhatIf and look-ups.
    /// </summary>
    /// <exception cref="RfqSenderException">
    /// The settings name no path (SQLite) or no usable connection string (PostgreSQL), or the store
    /// cannot be opened.
    /// </exception>
    public static IDeliveryStore Open(StoreSettings settings, bool create)
    {
        if (settings is null)
        {
            throw new ArgumentNullException(nameof(settings));
        }

        if (settings.Kind == StoreKind.PostgreSql)
        {
            return PostgreSqlDeliveryStore.Open(Connection(settings), create, settings.RetryFor);
        }

        if (!string.IsNullOrEmpty(settings.ConnectionString))
        {
            // The connection string may hold a password: it is named, never shown.
            throw new RfqSenderException(
                FailureKind.Configuration,
                "A store connection string names a PostgreSQL store, but the store kind is SQLite: set store: kind: postgresql, or name a SQLite file instead (store: path:, -StorePath, --store).");
        }

        if (string.IsNullOrWhiteSpace(settings.Path))
        {
            throw new RfqSenderException("The SQLite store has no path: name its file (store: path: <file>, -StorePath, --store, RFQSENDER_STORE).");
        }

        return SqliteDeliveryStore.Open(settings.Path!, createIfMissing: create);
    }

    /// <summary>Where the store is, without any secret.</summary>
    public static string Describe(StoreSettings settings)
    {
        if (settings is null)
        {
            throw new ArgumentNullException(nameof(settings));
        }

        if (settings.Kind != StoreKind.PostgreSql)
        {
            return settings.Path is null ? "SQLite" : System.IO.Path.GetFullPath(settings.Path);
        }

        try
        {
            return Connection(settings).Description;
        }
        catch (RfqSenderException)
        {
            return "PostgreSQL (connection string not readable)";
        }
    }

    private static PostgreSqlConnectionInfo Connection(StoreSettings settings)
    {
        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            throw new RfqSenderException(
                FailureKind.Configuration,
                "The PostgreSQL store has no connection string: give one (store: connectionString:, RFQSENDER_STORE_CONNECTION, -StoreConnectionString, --store-connection).");
        }

        return PostgreSqlConnectionInfo.From(settings.ConnectionString!, settings.UserName, settings.Password, settings.ConnectTimeout);
    }
}
