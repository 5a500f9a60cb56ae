using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using RfqSender.Engine.Documents.QuoteSheets;
using RfqSender.Engine.Quotes;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Tracking.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. Safe for one sending process at a time per
/// campaign and any number of readers; several machines sharing a campaign use PostgreSQL.
/// </summary>
public sealed class SqliteDeliveryStore : IDeliveryStore
{
    private const string DeliveryColumns =
        "id, rfq_number, vendor_key, vendor_name, to_addresses, cc_addresses, categories, state, attempts, message_id, " +
        "detail, sent_at, next_attempt_at, lease_owner, lease_expires, created_at, updated_at, rfq_version, pending_recipients";

    // The reminder columns come last in every select that reads a delivery, after the columns other
    // readers address by ordinal, and are read by name.
    private const string ReminderColumns = "reminders_sent, last_reminder_at, reminder_pending";

    // The last change by hand of a delivery, joined as "lc" beside its columns (ordinals 19 to 23);
    // its id is renamed so that the deliveries' unqualified columns stay unambiguous.
    private const string LastChangeColumns = "lc.from_state, lc.to_state, lc.changed_by, lc.reason, lc.changed_at";

    private const string LastChangeJoin =
        "LEFT JOIN (SELECT id AS change_id, from_state, to_state, changed_by, reason, changed_at FROM delivery_changes) lc " +
        "ON lc.change_id = (SELECT max(c.id) FROM delivery_changes c WHERE c.delivery_id = deliveries.id)";

    // The name of the reference-token secret in store_secrets.
    private const string ReferenceSecretName = "delivery-reference";

    private readonly SqliteConnection? _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private SqliteDeliveryStore(string path, SqliteConnection? connection)
    {
        Path = path;
        _connection = connection;
    }

    /// <summary>Full path of the database file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public string Description => Path;

    /// <inheritdoc />
    public bool Exists => _connection is not null;

    /// <inheritdoc />
    /// <remarks>The machine's: one machine uses a SQLite file.</remarks>
    public TimeProvider Clock => TimeProvider.System;

    /// <summary>
    /// Opens (creating it and its folder when missing) and migrates the store at <paramref name="path"/>.
    /// Callers outside the store open it with <see cref="DeliveryStoreFactory.Open"/> instead; this stays
    /// until the front ends have moved to the factory.
    /// </summary>
    /// <exception cref="RfqSenderException">The file cannot be opened or is not an RfqSender store.</exception>
    public static SqliteDeliveryStore Open(string path) => Open(path, createIfMissing: true);

    /// <summary>
    /// Opens the store at <paramref name="path"/>. Without <paramref name="createIfMissing"/> a missing
    /// file is not created: the store reads as empty and refuses writes (for -WhatIf and look-ups).
    /// </summary>
    /// <exception cref="RfqSenderException">The file cannot be opened or is not an RfqSender store.</exception>
    public static SqliteDeliveryStore Open(string path, bool createIfMissing)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        if (!createIfMissing && !File.Exists(fullPath))
        {
            return new SqliteDeliveryStore(fullPath, null);
        }

