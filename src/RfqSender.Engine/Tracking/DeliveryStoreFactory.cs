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
    /// The settings name a store this version cannot open (only SQLite is supported), name no path, or
    /// the store cannot be opened.
    /// </exception>
    public static IDeliveryStore Open(StoreSettings settings, bool create)
    {
        if (settings is null)
        {
            throw new ArgumentNullException(nameof(settings));
        }

        if (settings.Kind != StoreKind.Sqlite)
        {
            throw new RfqSenderException(
                $"The store kind {settings.Kind} is not supported in this version of RfqSender: only SQLite stores are (store: kind: sqlite, path: <file>).");
        }

        if (!string.IsNullOrEmpty(settings.ConnectionString))
        {
            // The connection string may hold a password: it is named, never shown.
            throw new RfqSenderException(
                "A store connection string is not supported in this version of RfqSender: only SQLite stores are, named by a path (store: path: <file>, -StorePath, --store, RFQSENDER_STORE).");
        }

        if (string.IsNullOrWhiteSpace(settings.Path))
        {
            throw new RfqSenderException("The SQLite store has no path: name its file (store: path: <file>, -StorePath, --store, RFQSENDER_STORE).");
        }

        return SqliteDeliveryStore.Open(settings.Path!, createIfMissing: create);
    }
}