        var directory = System.IO.Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(directory))
        {
            try
            {
                Directory.CreateDirectory(directory);
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException or NotSupportedException)
            {
                // An environment error (a read-only disk, a folder the account may not write), not a crash.
                throw new RfqSenderException(
                    $"Cannot create the folder of the store '{fullPath}': {ex.Message} Choose a store the account can write (-StorePath, --store, RFQSENDER_STORE).",
                    ex);
            }
        }

        SqliteNativeLibrary.Prepare();
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;");

            // SQLite folds the case of ASCII letters only (LIKE, lower()): a page's search or category with
            // other letters (Müller, Éclairage) compares both sides folded by .NET instead.
            connection.CreateFunction("rfq_fold", (string? text) => text?.ToUpperInvariant(), isDeterministic: true);
            SqliteSchema.Migrate(connection, fullPath);
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw new RfqSenderException($"Cannot open the store '{fullPath}': {ex.Message}", ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return new SqliteDeliveryStore(fullPath, connection);
    }

    /// <inheritdoc />
    public Task RegisterCampaignAsync(Rfq rfq, CancellationToken cancellationToken) =>
        RegisterCampaignAsync(rfq, fingerprint: null, version: null, cancellationToken);

    /// <inheritdoc />
    public Task RegisterCampaignAsync(Rfq rfq, string fingerprint, int version, CancellationToken cancellationToken) =>
        RegisterCampaignAsync(rfq, fingerprint, (int?)version, cancellationToken);

    /// <summary>Registers or updates the campaign; a null fingerprint or version keeps the registered one.</summary>
    private Task RegisterCampaignAsync(Rfq rfq, string? fingerprint, int? version, CancellationToken cancellationToken) =>
        Locked(cancellationToken, () =>
        {
            var connection = Writable();
            var now = Now();
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO campaigns (rfq_number, title, due_date, sender, definition, fingerprint, version, created_at, updated_at)
                VALUES ($number, $title, $due, $sender, $definition, $fingerprint, coalesce($version, 1), $now, $now)
                ON CONFLICT (rfq_number) DO UPDATE SET
                    title = excluded.title, due_date = excluded.due_date, sender = excluded.sender,
                    definition = excluded.definition,
                    fingerprint = coalesce($fingerprint, campaigns.fingerprint), version = coalesce($version, campaigns.version),
                    updated_at = excluded.updated_at;
                """;
            command.Parameters.AddWithValue("$number", rfq.Number);
            command.Parameters.AddWithValue("$title", rfq.Title);
            command.Parameters.AddWithValue("$due", rfq.DueDate.ToString("o", CultureInfo.InvariantCulture));
            command.Parameters.AddWithValue("$sender", rfq.From.ToString());
            command.Parameters.AddWithValue("$definition", RfqSnapshot.Serialize(rfq));
            command.Parameters.AddWithValue("$fingerprint", (object?)fingerprint ?? DBNull.Value);
            command.Parameters.AddWithValue("$version", (object?)version ?? DBNull.Value);
            command.Parameters.AddWithValue("$now", now);
            command.ExecuteNonQuery();
            return 0;
        });

    /// <inheritdoc />
    public Task<CampaignVersion?> GetCampaignVersionAsync(string rfqNumber, CancellationToken cancellationToken) =>
        Locked(cancellationToken, () =>
        {
            if (_connection is null)
            {
                return (CampaignVersion?)null;
            }

            using var command = _connection.CreateCommand();
            command.CommandText = """
                SELECT c.version, c.fingerprint,
                       (SELECT count(*) FROM deliveries d WHERE d.rfq_number = c.rfq_number AND (d.state IN ($sent, $inDoubt) OR d.sent_at IS NOT NULL))
                FROM campaigns c WHERE c.rfq_number = $number;
                """;
            command.Parameters.AddWithValue("$number", rfqNumber);
            command.Parameters.AddWithValue("$sent", (int)DeliveryState.Sent);
            command.Parameters.AddWithValue("$inDoubt", (int)DeliveryState.InDoubt);
            using var reader = command.ExecuteReader();
            return reader.Read()
                ? new CampaignVersion(reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt32(2))
                : null;
        });

    /// <inheritdoc />
    public Task SetInputOpenAsync(string rfqNumber, string? note, CancellationToken cancellationToken) =>
        Locked(CancellationToken.None, () =>
        {
            using var command = Writable().CreateCommand();
            command.CommandText = "UPDATE campaigns SET input_open_since = CASE WHEN $note IS NULL THEN NULL ELSE $now END, input_note = $note WHERE rfq_number = $number;";
            command.Parameters.AddWithValue("$number", rfqNumber);
            command.Parameters.AddWithValue("$note", (object?)note ?? DBNull.Value);
            command.Parameters.AddWithValue("$now", Now());
            return command.ExecuteNonQuery();
        });

    /// <inheritdoc />
    public Task<Rfq?> GetCampaignRfqAsync(string rfqNumber, CancellationToken cancellationToken) =>
        Locked(cancellationToken, () =>
        {
            if (_connection is null)
            {
                return null;
            }

            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT definition FROM campaigns WHERE rfq_number = $number;";
            command.Parameters.AddWithValue("$number", rfqNumber);
            return command.ExecuteScalar() is string definition ? RfqSnapshot.Deserialize(definition) : null;
        });

    /// <inheritdoc />
    public Task<RegistrationResult> RegisterVendorsAsync(
        string rfqNumber,
        IReadOnlyList<Vendor> vendors,
        Func<Vendor, string> messageIdOf,
        CancellationToken cancellationToken) =>
        Locked(cancellationToken, () =>
        {
            var connection = Writable();
            var now = Now();
            int added = 0, updated = 0, unchanged = 0;
            using var transaction = connection.BeginTransaction();
            EnsureCampaignExists(transaction, rfqNumber);
            using var select = connection.CreateCommand();
            select.Transaction = transaction;
            select.CommandText = "SELECT state, vendor FROM deliveries WHERE rfq_number = $number AND vendor_key = $key;";
            var selectNumber = select.Parameters.Add("$number", SqliteType.Text);
            var selectKey = select.Parameters.Add("$key", SqliteType.Text);

            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO deliveries (rfq_number, vendor_key, vendor_name, to_addresses, cc_addresses, categories, vendor,
                                        message_id, state, attempts, created_at, updated_at)
                VALUES ($number, $key, $name, $to, $cc, $categories, $vendor, $messageId, $queued, 0, $now, $now);
                """;
            using var refresh = connection.CreateCommand();
            refresh.Transaction = transaction;
            refresh.CommandText = """
                UPDATE deliveries SET vendor_name = $name, to_addresses = $to, cc_addresses = $cc, categories = $categories,
                                      vendor = $vendor, updated_at = $now
                WHERE rfq_number = $number AND vendor_key = $key AND state IN ($queued, $deferred);
                """;

            foreach (var vendor in vendors)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var snapshot = VendorSnapshot.Serialize(vendor);
                selectNumber.Value = rfqNumber;
                selectKey.Value = vendor.Key;
                string? existingSnapshot = null;
                var exists = false;
                using (var reader = select.ExecuteReader())
                {
                    if (reader.Read())
                    {
                        exists = true;
                        existingSnapshot = reader.GetString(1);
                    }
                }

                if (!exists)
                {
                    SetVendorParameters(insert, rfqNumber, vendor, snapshot, now);
                    insert.Parameters.AddWithValue("$messageId", messageIdOf(vendor));
                    insert.ExecuteNonQuery();
                    insert.Parameters.Clear();
                    added++;
                }
                else if (existingSnapshot != snapshot)
                {
                    SetVendorParameters(refresh, rfqNumber, vendor, snapshot, now);
                    var changed = refresh.ExecuteNonQuery();
                    refresh.Parameters.Clear();
                    if (changed > 0)
                    {
                        updated++;
                    }
                    else
                    {
                        unchanged++;
                    }
                }
                else
                {
                    unchanged++;
                }
            }

            transaction.Commit();
            return new RegistrationResult(added, updated, unchanged);
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken) =>
        Locked(cancellationToken, () =>
        {
            var connection = Writable();
            var now = request.Now.ToUnixTimeMilliseconds();
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var keyFilter = request.VendorKeys is null ? string.Empty : "AND vendor_key IN (SELECT value FROM json_each($keys))";
            command.CommandText = $"""
                UPDATE deliveries
                SET state = $sending, lease_owner = $owner, lease_expires = $expires, attempts = attempts + 1, updated_at = $now
                WHERE id IN (
                    SELECT id FROM deliveries
                    WHERE rfq_number = $number {keyFilter}
                      AND (state = $queued OR (state = $deferred AND (next_attempt_at IS NULL OR next_attempt_at <= $now)))
                      AND NOT EXISTS (SELECT 1 FROM campaigns c WHERE c.rfq_number = $number AND c.paused_at IS NOT NULL)
                    ORDER BY id
                    LIMIT $max)
                RETURNING {DeliveryColumns}, vendor, {ReminderColumns};
                """;
            command.Parameters.AddWithValue("$sending", (int)DeliveryState.Sending);
            command.Parameters.AddWithValue("$queued", (int)DeliveryState.Queued);
            command.Parameters.AddWithValue("$deferred", (int)DeliveryState.Deferred);
            command.Parameters.AddWithValue("$owner", request.Owner);
            command.Parameters.AddWithValue("$expires", request.Now.Add(request.Lease).ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$now", now);
            command.Parameters.AddWithValue("$number", request.RfqNumber);
            command.Parameters.AddWithValue("$max", request.MaxCount);
            if (request.VendorKeys is not null)
            {
                command.Parameters.AddWithValue("$keys", ToJsonArray(request.VendorKeys));
            }

            var claimed = new List<ClaimedDelivery>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    claimed.Add(VendorSnapshot.TryDeserialize(reader.GetString(19), out var vendor, out var problem)
                        ? new ClaimedDelivery(ReadDelivery(reader), vendor)
                        : new ClaimedDelivery(ReadDelivery(reader), problem));
                }
            }

            transaction.Commit();
            claimed.Sort((a, b) => a.Record.Id.CompareTo(b.Record.Id));
            return (IReadOnlyList<ClaimedDelivery>)claimed;
        });

    /// <inheritdoc />
    public Task<bool> CompleteAsync(DeliveryCompletion completion, CancellationToken cancellationToken) =>
        Locked(CancellationToken.None, () =>
        {
            var connection = Writable();
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                UPDATE deliveries
                SET state = $state, detail = $detail, next_attempt_at = $next, pending_recipients = $pending,
                    sent_at = CASE WHEN $reminder IS NOT NULL THEN sent_at WHEN $sentAt IS NOT NULL THEN $sentAt WHEN $state = $sent THEN $at ELSE sent_at END,
                    rfq_version = CASE WHEN $reminder IS NULL AND ($state IN ($sent, $inDoubt) OR $sentAt IS NOT NULL)
                        THEN (SELECT version FROM campaigns c WHERE c.rfq_number = deliveries.rfq_number) ELSE rfq_version END,
                    reminders_sent = CASE WHEN $reminder IS NOT NULL AND $state = $sent THEN $reminder ELSE reminders_sent END,
                    last_reminder_at = CASE WHEN $reminder IS NOT NULL AND $state = $sent THEN $at ELSE last_reminder_at END,
                    reminder_pending = CASE WHEN $reminder IS NOT NULL AND $state = $sent THEN NULL ELSE reminder_pending END,
                    lease_owner = NULL, lease_expires = NULL, in_flight = 0, updated_at = $at
                WHERE id = $id AND lease_owner = $owner AND state = $sending
                RETURNING attempts;
                """;
            command.Parameters.AddWithValue("$reminder", (object?)completion.Reminder ?? DBNull.Value);
            command.Parameters.AddWithValue("$state", (int)completion.State);
            command.Parameters.AddWithValue("$sent", (int)DeliveryState.Sent);
            command.Parameters.AddWithValue("$inDoubt", (int)DeliveryState.InDoubt);
            command.Parameters.AddWithValue("$sending", (int)DeliveryState.Sending);
            command.Parameters.AddWithValue("$detail", (object?)completion.Detail ?? DBNull.Value);
            command.Parameters.AddWithValue("$next", (object?)completion.NextAttemptAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
            command.Parameters.AddWithValue("$at", completion.At.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$sentAt", (object?)completion.SentAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
            command.Parameters.AddWithValue("$pending", completion.PendingRecipients is { Count: > 0 } pending ? ToJsonArray(pending) : (object)DBNull.Value);
            command.Parameters.AddWithValue("$id", completion.DeliveryId);
            command.Parameters.AddWithValue("$owner", completion.Owner);
            if (command.ExecuteScalar() is not long attempts)
            {
                // The claim is no longer this sender's: another one took it over, and records its own outcome.
                return false;
            }

            using var log = connection.CreateCommand();
            log.Transaction = transaction;
            if (completion.Reminder is int reminder)
            {
                log.CommandText = "INSERT INTO reminder_attempts (delivery_id, number, state, detail, at) VALUES ($id, $number, $state, $detail, $at);";
                log.Parameters.AddWithValue("$number", reminder);
            }
            else
            {
                log.CommandText = "INSERT INTO delivery_attempts (delivery_id, number, state, detail, at, sender) VALUES ($id, $number, $state, $detail, $at, $sender);";
                log.Parameters.AddWithValue("$number", attempts);
                log.Parameters.AddWithValue("$sender", completion.Owner);
            }

            log.Parameters.AddWithValue("$id", completion.DeliveryId);
            log.Parameters.AddWithValue("$state", (int)completion.State);
            log.Parameters.AddWithValue("$detail", (object?)completion.Detail ?? DBNull.Value);
            log.Parameters.AddWithValue("$at", completion.At.ToUnixTimeMilliseconds());
            log.ExecuteNonQuery();
            transaction.Commit();
            return true;
        });

    /// <inheritdoc />
    public Task ReleaseAsync(string owner, IReadOnlyCollection<long> deliveryIds, CancellationToken cancellationToken, bool includeInFlight = false) =>
        Locked(CancellationToken.None, () =>
        {
            if (deliveryIds.Count == 0)
            {
                return 0;
            }

            var connection = Writable();
            using var transaction = connection.BeginTransaction();
            var leases = ReadLeases(
                transaction,
                "id IN (SELECT value FROM json_each($ids)) AND lease_owner = $owner AND (in_flight = 0 OR $force = 1)",
                select =>
                {
                    select.Parameters.AddWithValue("$owner", owner);
                    select.Parameters.AddWithValue("$force", includeInFlight ? 1 : 0);
                    select.Parameters.AddWithValue("$ids", "[" + string.Join(",", deliveryIds.Select(i => i.ToString(CultureInfo.InvariantCulture))) + "]");
                });
            var now = Now();
            foreach (var lease in leases)
            {
                EndLease(transaction, lease, DeliveryLeaseRules.Release(lease), now);
            }

            transaction.Commit();
            return leases.Count;
        });

    /// <inheritdoc />
    public Task<int> RenewLeasesAsync(string rfqNumber, string owner, DateTimeOffset expires, CancellationToken cancellationToken) =>
        Locked(cancellationToken, () =>
        {
            using var command = Writable().CreateCommand();
            command.CommandText = """
                UPDATE deliveries SET lease_expires = max(lease_expires, $expires)
                WHERE rfq_number = $number AND lease_owner = $owner AND state = $sending;
                """;
            command.Parameters.AddWithValue("$number", rfqNumber);
            command.Parameters.AddWithValue("$owner", owner);
            command.Parameters.AddWithValue("$expires", expires.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$sending", (int)DeliveryState.Sending);
            return command.ExecuteNonQuery();
        });

    /// <inheritdoc />
    public Task<bool> MarkInFlightAsync(long deliveryId, string owner, CancellationToken cancellationToken) =>
        Locked(CancellationToken.None, () =>
        {
            using var command = Writable().CreateCommand();
            command.CommandText = "UPDATE deliveries SET in_flight = 1 WHERE id = $id AND lease_owner = $owner AND state = $sending;";
            command.Parameters.AddWithValue("$id", deliveryId);
            command.Parameters.AddWithValue("$owner", owner);
            command.Parameters.AddWithValue("$sending", (int)DeliveryState.Sending);
            return command.ExecuteNonQuery() == 1;
        });

    /// <inheritdoc />
    public Task<RecoveryResult> RecoverAbandonedAsync(string rfqNumber, DateTimeOffset now, Func<string, bool> isAbandoned, CancellationToken cancellationToken)
    {
        // Asked once per owner: it may look a process up.
        var verdicts = new Dictionary<string, bool>(StringComparer.Ordinal);
        bool Abandoned(string owner) => verdicts.TryGetValue(owner, out var known) ? known : verdicts[owner] = isAbandoned(owner);
        return RecoverAsync(rfqNumber, now, lease => DeliveryLeaseRules.IsAbandoned(lease, now, Abandoned), cancellationToken);
    }

    /// <inheritdoc />
    public Task<RecoveryResult> RecoverExpiredAsync(string rfqNumber, string owner, DateTimeOffset now, CancellationToken cancellationToken) =>
        RecoverAsync(rfqNumber, now, lease => DeliveryLeaseRules.IsExpiredForOthers(lease, owner, now), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyCollection<long>> QueueRemindersAsync(string rfqNumber, IReadOnlyCollection<ReminderRequest> reminders, DateTimeOffset now, CancellationToken cancellationToken) =>
        Locked(cancellationToken, () =>
        {
            var queued = new List<long>();
            if (reminders.Count == 0)
            {
                return (IReadOnlyCollection<long>)queued;
            }

            var connection = Writable();
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                UPDATE deliveries
                SET state = $queued, reminder_pending = $reminder, attempts = 0, next_attempt_at = NULL, pending_recipients = NULL, updated_at = $now
                WHERE id = $id AND rfq_number = $number AND state = $sent AND reminder_pending IS NULL AND reminders_sent = $reminder - 1;
                """;
            command.Parameters.AddWithValue("$queued", (int)DeliveryState.Queued);
            command.Parameters.AddWithValue("$sent", (int)DeliveryState.Sent);
            command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$number", rfqNumber);
            var id = command.Parameters.Add("$id", SqliteType.Integer);
            var reminder = command.Parameters.Add("$reminder", SqliteType.Integer);
            foreach (var request in reminders)
            {
                id.Value = request.DeliveryId;
                reminder.Value = request.Number;
                if (command.ExecuteNonQuery() == 1)
                {
                    queued.Add(request.DeliveryId);
                }
            }

            transaction.Commit();
            return (IReadOnlyCollection<long>)queued;
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<ReminderAttempt>> GetReminderAttemptsAsync(string rfqNumber, CancellationToken cancellationToken) =>
        GetReminderAttemptsAsync(rfqNumber, null, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ReminderAttempt>> GetReminderAttemptsAsync(string rfqNumber, IReadOnlyCollection<string>? vendorKeys, CancellationToken cancellationToken) =>
        Locked(cancellationToken, () =>
        {
            var attempts = new List<ReminderAttempt>();
            if (_connection is null)
            {
                return (IReadOnlyList<ReminderAttempt>)attempts;
            }

            using var command = _connection.CreateCommand();
            command.CommandText = """
                SELECT r.delivery_id, d.vendor_key, r.number, r.state, r.detail, r.at
                FROM reminder_attempts r JOIN deliveries d ON d.id = r.delivery_id
                WHERE d.rfq_number = $number
                """
                + VendorKeyFilter(command, vendorKeys)
                + " ORDER BY r.id;";
            command.Parameters.AddWithValue("$number", rfqNumber);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                attempts.Add(new ReminderAttempt
                {
                    DeliveryId = reader.GetInt64(0),
                    VendorKey = reader.GetString(1),
                    Number = reader.GetInt32(2),
                    State = (DeliveryState)reader.GetInt32(3),
                    Detail = reader.IsDBNull(4) ? null : reader.GetString(4),
                    At = FromUnix(reader.GetInt64(5)),
                });
            }

            return (IReadOnlyList<ReminderAttempt>)attempts;
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<DeliveryAttempt>> GetDeliveryAttemptsAsync(string rfqNumber, IReadOnlyCollection<string>? vendorKeys, CancellationToken cancellationToken) =>
        Locked(cancellationToken, () =>
        {
            var attempts = new List<DeliveryAttempt>();
            if (_connection is null)
            {
                return (IReadOnlyList<DeliveryAttempt>)attempts;
            }

            using var command = _connection.CreateCommand();
            command.CommandText = """
                SELECT a.delivery_id, d.vendor_key, a.number, a.state, a.detail, a.at, a.sender
                FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id
                WHERE d.rfq_number = $number
                """
                + VendorKeyFilter(command, vendorKeys)
                + " ORDER BY a.at, a.id;";
            command.Parameters.AddWithValue("$number", rfqNumber);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                attempts.Add(new DeliveryAttempt
                {
                    DeliveryId = reader.GetInt64(0),
                    VendorKey = reader.GetString(1),
                    Number = reader.GetInt32(2),
                    State = (DeliveryState)reader.GetInt32(3),
                    Detail = reader.IsDBNull(4) ? null : reader.GetString(4),
                    At = FromUnix(reader.GetInt64(5)),
                    Sender = reader.IsDBNull(6) ? null : reader.GetString(6),
                });
            }

            return (IReadOnlyList<DeliveryAttempt>)attempts;
        });

    /// <summary>The condition on the deliveries' vendor keys (aliased d) for these keys, with its parameter; empty for all.</summary>
    private static string VendorKeyFilter(SqliteCommand command, IReadOnlyCollection<string>? vendorKeys)
    {
        if (vendorKeys is null)
        {
            return string.Empty;
        }

        command.Parameters.AddWithValue("$keys", ToJsonArray(vendorKeys));
        return " AND d.vendor_key IN (SELECT value FROM json_each($keys))";
    }

    /// <inheritdoc />
    public Task<int> RequeueAsync(string rfqNumber, IReadOnlyCollection<DeliveryState> states, CancellationToken cancellationToken) =>
        Locked(cancellationToken, () =>
        {
            if (states.Count == 0 || _connection is null)
            {
                return 0;
            }

            using var command = Writable().CreateCommand();
            command.CommandText = """
                UPDATE deliveries SET state = $queued, attempts = 0, next_attempt_at = NULL, in_flight = 0, updated_at = $now
                WHERE rfq_number = $number AND state IN (SELECT value FROM json_each($states));
                """;
            command.Parameters.AddWithValue("$queued", (int)DeliveryState.Queued);
            command.Parameters.AddWithValue("$now", Now());
            command.Parameters.AddWithValue("$number", rfqNumber);
            command.Parameters.AddWithValue("$states", "[" + string.Join(",", states.Select(s => ((int)s).ToString(CultureInfo.InvariantCulture))) + "]");
            return command.ExecuteNonQuery();
        });

    /// <inheritdoc />
    public Task<SendSlot> TakeSendSlotAsync(SendSlotRequest request, CancellationToken cancellationToken) =>
        Locked(cancellationToken, () =>
        {
            var connection = Writable();
            var identity = request.Identity.ToLowerInvariant();
            var now = request.Now.ToUnixTimeMilliseconds();

            // An immediate transaction: other processes using this file wait, so the count and the
            // slot taken are one step for all of them.
            using var transaction = connection.BeginTransaction(deferred: false);
            using (var prune = connection.CreateCommand())
            {
                prune.Transaction = transaction;
                prune.CommandText = "DELETE FROM send_slots WHERE identity = $identity AND at < $dayAgo;";
                prune.Parameters.AddWithValue("$identity", identity);
                prune.Parameters.AddWithValue("$dayAgo", now - (long)SendSlotRules.Day.TotalMilliseconds);
                prune.ExecuteNonQuery();
            }

            if (SendSlotRules.Lookback(request) is TimeSpan lookback)
            {
                using var count = connection.CreateCommand();
                count.Transaction = transaction;
                count.CommandText = "SELECT count(*) FILTER (WHERE at > $minuteAgo), coalesce(sum(recipients), 0) FROM send_slots WHERE identity = $identity AND at > $since;";
                count.Parameters.AddWithValue("$identity", identity);
                count.Parameters.AddWithValue("$minuteAgo", now - (long)SendSlotRules.Minute.TotalMilliseconds);
                count.Parameters.AddWithValue("$since", now - (long)lookback.TotalMilliseconds);
                int inMinute;
                long inDay;
                using (var reader = count.ExecuteReader())
                {
                    reader.Read();
                    inMinute = reader.GetInt32(0);
                    inDay = reader.GetInt64(1);
                }

                if (!SendSlotRules.Fits(request, inMinute, inDay))
                {
                    var slots = new List<(DateTimeOffset, int)>();
                    using var select = connection.CreateCommand();
                    select.Transaction = transaction;
                    select.CommandText = "SELECT at, recipients FROM send_slots WHERE identity = $identity AND at > $since ORDER BY at;";
                    select.Parameters.AddWithValue("$identity", identity);
                    select.Parameters.AddWithValue("$since", now - (long)lookback.TotalMilliseconds);
                    using (var reader = select.ExecuteReader())
                    {
                        while (reader.Read())
                        {
                            slots.Add((FromUnix(reader.GetInt64(0)), reader.GetInt32(1)));
                        }
                    }

                    if (SendSlotRules.Decide(request, slots) is (DateTimeOffset retryAt, SendLimit limit))
                    {
                        transaction.Commit();
                        return SendSlot.Full(retryAt, limit);
                    }
                }
            }

            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO send_slots (identity, at, recipients) VALUES ($identity, $at, $recipients) RETURNING id;";
            insert.Parameters.AddWithValue("$identity", identity);
            insert.Parameters.AddWithValue("$at", now);
            insert.Parameters.AddWithValue("$recipients", request.CountedRecipients);
            var id = Convert.ToInt64(insert.ExecuteScalar(), CultureInfo.InvariantCulture);
            transaction.Commit();
            return SendSlot.Taken(id);
        });

    /// <inheritdoc />
    public Task CompleteSendSlotAsync(long slotId, DateTimeOffset at, CancellationToken cancellationToken) =>
        Locked(CancellationToken.None, () =>
        {
            using var command = Writable().CreateCommand();
            command.CommandText = "UPDATE send_slots SET at = max(at, $at) WHERE id = $id;";
            command.Parameters.AddWithValue("$id", slotId);
            command.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
            return command.ExecuteNonQuery();
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetCategoriesAsync(string? rfqNumber, CancellationToken cancellationToken) =>
        Locked(cancellationToken, () =>
        {
            var categories = new List<string>();
            if (_connection is null)
            {
                return (IReadOnlyList<string>)categories;
            }

            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT DISTINCT c.value FROM deliveries d, json_each(d.categories) c"
                + (rfqNumber is null ? string.Empty : " WHERE d.rfq_number = $number") + " ORDER BY c.value COLLATE NOCASE;";
            if (rfqNumber is not null)
            {
                command.Parameters.AddWithValue("$number", rfqNumber);
            }

            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                categories.Add(reader.GetString(0));
            }

            return (IReadOnlyList<string>)categories;
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<(string Category, DeliveryState State, int Count)>> GetCountsByCategoryAsync(string rfqNumber, CancellationToken cancellationToken) =>
        Locked(cancellationToken, () =>
        {
            var counts = new List<(string, DeliveryState, int)>();
            if (_connection is null)
            {
                return (IReadOnlyList<(string, DeliveryState, int)>)counts;
            }

            using var command = _connection.CreateCommand();
            command.CommandText = """
                SELECT coalesce(c.value, ''), d.state, count(*)
                FROM deliveries d LEFT JOIN json_each(d.categories) c
                WHERE d.rfq_number = $number
                GROUP BY 1, 2 ORDER BY 1, 2;
                """;
            command.Parameters.AddWithValue("$number", rfqNumber);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                counts.Add((reader.GetString(0), (DeliveryState)reader.GetInt32(1), reader.GetInt32(2)));
            }

            return (IReadOnlyList<(string, DeliveryState, int)>)counts;
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<DeliveryRecord>> GetDeliveriesAsync(DeliveryQuery query, CancellationToken cancellationToken) =>
        Locked(cancellationToken, () =>
        {
            if (_connection is null)
            {
                return (IReadOnlyList<DeliveryRecord>)Array.Empty<DeliveryRecord>();
            }

            using var command = _connection.CreateCommand();
            var sql = new StringBuilder($"SELECT {DeliveryColumns}, {LastChangeColumns}, {ReminderColumns} FROM deliveries {LastChangeJoin} WHERE rfq_number = $number");
            command.Parameters.AddWithValue("$number", query.RfqNumber);
            if (query.States is { Count: > 0 })
            {
                sql.Append(" AND state IN (SELECT value FROM json_each($states))");
                command.Parameters.AddWithValue("$states", "[" + string.Join(",", query.States.Select(s => ((int)s).ToString(CultureInfo.InvariantCulture))) + "]");
            }

            if (query.VendorKeys is not null)
            {
                sql.Append(" AND vendor_key IN (SELECT value FROM json_each($keys))");
                command.Parameters.AddWithValue("$keys", ToJsonArray(query.VendorKeys));
            }

            if (query.Categories is { Count: > 0 })
            {
                sql.Append(" AND EXISTS (SELECT 1 FROM json_each(categories) WHERE lower(value) IN (SELECT lower(value) FROM json_each($categories)))");
                command.Parameters.AddWithValue("$categories", ToJsonArray(query.Categories));
            }

            command.CommandText = sql.Append(" ORDER BY id;").ToString();
            var records = new List<DeliveryRecord>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var record = ReadDelivery(reader);
                record.LastChange = ReadLastChange(reader, record);
                records.Add(record);
            }

            return (IReadOnlyList<DeliveryRecord>)records;
        });

    /// <inheritdoc />
    public Task<DeliveryPage> GetDeliveryPageAsync(DeliveryPageQuery query, CancellationToken cancellationToken) =>
        Locked(cancellationToken, () =>
        {
            if (query is null)
            {
                throw new ArgumentNullException(nameof(query));
            }

            if (_connection is null)
            {
                return new DeliveryPage(Array.Empty<DeliveryRecord>(), 0, query.Offset, query.Limit);
            }

            var filter = new StringBuilder("rfq_number = $number");
            if (query.States is { Count: > 0 })
            {
                filter.Append(" AND state IN (SELECT value FROM json_each($states))");
            }

            if (query.CategoryFilter is string categoryFilter)
            {
                filter.Append(IsAscii(categoryFilter)
                    ? " AND EXISTS (SELECT 1 FROM json_each(categories) WHERE lower(value) = lower($category))"
                    : " AND EXISTS (SELECT 1 FROM json_each(categories) WHERE rfq_fold(value) = rfq_fold($category))");
            }

            if (query.SearchFilter is string searchFilter)
            {
                var fold = IsAscii(searchFilter) ? string.Empty : "rfq_fold";
                filter.Append($" AND ({fold}(vendor_name) LIKE $search ESCAPE '\\' OR {fold}(vendor_key) LIKE $search ESCAPE '\\'"
                    + $" OR {fold}(to_addresses) LIKE $search ESCAPE '\\' OR {fold}(cc_addresses) LIKE $search ESCAPE '\\')");
            }

            void Parameters(SqliteCommand command)
            {
                command.Parameters.AddWithValue("$number", query.RfqNumber);
                if (query.States is { Count: > 0 })
                {
                    command.Parameters.AddWithValue("$states", "[" + string.Join(",", query.States.Select(s => ((int)s).ToString(CultureInfo.InvariantCulture))) + "]");
                }

                if (query.CategoryFilter is string category)
                {
                    command.Parameters.AddWithValue("$category", category);
                }

                if (query.SearchFilter is string search)
                {
                    command.Parameters.AddWithValue("$search", DeliveryPageQuery.LikePattern(IsAscii(search) ? search : search.ToUpperInvariant()));
                }
            }

            // The count and the page read one snapshot of the file, whatever a sender writes meanwhile.
            using var transaction = _connection.BeginTransaction(deferred: true);
            int total;
            using (var count = _connection.CreateCommand())
            {
                count.Transaction = transaction;
                count.CommandText = $"SELECT count(*) FROM deliveries WHERE {filter};";
                Parameters(count);
                total = Convert.ToInt32(count.ExecuteScalar(), CultureInfo.InvariantCulture);
            }

            var records = new List<DeliveryRecord>();
            if (query.Offset < total)
            {
                using var page = _connection.CreateCommand();
                page.Transaction = transaction;

                // The page's ids first (by the index in registration order), then only their rows with their last change.
                page.CommandText = $"""
                    SELECT {DeliveryColumns}, {LastChangeColumns}, {ReminderColumns} FROM deliveries {LastChangeJoin}
                    WHERE id IN (SELECT id FROM deliveries WHERE {filter} ORDER BY id LIMIT $limit OFFSET $offset)
                    ORDER BY id;
                    """;
                Parameters(page);
                page.Parameters.AddWithValue("$limit", query.Limit);
                page.Parameters.AddWithValue("$offset", query.Offset);
                using var reader = page.ExecuteReader();
                while (reader.Read())
                {
                    var record = ReadDelivery(reader);
                    record.LastChange = ReadLastChange(reader, record);
                    records.Add(record);
                }
            }

            transaction.Commit();
            return new DeliveryPage(records, total, query.Offset, query.Limit);
        });

    /// <inheritdoc />
    public Task<CampaignPause?> GetCampaignPauseAsync(string rfqNumber, CancellationToken cancellationToken) =>
        Locked(cancellationToken, () =>
        {
            if (_connection is null)
            {
                return (CampaignPause?)null;
            }

            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT paused_at, paused_by, pause_reason FROM campaigns WHERE rfq_number = $number AND paused_at IS NOT NULL;";
            command.Parameters.AddWithValue("$number", rfqNumber);
            using var reader = command.ExecuteReader();
            return reader.Read()
                ? new CampaignPause(rfqNumber, FromUnix(reader.GetInt64(0)), TextOrNull(reader, 1) ?? "unknown", TextOrNull(reader, 2))
                : null;
        });

    /// <inheritdoc />
    public async Task<CampaignRecord?> SetCampaignPausedAsync(string rfqNumber, bool paused, string by, string? reason, CancellationToken cancellationToken)
    {
        var known = await Locked(cancellationToken, () =>
        {
            var connection = Writable();
            using var command = connection.CreateCommand();
            command.CommandText = paused
                ? "UPDATE campaigns SET paused_at = coalesce(paused_at, $now), paused_by = CASE WHEN paused_at IS NULL THEN $by ELSE paused_by END, pause_reason = CASE WHEN paused_at IS NULL THEN $reason ELSE pause_reason END WHERE rfq_number = $number;"
                : "UPDATE campaigns SET paused_at = NULL, paused_by = NULL, pause_reason = NULL WHERE rfq_number = $number;";
            command.Parameters.AddWithValue("$number", rfqNumber);
            command.Parameters.AddWithValue("$now", Clock.GetUtcNow().ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$by", string.IsNullOrWhiteSpace(by) ? "unknown" : by);
            command.Parameters.AddWithValue("$reason", (object?)reason ?? DBNull.Value);
            return command.ExecuteNonQuery() == 1;
        }).ConfigureAwait(false);
        return known ? (await GetCampaignsAsync(rfqNumber, cancellationToken).ConfigureAwait(false)).FirstOrDefault() : null;
    }

    /// <inheritdoc />
    public Task<AuditEntry> RecordAuditAsync(AuditEntry entry, CancellationToken cancellationToken) =>
        Locked(cancellationToken, () =>
        {
            if (entry is null)
            {
                throw new ArgumentNullException(nameof(entry));
            }

            var connection = Writable();
            var at = entry.At == default ? Clock.GetUtcNow() : entry.At;
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO audit_entries (at, user_name, action, rfq_number, vendor_key, detail, source)
                VALUES ($at, $user, $action, $number, $key, $detail, $source) RETURNING id;
                """;
            command.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$user", string.IsNullOrWhiteSpace(entry.User) ? "unknown" : entry.User);
            command.Parameters.AddWithValue("$action", entry.Action);
            command.Parameters.AddWithValue("$number", (object?)entry.RfqNumber ?? DBNull.Value);
            command.Parameters.AddWithValue("$key", (object?)entry.VendorKey ?? DBNull.Value);
            command.Parameters.AddWithValue("$detail", (object?)entry.Detail ?? DBNull.Value);
            command.Parameters.AddWithValue("$source", (object?)entry.Source ?? DBNull.Value);
            var id = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
            return new AuditEntry
            {
                Id = id,
                At = FromUnix(at.ToUnixTimeMilliseconds()),
                User = string.IsNullOrWhiteSpace(entry.User) ? "unknown" : entry.User,
                Action = entry.Action,
                RfqNumber = entry.RfqNumber,
                VendorKey = entry.VendorKey,
                Detail = entry.Detail,
                Source = entry.Source,
            };
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditEntry>> GetAuditAsync(string? rfqNumber, int limit, CancellationToken cancellationToken) =>
        Locked(cancellationToken, () =>
        {
            var entries = new List<AuditEntry>();
            if (_connection is null || limit <= 0)
            {
                return (IReadOnlyList<AuditEntry>)entries;
            }

            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT id, at, user_name, action, rfq_number, vendor_key, detail, source FROM audit_entries"
                + (rfqNumber is null ? string.Empty : " WHERE rfq_number = $number") + " ORDER BY id DESC LIMIT $limit;";
            if (rfqNumber is not null)
            {
                command.Parameters.AddWithValue("$number", rfqNumber);
            }

            command.Parameters.AddWithValue("$limit", limit);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                entries.Add(new AuditEntry
                {
                    Id = reader.GetInt64(0),
                    At = FromUnix(reader.GetInt64(1)),
                    User = reader.GetString(2),
                    Action = reader.GetString(3),
                    RfqNumber = TextOrNull(reader, 4),
                    VendorKey = TextOrNull(reader, 5),
                    Detail = TextOrNull(reader, 6),
                    Source = TextOrNull(reader, 7),
                });
            }

            return (IReadOnlyList<AuditEntry>)entries;
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<CampaignRecord>> GetCampaignsAsync(string? rfqNumber, CancellationToken cancellationToken) =>
        Locked(cancellationToken, () =>
        {
            var campaigns = new List<CampaignRecord>();
            if (_connection is null)
            {
                return (IReadOnlyList<CampaignRecord>)campaigns;
            }

            using (var command = _connection.CreateCommand())
            {
                command.CommandText = "SELECT rfq_number, title, due_date, sender, created_at, updated_at, version, input_note, paused_at, paused_by, pause_reason FROM campaigns"
                    + (rfqNumber is null ? string.Empty : " WHERE rfq_number = $number") + " ORDER BY created_at, rfq_number;";
                if (rfqNumber is not null)
                {
                    command.Parameters.AddWithValue("$number", rfqNumber);
                }

                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    campaigns.Add(new CampaignRecord
                    {
                        RfqNumber = reader.GetString(0),
                        Title = reader.GetString(1),
                        DueDate = DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                        From = reader.GetString(3),
                        CreatedAt = FromUnix(reader.GetInt64(4)),
                        UpdatedAt = FromUnix(reader.GetInt64(5)),
                        Version = reader.GetInt32(6),
                        InputIncomplete = reader.IsDBNull(7) ? null : reader.GetString(7),
                        PausedAt = FromUnixOrNull(reader, 8),
                        PausedBy = TextOrNull(reader, 9),
                        PauseReason = TextOrNull(reader, 10),
                    });
                }
            }

            foreach (var campaign in campaigns)
            {
                using var command = _connection.CreateCommand();
                command.CommandText = "SELECT state, count(*), max(updated_at) FROM deliveries WHERE rfq_number = $number GROUP BY state;";
                command.Parameters.AddWithValue("$number", campaign.RfqNumber);
                var counts = new Dictionary<DeliveryState, int>();
                var lastActivity = campaign.UpdatedAt;
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    counts[(DeliveryState)reader.GetInt32(0)] = reader.GetInt32(1);
                    var updated = FromUnix(reader.GetInt64(2));
                    lastActivity = updated > lastActivity ? updated : lastActivity;
                }

                campaign.Counts = counts;
                campaign.LastActivity = lastActivity;
            }

            return (IReadOnlyList<CampaignRecord>)campaigns;
        });

    /// <inheritdoc />
    public Task<bool> ChangeStateAsync(DeliveryStateChange change, CancellationToken cancellationToken) =>
        Locked(cancellationToken, () =>
        {
            var connection = Writable();
            using var transaction = connection.BeginTransaction();
            if (!ExecuteChange(transaction, change))
            {
                return false;
            }

            transaction.Commit();
            return true;
        });

    /// <inheritdoc />
    public Task<CampaignExport?> ExportCampaignAsync(string rfqNumber, CancellationToken cancellationToken) =>
        Locked(cancellationToken, () =>
        {
            if (_connection is null)
            {
                return (CampaignExport?)null;
            }

            using var command = _connection.CreateCommand();
            command.CommandText = """
                SELECT rfq_number, title, due_date, sender, definition, fingerprint, version, input_note, input_open_since, created_at, updated_at,
                       paused_at, paused_by, pause_reason
                FROM campaigns WHERE rfq_number = $number;
                """;
            command.Parameters.AddWithValue("$number", rfqNumber);
            using var reader = command.ExecuteReader();
            return reader.Read()
                ? new CampaignExport
                {
                    RfqNumber = reader.GetString(0),
                    Title = reader.GetString(1),
                    DueDate = reader.GetString(2),
                    Sender = reader.GetString(3),
                    Definition = reader.GetString(4),
                    Fingerprint = reader.IsDBNull(5) ? null : reader.GetString(5),
                    Version = reader.GetInt32(6),
                    InputNote = reader.IsDBNull(7) ? null : reader.GetString(7),
                    InputOpenSince = FromUnixOrNull(reader, 8),
                    CreatedAt = FromUnix(reader.GetInt64(9)),
                    UpdatedAt = FromUnix(reader.GetInt64(10)),
                    PausedAt = FromUnixOrNull(reader, 11),
                    PausedBy = TextOrNull(reader, 12),
                    PauseReason = TextOrNull(reader, 13),
                }
                : null;
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<DeliveryExport>> ExportDeliveriesAsync(string rfqNumber, long afterId, int max, CancellationToken cancellationToken) =>
        Locked(cancellationToken, () =>
        {
            var exports = new List<DeliveryExport>();
            if (_connection is null)
            {
                return (IReadOnlyList<DeliveryExport>)exports;
            }

            using (var command = _connection.CreateCommand())
            {
                command.CommandText = $"SELECT {DeliveryColumns}, vendor, in_flight, {ReminderColumns} FROM deliveries WHERE rfq_number = $number AND id > $after ORDER BY id LIMIT $max;";
                command.Parameters.AddWithValue("$number", rfqNumber);
                command.Parameters.AddWithValue("$after", afterId);
                command.Parameters.AddWithValue("$max", max);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    exports.Add(new DeliveryExport { Record = ReadDelivery(reader), Vendor = reader.GetString(19), InFlight = reader.GetInt32(20) != 0 });
                }
            }

            if (exports.Count > 0)
            {
                var byId = exports.ToDictionary(e => e.Record.Id);
                var changes = byId.Keys.ToDictionary(id => id, _ => new List<DeliveryChange>());
                using var command = _connection.CreateCommand();
                command.CommandText = "SELECT delivery_id, from_state, to_state, changed_by, reason, changed_at FROM delivery_changes WHERE delivery_id IN (SELECT value FROM json_each($ids)) ORDER BY id;";
                command.Parameters.AddWithValue("$ids", "[" + string.Join(",", byId.Keys.Select(i => i.ToString(CultureInfo.InvariantCulture))) + "]");
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    var record = byId[reader.GetInt64(0)].Record;
                    changes[record.Id].Add(new DeliveryChange
                    {
                        RfqNumber = record.RfqNumber,
                        VendorKey = record.VendorKey,
                        VendorName = record.VendorName,
                        From = (DeliveryState)reader.GetInt32(1),
                        To = (DeliveryState)reader.GetInt32(2),
                        ChangedBy = reader.GetString(3),
                        Reason = reader.IsDBNull(4) ? null : reader.GetString(4),
                        ChangedAt = FromUnix(reader.GetInt64(5)),
                    });
                }

                foreach (var export in exports)
                {
                    export.Changes = changes[export.Record.Id];
                }

                var attempts = byId.Keys.ToDictionary(id => id, _ => new List<DeliveryAttempt>());
                using var attemptsCommand = _connection.CreateCommand();
                attemptsCommand.CommandText = "SELECT delivery_id, number, state, detail, at, sender FROM delivery_attempts WHERE delivery_id IN (SELECT value FROM json_each($ids)) ORDER BY id;";
                attemptsCommand.Parameters.AddWithValue("$ids", "[" + string.Join(",", byId.Keys.Select(i => i.ToString(CultureInfo.InvariantCulture))) + "]");
                using var attemptsReader = attemptsCommand.ExecuteReader();
                while (attemptsReader.Read())
                {
                    var record = byId[attemptsReader.GetInt64(0)].Record;
                    attempts[record.Id].Add(new DeliveryAttempt
                    {
                        DeliveryId = record.Id,
                        VendorKey = record.VendorKey,
                        Number = attemptsReader.GetInt32(1),
                        State = (DeliveryState)attemptsReader.GetInt32(2),
                        Detail = attemptsReader.IsDBNull(3) ? null : attemptsReader.GetString(3),
                        At = FromUnix(attemptsReader.GetInt64(4)),
                        Sender = attemptsReader.IsDBNull(5) ? null : attemptsReader.GetString(5),
                    });
                }

                foreach (var export in exports)
                {
                    export.Attempts = attempts[export.Record.Id];
                }
            }

            return (IReadOnlyList<DeliveryExport>)exports;
        });

    /// <inheritdoc />
    public Task<ImportResult> ImportAsync(CampaignExport campaign, IReadOnlyList<DeliveryExport> deliveries, CancellationToken cancellationToken) =>
        Locked(cancellationToken, () =>
        {
            var connection = Writable();
            using var transaction = connection.BeginTransaction();
            bool campaignAdded;
            using (var insert = connection.CreateCommand())
            {
                insert.Transaction = transaction;
                insert.CommandText = """
                    INSERT INTO campaigns (rfq_number, title, due_date, sender, definition, fingerprint, version, input_note, input_open_since, created_at, updated_at,
                                           paused_at, paused_by, pause_reason)
                    VALUES ($number, $title, $due, $sender, $definition, $fingerprint, $version, $note, $openSince, $created, $updated, $pausedAt, $pausedBy, $pauseReason)
                    ON CONFLICT (rfq_number) DO NOTHING;
                    """;
                insert.Parameters.AddWithValue("$number", campaign.RfqNumber);
                insert.Parameters.AddWithValue("$title", campaign.Title);
                insert.Parameters.AddWithValue("$due", campaign.DueDate);
                insert.Parameters.AddWithValue("$sender", campaign.Sender);
                insert.Parameters.AddWithValue("$definition", campaign.Definition);
                insert.Parameters.AddWithValue("$fingerprint", (object?)campaign.Fingerprint ?? DBNull.Value);
                insert.Parameters.AddWithValue("$version", campaign.Version);
                insert.Parameters.AddWithValue("$note", (object?)campaign.InputNote ?? DBNull.Value);
                insert.Parameters.AddWithValue("$openSince", (object?)campaign.InputOpenSince?.ToUnixTimeMilliseconds() ?? DBNull.Value);
                insert.Parameters.AddWithValue("$created", campaign.CreatedAt.ToUnixTimeMilliseconds());
                insert.Parameters.AddWithValue("$updated", campaign.UpdatedAt.ToUnixTimeMilliseconds());
                insert.Parameters.AddWithValue("$pausedAt", (object?)campaign.PausedAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
                insert.Parameters.AddWithValue("$pausedBy", (object?)campaign.PausedBy ?? DBNull.Value);
                insert.Parameters.AddWithValue("$pauseReason", (object?)campaign.PauseReason ?? DBNull.Value);
                campaignAdded = insert.ExecuteNonQuery() == 1;
            }

            int added = 0, present = 0;
            foreach (var delivery in deliveries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var r = delivery.Record;
                using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = """
                    INSERT INTO deliveries (rfq_number, vendor_key, vendor_name, to_addresses, cc_addresses, categories, vendor, message_id,
                                            state, attempts, detail, next_attempt_at, lease_owner, lease_expires, in_flight, sent_at,
                                            rfq_version, pending_recipients, created_at, updated_at, reminders_sent, last_reminder_at, reminder_pending)
                    VALUES ($number, $key, $name, $to, $cc, $categories, $vendor, $messageId, $state, $attempts, $detail, $next, $owner,
                            $expires, $inFlight, $sentAt, $version, $pending, $created, $updated, $reminders, $lastReminder, $reminderPending)
                    ON CONFLICT (rfq_number, vendor_key) DO NOTHING
                    RETURNING id;
                    """;
                insert.Parameters.AddWithValue("$number", campaign.RfqNumber);
                insert.Parameters.AddWithValue("$key", r.VendorKey);
                insert.Parameters.AddWithValue("$name", r.VendorName);
                insert.Parameters.AddWithValue("$to", string.Join("; ", r.To));
                insert.Parameters.AddWithValue("$cc", string.Join("; ", r.Cc));
                insert.Parameters.AddWithValue("$categories", ToJsonArray(r.Categories));
                insert.Parameters.AddWithValue("$vendor", delivery.Vendor);
                insert.Parameters.AddWithValue("$messageId", r.MessageId);
                insert.Parameters.AddWithValue("$state", (int)r.State);
                insert.Parameters.AddWithValue("$attempts", r.Attempts);
                insert.Parameters.AddWithValue("$detail", (object?)r.Detail ?? DBNull.Value);
                insert.Parameters.AddWithValue("$next", (object?)r.NextAttemptAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
                insert.Parameters.AddWithValue("$owner", (object?)r.LeaseOwner ?? DBNull.Value);
                insert.Parameters.AddWithValue("$expires", (object?)r.LeaseExpiresAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
                insert.Parameters.AddWithValue("$inFlight", delivery.InFlight ? 1 : 0);
                insert.Parameters.AddWithValue("$sentAt", (object?)r.SentAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
                insert.Parameters.AddWithValue("$version", (object?)r.RfqVersion ?? DBNull.Value);
                insert.Parameters.AddWithValue("$pending", r.PendingRecipients.Count > 0 ? ToJsonArray(r.PendingRecipients) : (object)DBNull.Value);
                insert.Parameters.AddWithValue("$created", r.CreatedAt.ToUnixTimeMilliseconds());
                insert.Parameters.AddWithValue("$updated", r.UpdatedAt.ToUnixTimeMilliseconds());
                insert.Parameters.AddWithValue("$reminders", r.Reminders);
                insert.Parameters.AddWithValue("$lastReminder", (object?)r.LastReminderAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
                insert.Parameters.AddWithValue("$reminderPending", (object?)r.ReminderPending ?? DBNull.Value);
                if (insert.ExecuteScalar() is not long id)
                {
                    present++;
                    continue;
                }

                added++;
                foreach (var change in delivery.Changes)
                {
                    using var record = connection.CreateCommand();
                    record.Transaction = transaction;
                    record.CommandText = "INSERT INTO delivery_changes (delivery_id, from_state, to_state, changed_by, reason, changed_at) VALUES ($id, $from, $to, $by, $reason, $at);";
                    record.Parameters.AddWithValue("$id", id);
                    record.Parameters.AddWithValue("$from", (int)change.From);
                    record.Parameters.AddWithValue("$to", (int)change.To);
                    record.Parameters.AddWithValue("$by", change.ChangedBy);
                    record.Parameters.AddWithValue("$reason", (object?)change.Reason ?? DBNull.Value);
                    record.Parameters.AddWithValue("$at", change.ChangedAt.ToUnixTimeMilliseconds());
                    record.ExecuteNonQuery();
                }

                foreach (var attempt in delivery.Attempts)
                {
                    using var record = connection.CreateCommand();
                    record.Transaction = transaction;
                    record.CommandText = "INSERT INTO delivery_attempts (delivery_id, number, state, detail, at, sender) VALUES ($id, $number, $state, $detail, $at, $sender);";
                    record.Parameters.AddWithValue("$id", id);
                    record.Parameters.AddWithValue("$number", attempt.Number);
                    record.Parameters.AddWithValue("$state", (int)attempt.State);
                    record.Parameters.AddWithValue("$detail", (object?)attempt.Detail ?? DBNull.Value);
                    record.Parameters.AddWithValue("$at", attempt.At.ToUnixTimeMilliseconds());
                    record.Parameters.AddWithValue("$sender", (object?)attempt.Sender ?? DBNull.Value);
                    record.ExecuteNonQuery();
                }
            }

            transaction.Commit();
            return new ImportResult(campaignAdded, added, present);
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<DeliveryChange>> GetChangesAsync(string rfqNumber, IReadOnlyCollection<string>? vendorKeys, CancellationToken cancellationToken) =>
        Locked(cancellationToken, () =>
        {
            var changes = new List<DeliveryChange>();
            if (_connection is null)
            {
                return (IReadOnlyList<DeliveryChange>)changes;
            }

            using var command = _connection.CreateCommand();
            command.CommandText = """
                SELECT d.rfq_number, d.vendor_key, d.vendor_name, c.from_state, c.to_state, c.changed_by, c.reason, c.changed_at
                FROM delivery_changes c JOIN deliveries d ON d.id = c.delivery_id
                WHERE d.rfq_number = $number
                """
                + (vendorKeys is null ? string.Empty : " AND d.vendor_key IN (SELECT value FROM json_each($keys))")
                + " ORDER BY c.id;";
            command.Parameters.AddWithValue("$number", rfqNumber);
            if (vendorKeys is not null)
            {
                command.Parameters.AddWithValue("$keys", ToJsonArray(vendorKeys));
            }

            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                changes.Add(new DeliveryChange
                {
                    RfqNumber = reader.GetString(0),
                    VendorKey = reader.GetString(1),
                    VendorName = reader.GetString(2),
                    From = (DeliveryState)reader.GetInt32(3),
                    To = (DeliveryState)reader.GetInt32(4),
                    ChangedBy = reader.GetString(5),
                    Reason = reader.IsDBNull(6) ? null : reader.GetString(6),
                    ChangedAt = FromUnix(reader.GetInt64(7)),
                });
            }

            return (IReadOnlyList<DeliveryChange>)changes;
        });

    /// <inheritdoc />
    public Task<byte[]> GetReferenceSecretAsync(byte[] proposed, CancellationToken cancellationToken) =>
        Locked(cancellationToken, () =>
        {
            if (proposed is null || proposed.Length < Responses.DeliveryReference.MinimumSecretLength)
            {
                throw new ArgumentException($"A reference secret has at least {Responses.DeliveryReference.MinimumSecretLength} bytes.", nameof(proposed));
            }

            var connection = Writable();
            using var transaction = connection.BeginTransaction(deferred: false);
            using (var insert = connection.CreateCommand())
            {
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO store_secrets (name, value, created_at) VALUES ($name, $value, $now) ON CONFLICT (name) DO NOTHING;";
                insert.Parameters.AddWithValue("$name", ReferenceSecretName);
                insert.Parameters.AddWithValue("$value", proposed);
                insert.Parameters.AddWithValue("$now", Now());
                insert.ExecuteNonQuery();
            }

            using var select = connection.CreateCommand();
            select.Transaction = transaction;
            select.CommandText = "SELECT value FROM store_secrets WHERE name = $name;";
            select.Parameters.AddWithValue("$name", ReferenceSecretName);
            var secret = (byte[])select.ExecuteScalar()!;
            transaction.Commit();
            return secret;
        });

    /// <inheritdoc />
    public Task<InboundRecordResult> RecordInboundAsync(InboundRecord record, DeliveryStateChange? change, CancellationToken cancellationToken) =>
        Locked(cancellationToken, () =>
        {
            var connection = Writable();
            using var transaction = connection.BeginTransaction(deferred: false);
            using (var existing = connection.CreateCommand())
            {
                existing.Transaction = transaction;
                existing.CommandText = "SELECT id FROM inbound_messages WHERE (source = $source AND source_id = $sourceId) OR message_id = $messageId ORDER BY id LIMIT 1;";
                existing.Parameters.AddWithValue("$source", record.Source);
                existing.Parameters.AddWithValue("$sourceId", record.SourceId);
                existing.Parameters.AddWithValue("$messageId", (object?)record.MessageId ?? DBNull.Value);
                if (existing.ExecuteScalar() is long known)
                {
                    return new InboundRecordResult(known, recorded: false, deliveryChanged: false);
                }
            }

            var changed = change is not null && ExecuteChange(transaction, change);
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO inbound_messages (source, source_id, message_id, received_at, recorded_at, sender, sender_name, subject, kind,
                                              out_of_office, away_until, bounce_severity, bounce_status, bounce_recipient, bounce_diagnostic,
                                              match_method, match_evidence, match_reason, delivery_id, changed_from, changed_to, new_text,
                                              eml_path, assigned_by, assigned_at)
                VALUES ($source, $sourceId, $messageId, $received, $recorded, $sender, $senderName, $subject, $kind,
                        $ooo, $awayUntil, $severity, $status, $recipient, $diagnostic,
                        $method, $evidence, $reason, $delivery, $changedFrom, $changedTo, $newText,
                        $eml, $assignedBy, $assignedAt)
                RETURNING id;
                """;
            insert.Parameters.AddWithValue("$source", record.Source);
            insert.Parameters.AddWithValue("$sourceId", record.SourceId);
            insert.Parameters.AddWithValue("$messageId", (object?)record.MessageId ?? DBNull.Value);
            insert.Parameters.AddWithValue("$received", record.ReceivedAt.ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("$recorded", record.RecordedAt.ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("$sender", (object?)record.From ?? DBNull.Value);
            insert.Parameters.AddWithValue("$senderName", (object?)record.FromName ?? DBNull.Value);
            insert.Parameters.AddWithValue("$subject", record.Subject);
            insert.Parameters.AddWithValue("$kind", (int)record.Kind);
            insert.Parameters.AddWithValue("$ooo", record.IsOutOfOffice ? 1 : 0);
            insert.Parameters.AddWithValue("$awayUntil", (object?)record.AwayUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? DBNull.Value);
            insert.Parameters.AddWithValue("$severity", (int)record.BounceSeverity);
            insert.Parameters.AddWithValue("$status", (object?)record.BounceStatus ?? DBNull.Value);
            insert.Parameters.AddWithValue("$recipient", (object?)record.BounceRecipient ?? DBNull.Value);
            insert.Parameters.AddWithValue("$diagnostic", (object?)record.BounceDiagnostic ?? DBNull.Value);
            insert.Parameters.AddWithValue("$method", (int)record.MatchMethod);
            insert.Parameters.AddWithValue("$evidence", (object?)record.MatchEvidence ?? DBNull.Value);
            insert.Parameters.AddWithValue("$reason", (object?)record.MatchReason ?? DBNull.Value);
            insert.Parameters.AddWithValue("$delivery", (object?)record.DeliveryId ?? DBNull.Value);
            insert.Parameters.AddWithValue("$changedFrom", changed ? (int)change!.From : DBNull.Value);
            insert.Parameters.AddWithValue("$changedTo", changed ? (int)change!.To : DBNull.Value);
            insert.Parameters.AddWithValue("$newText", (object?)record.NewText ?? DBNull.Value);
            insert.Parameters.AddWithValue("$eml", (object?)record.EmlPath ?? DBNull.Value);
            insert.Parameters.AddWithValue("$assignedBy", (object?)record.AssignedBy ?? DBNull.Value);
            insert.Parameters.AddWithValue("$assignedAt", (object?)record.AssignedAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
            var id = Convert.ToInt64(insert.ExecuteScalar(), CultureInfo.InvariantCulture);
            var ordinal = 0;
            foreach (var attachment in record.Attachments)
            {
                using var file = connection.CreateCommand();
                file.Transaction = transaction;
                file.CommandText = """
                    INSERT INTO inbound_attachments (inbound_id, ordinal, file_name, content_type, size, sha256, saved_path)
                    VALUES ($id, $ordinal, $name, $type, $size, $sha, $path);
                    """;
                file.Parameters.AddWithValue("$id", id);
                file.Parameters.AddWithValue("$ordinal", ++ordinal);
                file.Parameters.AddWithValue("$name", attachment.FileName);
                file.Parameters.AddWithValue("$type", attachment.ContentType);
                file.Parameters.AddWithValue("$size", attachment.Size);
                file.Parameters.AddWithValue("$sha", attachment.Sha256);
                file.Parameters.AddWithValue("$path", (object?)attachment.SavedPath ?? DBNull.Value);
                file.ExecuteNonQuery();
            }

            InsertQuotes(connection, transaction, id, record);
            transaction.Commit();
            return new InboundRecordResult(id, recorded: true, changed);
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<VendorQuote>> GetQuotesAsync(QuoteQuery query, CancellationToken cancellationToken) =>
        Locked(cancellationToken, () =>
        {
            var quotes = new List<VendorQuote>();
            if (_connection is null)
            {
                return (IReadOnlyList<VendorQuote>)quotes;
            }

            using (var command = _connection.CreateCommand())
            {
                var sql = new StringBuilder("""
                    SELECT q.id, q.inbound_id, q.delivery_id, q.file_name, q.sha256, q.saved_path, q.received_at, q.status, q.problems,
                           d.rfq_number, d.vendor_key, d.vendor_name
                    FROM quotes q JOIN deliveries d ON d.id = q.delivery_id
                    WHERE d.rfq_number = $rfq
                    """);
                command.Parameters.AddWithValue("$rfq", query.RfqNumber);
                if (query.VendorKeys is { Count: > 0 } keys)
                {
                    sql.Append(" AND lower(d.vendor_key) IN (SELECT lower(value) FROM json_each($keys))");
                    command.Parameters.AddWithValue("$keys", ToJsonArray(keys));
                }

                if (query.Status is QuoteStatus status)
                {
                    sql.Append(" AND q.status = $status");
                    command.Parameters.AddWithValue("$status", (int)status);
                }

                command.CommandText = sql.Append(" ORDER BY q.received_at, q.id;").ToString();
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    quotes.Add(new VendorQuote
                    {
                        Id = reader.GetInt64(0),
                        InboundId = reader.GetInt64(1),
                        DeliveryId = reader.GetInt64(2),
                        FileName = reader.GetString(3),
                        Sha256 = reader.GetString(4),
                        SavedPath = reader.IsDBNull(5) ? null : reader.GetString(5),
                        ReceivedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
                        Status = (QuoteStatus)reader.GetInt32(7),
                        Problems = QuoteProblems.Parse(reader.GetString(8)),
                        RfqNumber = reader.GetString(9),
                        VendorKey = reader.GetString(10),
                        VendorName = reader.GetString(11),
                    });
                }
            }

            if (quotes.Count > 0)
            {
                var byId = quotes.ToDictionary(q => q.Id);
                var lines = quotes.ToDictionary(q => q.Id, _ => new List<QuoteLine>());
                using var command = _connection.CreateCommand();
                command.CommandText = """
                    SELECT quote_id, line, part, quantity, unit, unit_price, currency, lead_time_days, valid_until, remarks
                    FROM quote_lines WHERE quote_id IN (SELECT value FROM json_each($ids)) ORDER BY quote_id, line;
                    """;
                command.Parameters.AddWithValue("$ids", "[" + string.Join(",", byId.Keys.Select(k => k.ToString(CultureInfo.InvariantCulture))) + "]");
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    lines[reader.GetInt64(0)].Add(new QuoteLine(
                        reader.GetInt32(1),
                        reader.GetString(2),
                        decimal.Parse(reader.GetString(3), NumberStyles.Number, CultureInfo.InvariantCulture),
                        reader.GetString(4),
                        reader.IsDBNull(5) ? null : decimal.Parse(reader.GetString(5), NumberStyles.Number, CultureInfo.InvariantCulture),
                        reader.IsDBNull(6) ? null : reader.GetString(6),
                        reader.IsDBNull(7) ? null : reader.GetInt32(7),
                        reader.IsDBNull(8) ? null : DateTime.ParseExact(reader.GetString(8), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                        reader.IsDBNull(9) ? null : reader.GetString(9)));
                }

                foreach (var quote in quotes)
                {
                    quote.Lines = lines[quote.Id];
                }
            }

            return (IReadOnlyList<VendorQuote>)quotes;
        });

    private static void InsertQuotes(SqliteConnection connection, SqliteTransaction transaction, long inboundId, InboundRecord record)
    {
        if (record.DeliveryId is not long deliveryId)
        {
            return;
        }

        var ordinal = 0;
        foreach (var quote in record.Quotes)
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO quotes (inbound_id, ordinal, delivery_id, file_name, sha256, saved_path, received_at, status, problems)
                VALUES ($inbound, $ordinal, $delivery, $name, $sha, $path, $received, $status, $problems)
                RETURNING id;
                """;
            insert.Parameters.AddWithValue("$inbound", inboundId);
            insert.Parameters.AddWithValue("$ordinal", ++ordinal);
            insert.Parameters.AddWithValue("$delivery", deliveryId);
            insert.Parameters.AddWithValue("$name", quote.FileName);
            insert.Parameters.AddWithValue("$sha", quote.Sha256);
            insert.Parameters.AddWithValue("$path", (object?)quote.SavedPath ?? DBNull.Value);
            insert.Parameters.AddWithValue("$received", quote.ReceivedAt.ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("$status", (int)quote.Status);
            insert.Parameters.AddWithValue("$problems", QuoteProblems.Format(quote.Problems));
            quote.Id = Convert.ToInt64(insert.ExecuteScalar(), CultureInfo.InvariantCulture);
            quote.InboundId = inboundId;
            foreach (var line in quote.Lines)
            {
                using var row = connection.CreateCommand();
                row.Transaction = transaction;
                row.CommandText = """
                    INSERT INTO quote_lines (quote_id, line, part, quantity, unit, unit_price, currency, lead_time_days, valid_until, remarks)
                    VALUES ($quote, $line, $part, $quantity, $unit, $price, $currency, $lead, $valid, $remarks);
                    """;
                row.Parameters.AddWithValue("$quote", quote.Id);
                row.Parameters.AddWithValue("$line", line.Line);
                row.Parameters.AddWithValue("$part", line.Part);
                row.Parameters.AddWithValue("$quantity", line.Quantity.ToString(CultureInfo.InvariantCulture));
                row.Parameters.AddWithValue("$unit", line.Unit);
                row.Parameters.AddWithValue("$price", (object?)line.UnitPrice?.ToString(CultureInfo.InvariantCulture) ?? DBNull.Value);
                row.Parameters.AddWithValue("$currency", (object?)line.Currency ?? DBNull.Value);
                row.Parameters.AddWithValue("$lead", (object?)line.LeadTimeDays ?? DBNull.Value);
                row.Parameters.AddWithValue("$valid", (object?)line.ValidUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? DBNull.Value);
                row.Parameters.AddWithValue("$remarks", (object?)line.Remarks ?? DBNull.Value);
                row.ExecuteNonQuery();
            }
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyCollection<string>> GetRecordedSourceIdsAsync(string source, IReadOnlyCollection<string> sourceIds, CancellationToken cancellationToken) =>
        Locked(cancellationToken, () =>
        {
            var found = new HashSet<string>(StringComparer.Ordinal);
            if (_connection is null || sourceIds.Count == 0)
            {
                return (IReadOnlyCollection<string>)found;
            }

            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT source_id FROM inbound_messages WHERE source = $source AND source_id IN (SELECT value FROM json_each($ids));";
            command.Parameters.AddWithValue("$source", source);
            command.Parameters.AddWithValue("$ids", ToJsonArray(sourceIds));
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                found.Add(reader.GetString(0));
            }

            return (IReadOnlyCollection<string>)found;
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<InboundRecord>> GetInboundAsync(InboundQuery query, CancellationToken cancellationToken) =>
        Locked(cancellationToken, () =>
        {
            var records = new List<InboundRecord>();
            if (_connection is null)
            {
                return (IReadOnlyList<InboundRecord>)records;
            }

            using (var command = _connection.CreateCommand())
            {
                var sql = new StringBuilder("""
                    SELECT m.id, m.source, m.source_id, m.message_id, m.received_at, m.recorded_at, m.sender, m.sender_name, m.subject, m.kind,
                           m.out_of_office, m.away_until, m.bounce_severity, m.bounce_status, m.bounce_recipient, m.bounce_diagnostic,
                           m.match_method, m.match_evidence, m.match_reason, m.delivery_id, m.changed_from, m.changed_to, m.new_text,
                           m.eml_path, m.assigned_by, m.assigned_at, d.rfq_number, d.vendor_key, d.vendor_name
                    FROM inbound_messages m LEFT JOIN deliveries d ON d.id = m.delivery_id
                    WHERE m.id > $after
                    """);
                command.Parameters.AddWithValue("$after", query.AfterId);
                if (query.Id is long id)
                {
                    sql.Append(" AND m.id = $id");
                    command.Parameters.AddWithValue("$id", id);
                }

                if (query.MessageId is not null)
                {
                    sql.Append(" AND m.message_id = $messageId");
                    command.Parameters.AddWithValue("$messageId", query.MessageId);
                }

                if (query.RfqNumber is not null)
                {
                    sql.Append(" AND d.rfq_number = $number");
                    command.Parameters.AddWithValue("$number", query.RfqNumber);
                }

                if (query.VendorKeys is not null)
                {
                    sql.Append(" AND d.vendor_key IN (SELECT value FROM json_each($keys))");
                    command.Parameters.AddWithValue("$keys", ToJsonArray(query.VendorKeys));
                }

                if (query.Kinds is { Count: > 0 })
                {
                    sql.Append(" AND m.kind IN (SELECT value FROM json_each($kinds))");
                    command.Parameters.AddWithValue("$kinds", "[" + string.Join(",", query.Kinds.Select(k => ((int)k).ToString(CultureInfo.InvariantCulture))) + "]");
                }

                if (query.Matched is bool matched)
                {
                    sql.Append(matched ? " AND m.delivery_id IS NOT NULL" : " AND m.delivery_id IS NULL");
                }

                sql.Append(" ORDER BY m.id");
                if (query.Max is int max)
                {
                    sql.Append(" LIMIT $max");
                    command.Parameters.AddWithValue("$max", max);
                }

                command.CommandText = sql.Append(';').ToString();
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    records.Add(new InboundRecord
                    {
                        Id = reader.GetInt64(0),
                        Source = reader.GetString(1),
                        SourceId = reader.GetString(2),
                        MessageId = TextOrNull(reader, 3),
                        ReceivedAt = FromUnix(reader.GetInt64(4)),
                        RecordedAt = FromUnix(reader.GetInt64(5)),
                        From = TextOrNull(reader, 6),
                        FromName = TextOrNull(reader, 7),
                        Subject = reader.GetString(8),
                        Kind = (Responses.ReplyKind)reader.GetInt32(9),
                        IsOutOfOffice = reader.GetInt32(10) != 0,
                        AwayUntil = reader.IsDBNull(11) ? null : DateTime.ParseExact(reader.GetString(11), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                        BounceSeverity = (Responses.BounceSeverity)reader.GetInt32(12),
                        BounceStatus = TextOrNull(reader, 13),
                        BounceRecipient = TextOrNull(reader, 14),
                        BounceDiagnostic = TextOrNull(reader, 15),
                        MatchMethod = (Responses.ReplyMatchMethod)reader.GetInt32(16),
                        MatchEvidence = TextOrNull(reader, 17),
                        MatchReason = TextOrNull(reader, 18),
                        DeliveryId = reader.IsDBNull(19) ? null : reader.GetInt64(19),
                        ChangedFrom = reader.IsDBNull(20) ? null : (DeliveryState)reader.GetInt32(20),
                        ChangedTo = reader.IsDBNull(21) ? null : (DeliveryState)reader.GetInt32(21),
                        NewText = TextOrNull(reader, 22),
                        EmlPath = TextOrNull(reader, 23),
                        AssignedBy = TextOrNull(reader, 24),
                        AssignedAt = FromUnixOrNull(reader, 25),
                        RfqNumber = TextOrNull(reader, 26),
                        VendorKey = TextOrNull(reader, 27),
                        VendorName = TextOrNull(reader, 28),
                    });
                }
            }

            if (records.Count > 0)
            {
                var byId = records.ToDictionary(r => r.Id, _ => new List<InboundAttachmentRecord>());
                using var command = _connection.CreateCommand();
                command.CommandText = "SELECT inbound_id, file_name, content_type, size, sha256, saved_path FROM inbound_attachments WHERE inbound_id IN (SELECT value FROM json_each($ids)) ORDER BY inbound_id, ordinal;";
                command.Parameters.AddWithValue("$ids", "[" + string.Join(",", byId.Keys.Select(i => i.ToString(CultureInfo.InvariantCulture))) + "]");
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    byId[reader.GetInt64(0)].Add(new InboundAttachmentRecord
                    {
                        FileName = reader.GetString(1),
                        ContentType = reader.GetString(2),
                        Size = reader.GetInt64(3),
                        Sha256 = reader.GetString(4),
                        SavedPath = TextOrNull(reader, 5),
                    });
                }

                foreach (var record in records)
                {
                    record.Attachments = byId[record.Id];
                }
            }

            return (IReadOnlyList<InboundRecord>)records;
        });

    /// <inheritdoc />
    public Task<bool> AssignInboundAsync(InboundAssignment assignment, CancellationToken cancellationToken) =>
        Locked(cancellationToken, () =>
        {
            var connection = Writable();
            using var transaction = connection.BeginTransaction(deferred: false);
            using var update = connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = """
                UPDATE inbound_messages
                SET delivery_id = $delivery, match_method = $method, match_evidence = NULL, match_reason = $reason,
                    assigned_by = $by, assigned_at = $at
                WHERE id = $id AND delivery_id IS NULL AND EXISTS (SELECT 1 FROM deliveries WHERE id = $delivery);
                """;
            update.Parameters.AddWithValue("$delivery", assignment.DeliveryId);
            update.Parameters.AddWithValue("$method", (int)Responses.ReplyMatchMethod.Assigned);
            update.Parameters.AddWithValue("$reason", (object?)assignment.Reason ?? DBNull.Value);
            update.Parameters.AddWithValue("$by", assignment.AssignedBy);
            update.Parameters.AddWithValue("$at", assignment.At.ToUnixTimeMilliseconds());
            update.Parameters.AddWithValue("$id", assignment.InboundId);
            if (update.ExecuteNonQuery() != 1)
            {
                return false;
            }

            if (assignment.Change is DeliveryStateChange change && ExecuteChange(transaction, change))
            {
                using var changed = connection.CreateCommand();
                changed.Transaction = transaction;
                changed.CommandText = "UPDATE inbound_messages SET changed_from = $from, changed_to = $to WHERE id = $id;";
                changed.Parameters.AddWithValue("$from", (int)change.From);
                changed.Parameters.AddWithValue("$to", (int)change.To);
                changed.Parameters.AddWithValue("$id", assignment.InboundId);
                changed.ExecuteNonQuery();
            }

            transaction.Commit();
            return true;
        });

    /// <inheritdoc />
    public Task<SourceReadState?> GetSourceStateAsync(string source, string folder, CancellationToken cancellationToken) =>
        Locked(cancellationToken, () =>
        {
            if (_connection is null)
            {
                return (SourceReadState?)null;
            }

            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT uid_validity, last_uid, delta_link, updated_at FROM source_states WHERE source = $source AND folder = $folder;";
            command.Parameters.AddWithValue("$source", source);
            command.Parameters.AddWithValue("$folder", folder ?? string.Empty);
            using var reader = command.ExecuteReader();
            return reader.Read()
                ? new SourceReadState
                {
                    Source = source,
                    Folder = folder ?? string.Empty,
                    UidValidity = reader.IsDBNull(0) ? null : reader.GetInt64(0),
                    LastUid = reader.IsDBNull(1) ? null : reader.GetInt64(1),
                    DeltaLink = TextOrNull(reader, 2),
                    UpdatedAt = FromUnix(reader.GetInt64(3)),
                }
                : null;
        });

    /// <inheritdoc />
    public Task SaveSourceStateAsync(SourceReadState state, CancellationToken cancellationToken) =>
        Locked(cancellationToken, () =>
        {
            using var command = Writable().CreateCommand();
            command.CommandText = """
                INSERT INTO source_states (source, folder, uid_validity, last_uid, delta_link, updated_at)
                VALUES ($source, $folder, $validity, $uid, $delta, $at)
                ON CONFLICT (source, folder) DO UPDATE SET
                    uid_validity = excluded.uid_validity, last_uid = excluded.last_uid, delta_link = excluded.delta_link, updated_at = excluded.updated_at;
                """;
            command.Parameters.AddWithValue("$source", state.Source);
            command.Parameters.AddWithValue("$folder", state.Folder ?? string.Empty);
            command.Parameters.AddWithValue("$validity", (object?)state.UidValidity ?? DBNull.Value);
            command.Parameters.AddWithValue("$uid", (object?)state.LastUid ?? DBNull.Value);
            command.Parameters.AddWithValue("$delta", (object?)state.DeltaLink ?? DBNull.Value);
            command.Parameters.AddWithValue("$at", state.UpdatedAt.ToUnixTimeMilliseconds());
            return command.ExecuteNonQuery();
        });

    /// <inheritdoc />
    public void Dispose()
    {
        _connection?.Dispose();
        _gate.Dispose();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static DateTimeOffset FromUnix(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);

    private static DateTimeOffset? FromUnixOrNull(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : FromUnix(reader.GetInt64(ordinal));

    private static bool IsAscii(string text) => text.All(c => c < 128);

    private static string? TextOrNull(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static string ToJsonArray(IEnumerable<string> values)
    {
        using var buffer = new MemoryStream();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var value in values)
            {
                json.WriteStringValue(value);
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void SetVendorParameters(SqliteCommand command, string rfqNumber, Vendor vendor, string snapshot, long now)
    {
        command.Parameters.AddWithValue("$number", rfqNumber);
        command.Parameters.AddWithValue("$key", vendor.Key);
        command.Parameters.AddWithValue("$name", vendor.Name);
        command.Parameters.AddWithValue("$to", string.Join("; ", vendor.To.Select(c => c.Mailbox.Address)));
        command.Parameters.AddWithValue("$cc", string.Join("; ", vendor.Cc.Select(c => c.Mailbox.Address)));
        command.Parameters.AddWithValue("$categories", ToJsonArray(vendor.Categories));
        command.Parameters.AddWithValue("$vendor", snapshot);
        command.Parameters.AddWithValue("$queued", (int)DeliveryState.Queued);
        command.Parameters.AddWithValue("$deferred", (int)DeliveryState.Deferred);
        command.Parameters.AddWithValue("$now", now);
    }

    private static DeliveryRecord ReadDelivery(SqliteDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        RfqNumber = reader.GetString(1),
        VendorKey = reader.GetString(2),
        VendorName = reader.GetString(3),
        To = AddressList(reader.GetString(4)),
        Cc = AddressList(reader.GetString(5)),
        Categories = ParseJsonArray(reader.GetString(6)),
        State = (DeliveryState)reader.GetInt32(7),
        Attempts = reader.GetInt32(8),
        MessageId = reader.GetString(9),
        Detail = reader.IsDBNull(10) ? null : reader.GetString(10),
        SentAt = FromUnixOrNull(reader, 11),
        NextAttemptAt = FromUnixOrNull(reader, 12),
        LeaseOwner = reader.IsDBNull(13) ? null : reader.GetString(13),
        LeaseExpiresAt = FromUnixOrNull(reader, 14),
        CreatedAt = FromUnix(reader.GetInt64(15)),
        UpdatedAt = FromUnix(reader.GetInt64(16)),
        RfqVersion = reader.IsDBNull(17) ? null : reader.GetInt32(17),
        PendingRecipients = reader.IsDBNull(18) ? TextList.Empty : ParseJsonArray(reader.GetString(18)),
        Reminders = reader.GetInt32(reader.GetOrdinal("reminders_sent")),
        LastReminderAt = FromUnixOrNull(reader, reader.GetOrdinal("last_reminder_at")),
        ReminderPending = reader.IsDBNull(reader.GetOrdinal("reminder_pending")) ? null : reader.GetInt32(reader.GetOrdinal("reminder_pending")),
    };

    private static DeliveryChange? ReadLastChange(SqliteDataReader reader, DeliveryRecord record) =>
        reader.IsDBNull(19)
            ? null
            : new DeliveryChange
            {
                RfqNumber = record.RfqNumber,
                VendorKey = record.VendorKey,
                VendorName = record.VendorName,
                From = (DeliveryState)reader.GetInt32(19),
                To = (DeliveryState)reader.GetInt32(20),
                ChangedBy = reader.GetString(21),
                Reason = reader.IsDBNull(22) ? null : reader.GetString(22),
                ChangedAt = FromUnix(reader.GetInt64(23)),
            };

    private static IReadOnlyList<string> ParseJsonArray(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return new TextList(document.RootElement.EnumerateArray().Select(e => e.GetString() ?? string.Empty));
    }

    private Task<RecoveryResult> RecoverAsync(string rfqNumber, DateTimeOffset now, Func<DeliveryLease, bool> recoverable, CancellationToken cancellationToken) =>
        Locked(cancellationToken, () =>
        {
            if (_connection is null)
            {
                return new RecoveryResult(0, 0);
            }

            using var transaction = _connection.BeginTransaction();
            var leases = ReadLeases(transaction, "rfq_number = $number", select => select.Parameters.AddWithValue("$number", rfqNumber));
            int inDoubt = 0, requeued = 0;
            foreach (var lease in leases.Where(recoverable))
            {
                var decision = DeliveryLeaseRules.Recover(lease);
                EndLease(transaction, lease, decision, now.ToUnixTimeMilliseconds());
                if (decision.State == DeliveryState.InDoubt)
                {
                    inDoubt++;
                }
                else
                {
                    requeued++;
                }
            }

            transaction.Commit();
            return new RecoveryResult(inDoubt, requeued);
        });

    /// <summary>The claimed (Sending) deliveries matching <paramref name="filter"/>, in registration order.</summary>
    private static List<DeliveryLease> ReadLeases(SqliteTransaction transaction, string filter, Action<SqliteCommand> parameters)
    {
        using var select = transaction.Connection!.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = $"SELECT id, lease_owner, lease_expires, in_flight, attempts FROM deliveries WHERE state = $sending AND {filter} ORDER BY id;";
        select.Parameters.AddWithValue("$sending", (int)DeliveryState.Sending);
        parameters(select);
        var leases = new List<DeliveryLease>();
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            leases.Add(new DeliveryLease(
                reader.GetInt64(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                FromUnixOrNull(reader, 2),
                reader.GetInt32(3) != 0,
                reader.GetInt32(4)));
        }

        return leases;
    }

    /// <summary>Writes a decision of <see cref="DeliveryLeaseRules"/> and ends the claim, while it is still the one read.</summary>
    private static void EndLease(SqliteTransaction transaction, DeliveryLease lease, DeliveryLeaseDecision decision, long now)
    {
        using var update = transaction.Connection!.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = """
            UPDATE deliveries
            SET state = $state, attempts = $attempts, detail = coalesce($detail, detail),
                lease_owner = NULL, lease_expires = NULL, in_flight = 0, updated_at = $now
            WHERE id = $id AND state = $sending AND lease_owner IS $owner;
            """;
        update.Parameters.AddWithValue("$state", (int)decision.State);
        update.Parameters.AddWithValue("$attempts", decision.Attempts);
        update.Parameters.AddWithValue("$detail", (object?)decision.Detail ?? DBNull.Value);
        update.Parameters.AddWithValue("$now", now);
        update.Parameters.AddWithValue("$id", lease.DeliveryId);
        update.Parameters.AddWithValue("$sending", (int)DeliveryState.Sending);
        update.Parameters.AddWithValue("$owner", (object?)lease.Owner ?? DBNull.Value);
        if (update.ExecuteNonQuery() != 1 || !DeliveryLeaseRules.CountsAttempt(lease, decision))
        {
            return;
        }

        // A claim that ends as an attempt (its message may have gone out) is logged like a completion,
        // unless it was a reminder's: reminders are not attempts of the RFQ.
        using var log = transaction.Connection!.CreateCommand();
        log.Transaction = transaction;
        log.CommandText = """
            INSERT INTO delivery_attempts (delivery_id, number, state, detail, at, sender)
            SELECT id, attempts, state, detail, $now, $owner FROM deliveries WHERE id = $id AND reminder_pending IS NULL;
            """;
        log.Parameters.AddWithValue("$now", now);
        log.Parameters.AddWithValue("$id", lease.DeliveryId);
        log.Parameters.AddWithValue("$owner", (object?)lease.Owner ?? DBNull.Value);
        log.ExecuteNonQuery();
    }

    /// <summary>Executes a decided change and records it, inside <paramref name="transaction"/>, while the delivery is still in its From state.</summary>
    private static bool ExecuteChange(SqliteTransaction transaction, DeliveryStateChange change)
    {
        using var update = transaction.Connection!.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = """
            UPDATE deliveries
            SET state = $to,
                attempts = CASE WHEN $resetAttempts = 1 THEN 0 ELSE attempts END,
                next_attempt_at = NULL,
                detail = coalesce($detail, detail),
                pending_recipients = CASE WHEN $clearPending = 1 THEN NULL ELSE pending_recipients END,
                sent_at = coalesce(sent_at, $sentAt),
                rfq_version = CASE WHEN $recordVersion = 1 AND rfq_version IS NULL
                    THEN (SELECT version FROM campaigns c WHERE c.rfq_number = deliveries.rfq_number) ELSE rfq_version END,
                in_flight = 0, lease_owner = NULL, lease_expires = NULL, updated_at = $at
            WHERE id = $id AND rfq_number = $number AND state = $from;
            """;
        update.Parameters.AddWithValue("$to", (int)change.To);
        update.Parameters.AddWithValue("$from", (int)change.From);
        update.Parameters.AddWithValue("$resetAttempts", change.ResetAttempts ? 1 : 0);
        update.Parameters.AddWithValue("$clearPending", change.ClearPendingRecipients ? 1 : 0);
        update.Parameters.AddWithValue("$sentAt", (object?)change.SentAtIfMissing?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        update.Parameters.AddWithValue("$recordVersion", change.RecordRfqVersion ? 1 : 0);
        update.Parameters.AddWithValue("$detail", (object?)change.Detail ?? DBNull.Value);
        update.Parameters.AddWithValue("$at", change.At.ToUnixTimeMilliseconds());
        update.Parameters.AddWithValue("$id", change.DeliveryId);
        update.Parameters.AddWithValue("$number", change.RfqNumber);
        if (update.ExecuteNonQuery() != 1)
        {
            return false;
        }

        using var record = transaction.Connection!.CreateCommand();
        record.Transaction = transaction;
        record.CommandText = """
            INSERT INTO delivery_changes (delivery_id, from_state, to_state, changed_by, reason, changed_at)
            VALUES ($id, $from, $to, $by, $reason, $at);
            """;
        record.Parameters.AddWithValue("$id", change.DeliveryId);
        record.Parameters.AddWithValue("$from", (int)change.From);
        record.Parameters.AddWithValue("$to", (int)change.To);
        record.Parameters.AddWithValue("$by", change.ChangedBy);
        record.Parameters.AddWithValue("$reason", (object?)change.Reason ?? DBNull.Value);
        record.Parameters.AddWithValue("$at", change.At.ToUnixTimeMilliseconds());
        record.ExecuteNonQuery();
        return true;
    }

    private SqliteConnection Writable() =>
        _connection ?? throw new RfqSenderException($"The store '{Path}' does not exist and was opened without creating it; nothing can be recorded in it.");

    private void EnsureCampaignExists(SqliteTransaction transaction, string rfqNumber)
    {
        using var command = Writable().CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT 1 FROM campaigns WHERE rfq_number = $number;";
        command.Parameters.AddWithValue("$number", rfqNumber);
        if (command.ExecuteScalar() is null)
        {
            throw new RfqSenderException($"The campaign '{rfqNumber}' is not registered in the store '{Path}'.");
        }
    }

    private async Task<T> Locked<T>(CancellationToken cancellationToken, Func<T> action)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return action();
        }
        catch (SqliteException ex)
        {
            throw new RfqSenderException($"The store '{Path}' failed: {ex.Message}", ex);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static TextList AddressList(string stored) =>
        stored.Length == 0 ? TextList.Empty : new TextList(stored.Split(';').Select(a => a.Trim()).Where(a => a.Length > 0));
}
