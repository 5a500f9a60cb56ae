using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using RfqSender.Engine.Documents.QuoteSheets;
using RfqSender.Engine.Quotes;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Tracking.PostgreSql;

/// <summary>
/// The shared store: a PostgreSQL database that several senders (machines, runbook workers) use for
/// one campaign at once. Claims take due rows with <c>FOR UPDATE SKIP LOCKED</c>, so two workers
/// never claim the same delivery; times come from the database server's clock
/// (<see cref="Clock"/>); the limits of a sending identity are counted in the database under an
/// advisory lock. A transient fault (a lost connection, a failover, a serialization failure or a
/// deadlock) is retried for <see cref="StoreSettings.RetryFor"/>; a database that stays down stops
/// the run with a <see cref="FailureKind.Store"/> error, leaving its claims to expire.
/// </summary>
public sealed class PostgreSqlDeliveryStore : IDeliveryStore
{
    private const string DeliveryColumns =
        "d.id, d.rfq_number, d.vendor_key, d.vendor_name, d.to_addresses, d.cc_addresses, d.categories, d.state, d.attempts, d.message_id, " +
        "d.detail, d.sent_at, d.next_attempt_at, d.lease_owner, d.lease_expires, d.created_at, d.updated_at, d.rfq_version, d.pending_recipients";

    // The reminder columns come last in every select that reads a delivery, after the columns other
    // readers address by ordinal, and are read by name.
    private const string ReminderColumns = "d.reminders_sent, d.last_reminder_at, d.reminder_pending";

    // The name of the reference-token secret in store_secrets.
    private const string ReferenceSecretName = "delivery-reference";

    private readonly NpgsqlDataSource _source;
    private readonly PostgreSqlServerClock _clock;
    private readonly TimeSpan _retryFor;
    private bool _exists;

    private PostgreSqlDeliveryStore(NpgsqlDataSource source, string description, PostgreSqlServerClock clock, TimeSpan retryFor, bool exists)
    {
        _source = source;
        Description = description;
        _clock = clock;
        _retryFor = retryFor;
        _exists = exists;
    }

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public bool Exists => _exists;

    /// <inheritdoc />
    /// <remarks>The database server's clock, as measured from this machine.</remarks>
    public TimeProvider Clock => _clock;

    /// <summary>
    /// Opens the store the connection string names; with <paramref name="create"/> its tables are created or
    /// migrated (the role must own the schema), else a store without tables reads as empty.
    /// </summary>
    /// <exception cref="RfqSenderException">The database cannot be reached, refuses the sign-in, or holds a schema this build cannot use.</exception>
    internal static PostgreSqlDeliveryStore Open(PostgreSqlConnectionInfo connection, bool create, TimeSpan retryFor)
    {
        var builder = new NpgsqlDataSourceBuilder(connection.ConnectionString);
        var source = builder.Build();
        try
        {
            var clock = new PostgreSqlServerClock();
            var exists = Retry(connection.Description, retryFor, _ =>
            {
                using var open = source.OpenConnection();
                var migrated = PostgreSqlSchema.Migrate(open, connection.Description, create);
                clock.MeasureAsync(open, CancellationToken.None).GetAwaiter().GetResult();
                return Task.FromResult(migrated);
            }, CancellationToken.None).GetAwaiter().GetResult();
            return new PostgreSqlDeliveryStore(source, connection.Description, clock, retryFor, exists);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public Task RegisterCampaignAsync(Rfq rfq, CancellationToken cancellationToken) =>
        RegisterCampaignAsync(rfq, fingerprint: null, version: null, cancellationToken);

    /// <inheritdoc />
    public Task RegisterCampaignAsync(Rfq rfq, string fingerprint, int version, CancellationToken cancellationToken) =>
        RegisterCampaignAsync(rfq, fingerprint, (int?)version, cancellationToken);

    private Task RegisterCampaignAsync(Rfq rfq, string? fingerprint, int? version, CancellationToken cancellationToken) =>
        Write(cancellationToken, async (connection, _, token) =>
        {
            using var command = new NpgsqlCommand("""
                INSERT INTO campaigns (rfq_number, title, due_date, sender, definition, fingerprint, version, created_at, updated_at)
                VALUES (@number, @title, @due, @sender, @definition, @fingerprint, coalesce(@version, 1), @now, @now)
                ON CONFLICT (rfq_number) DO UPDATE SET
                    title = excluded.title, due_date = excluded.due_date, sender = excluded.sender,
                    definition = excluded.definition,
                    fingerprint = coalesce(@fingerprint, campaigns.fingerprint), version = coalesce(@version, campaigns.version),
                    updated_at = excluded.updated_at;
                """, connection);
            command.Parameters.AddWithValue("number", rfq.Number);
            command.Parameters.AddWithValue("title", rfq.Title);
            command.Parameters.AddWithValue("due", rfq.DueDate.ToString("o", CultureInfo.InvariantCulture));
            command.Parameters.AddWithValue("sender", rfq.From.ToString());
            command.Parameters.AddWithValue("definition", RfqSnapshot.Serialize(rfq));
            command.Parameters.Add(Text("fingerprint", fingerprint));
            command.Parameters.Add(new NpgsqlParameter("version", NpgsqlDbType.Integer) { Value = (object?)version ?? DBNull.Value });
            command.Parameters.Add(Time("now", _clock.GetUtcNow()));
            await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
            return 0;
        });

    /// <inheritdoc />
    public Task<CampaignVersion?> GetCampaignVersionAsync(string rfqNumber, CancellationToken cancellationToken) =>
        Read<CampaignVersion?>(null, cancellationToken, async (connection, token) =>
        {
            using var command = new NpgsqlCommand("""
                SELECT c.version, c.fingerprint,
                       (SELECT count(*) FROM deliveries d WHERE d.rfq_number = c.rfq_number AND (d.state IN (@sent, @inDoubt) OR d.sent_at IS NOT NULL))
                FROM campaigns c WHERE c.rfq_number = @number;
                """, connection);
            command.Parameters.AddWithValue("number", rfqNumber);
            command.Parameters.Add(State("sent", DeliveryState.Sent));
            command.Parameters.Add(State("inDoubt", DeliveryState.InDoubt));
            using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            return await reader.ReadAsync(token).ConfigureAwait(false)
                ? new CampaignVersion(reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1), (int)reader.GetInt64(2))
                : null;
        });

    /// <inheritdoc />
    public Task SetInputOpenAsync(string rfqNumber, string? note, CancellationToken cancellationToken) =>
        Write(CancellationToken.None, async (connection, _, token) =>
        {
            using var command = new NpgsqlCommand(
                "UPDATE campaigns SET input_open_since = CASE WHEN @note::text IS NULL THEN NULL ELSE @now END, input_note = @note WHERE rfq_number = @number;",
                connection);
            command.Parameters.AddWithValue("number", rfqNumber);
            command.Parameters.Add(Text("note", note));
            command.Parameters.Add(Time("now", _clock.GetUtcNow()));
            return await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        });

    /// <inheritdoc />
    public Task<Rfq?> GetCampaignRfqAsync(string rfqNumber, CancellationToken cancellationToken) =>
        Read<Rfq?>(null, cancellationToken, async (connection, token) =>
        {
            using var command = new NpgsqlCommand("SELECT definition FROM campaigns WHERE rfq_number = @number;", connection);
            command.Parameters.AddWithValue("number", rfqNumber);
            return await command.ExecuteScalarAsync(token).ConfigureAwait(false) is string definition ? RfqSnapshot.Deserialize(definition) : null;
        });

    /// <inheritdoc />
    public Task<RegistrationResult> RegisterVendorsAsync(
        string rfqNumber,
        IReadOnlyList<Vendor> vendors,
        Func<Vendor, string> messageIdOf,
        CancellationToken cancellationToken)
    {
        // Everything a row needs, made once: the same values on a retry.
        var rows = vendors.Select(v => (Vendor: v, Snapshot: VendorSnapshot.Serialize(v), MessageId: messageIdOf(v))).ToList();
        return Write(cancellationToken, async (connection, _, token) =>
        {
            var now = _clock.GetUtcNow();
            using var transaction = await BeginAsync(connection, token).ConfigureAwait(false);
            await EnsureCampaignExistsAsync(connection, transaction, rfqNumber, token).ConfigureAwait(false);

            var existing = new Dictionary<string, (DeliveryState State, string Snapshot)>(StringComparer.OrdinalIgnoreCase);
            using (var select = new NpgsqlCommand(
                "SELECT vendor_key, state, vendor FROM deliveries WHERE rfq_number = @number AND lower(vendor_key) = ANY (SELECT lower(k) FROM unnest(@keys) k);",
                connection,
                transaction))
            {
                select.Parameters.AddWithValue("number", rfqNumber);
                select.Parameters.Add(TextArray("keys", rows.Select(r => r.Vendor.Key)));
                using var reader = await select.ExecuteReaderAsync(token).ConfigureAwait(false);
                while (await reader.ReadAsync(token).ConfigureAwait(false))
                {
                    existing[reader.GetString(0)] = ((DeliveryState)reader.GetInt16(1), reader.GetString(2));
                }
            }

            var added = rows.Where(r => !existing.ContainsKey(r.Vendor.Key)).ToList();
            var changed = rows.Where(r => existing.TryGetValue(r.Vendor.Key, out var e) && e.Snapshot != r.Snapshot).ToList();
            var inserted = added.Count == 0 ? 0 : await UpsertAsync(connection, transaction, rfqNumber, added, now, insert: true, token).ConfigureAwait(false);
            var updated = changed.Count == 0 ? 0 : await UpsertAsync(connection, transaction, rfqNumber, changed, now, insert: false, token).ConfigureAwait(false);
            await transaction.CommitAsync(token).ConfigureAwait(false);
            return new RegistrationResult(inserted, updated, rows.Count - inserted - updated);
        });
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken)
    {
        // One id per claim, kept across retries: a claim whose commit was lost with the connection is
        // found by it instead of being made twice.
        var claim = Guid.NewGuid();
        return Write(cancellationToken, async (connection, attempt, token) =>
        {
            if (_clock.Stale)
            {
                await _clock.MeasureAsync(connection, token).ConfigureAwait(false);
            }

            var claimed = new List<ClaimedDelivery>();
            if (attempt > 1)
            {
                using var earlier = new NpgsqlCommand($"SELECT {DeliveryColumns}, d.vendor, {ReminderColumns} FROM deliveries d WHERE d.lease_claim = @claim AND d.state = @sending ORDER BY d.id;", connection);
                earlier.Parameters.AddWithValue("claim", claim);
                earlier.Parameters.Add(State("sending", DeliveryState.Sending));
                await ReadClaimedAsync(earlier, claimed, token).ConfigureAwait(false);
                if (claimed.Count > 0)
                {
                    return (IReadOnlyList<ClaimedDelivery>)claimed;
                }
            }

            var keyFilter = request.VendorKeys is null ? string.Empty : "AND lower(vendor_key) = ANY (SELECT lower(k) FROM unnest(@keys) k)";
            using var command = new NpgsqlCommand($"""
                WITH due AS (
                    SELECT id FROM deliveries
                    WHERE rfq_number = @number {keyFilter}
                      AND (state = @queued OR (state = @deferred AND (next_attempt_at IS NULL OR next_attempt_at <= @now)))
                      AND NOT EXISTS (SELECT 1 FROM campaigns c WHERE c.rfq_number = @number AND c.paused_at IS NOT NULL)
                    ORDER BY id
                    LIMIT @max
                    FOR UPDATE SKIP LOCKED)
                UPDATE deliveries d
                SET state = @sending, lease_owner = @owner, lease_expires = @expires, lease_claim = @claim,
                    in_flight = false, attempts = d.attempts + 1, updated_at = @now
                FROM due WHERE d.id = due.id
                RETURNING {DeliveryColumns}, d.vendor, {ReminderColumns};
                """, connection);
            command.Parameters.Add(State("sending", DeliveryState.Sending));
            command.Parameters.Add(State("queued", DeliveryState.Queued));
            command.Parameters.Add(State("deferred", DeliveryState.Deferred));
            command.Parameters.AddWithValue("owner", request.Owner);
            command.Parameters.Add(Time("expires", request.Now.Add(request.Lease)));
            command.Parameters.Add(Time("now", request.Now));
            command.Parameters.AddWithValue("claim", claim);
            command.Parameters.AddWithValue("number", request.RfqNumber);
            command.Parameters.AddWithValue("max", request.MaxCount);
            if (request.VendorKeys is not null)
            {
                command.Parameters.Add(TextArray("keys", request.VendorKeys));
            }

            await ReadClaimedAsync(command, claimed, token).ConfigureAwait(false);
            claimed.Sort((a, b) => a.Record.Id.CompareTo(b.Record.Id));
            return (IReadOnlyList<ClaimedDelivery>)claimed;
        });
    }

    /// <inheritdoc />
    public Task<bool> CompleteAsync(DeliveryCompletion completion, CancellationToken cancellationToken) =>
        Write(CancellationToken.None, async (connection, attempt, token) =>
        {
            using var command = new NpgsqlCommand("""
                WITH done AS (
                    UPDATE deliveries
                    SET state = @state, detail = @detail, next_attempt_at = @next, pending_recipients = @pending,
                        sent_at = CASE WHEN @reminder::integer IS NOT NULL THEN sent_at WHEN @sentAt::timestamptz IS NOT NULL THEN @sentAt WHEN @state = @sent THEN @at ELSE sent_at END,
                        rfq_version = CASE WHEN @reminder::integer IS NULL AND (@state IN (@sent, @inDoubt) OR @sentAt::timestamptz IS NOT NULL)
                            THEN (SELECT version FROM campaigns c WHERE c.rfq_number = deliveries.rfq_number) ELSE rfq_version END,
                        reminders_sent = CASE WHEN @reminder::integer IS NOT NULL AND @state = @sent THEN @reminder ELSE reminders_sent END,
                        last_reminder_at = CASE WHEN @reminder::integer IS NOT NULL AND @state = @sent THEN @at ELSE last_reminder_at END,
                        reminder_pending = CASE WHEN @reminder::integer IS NOT NULL AND @state = @sent THEN NULL ELSE reminder_pending END,
                        lease_owner = NULL, lease_expires = NULL, lease_claim = NULL, in_flight = false, updated_at = @at
                    WHERE id = @id AND lease_owner = @owner AND state = @sending
                    RETURNING id, attempts),
                reminded AS (
                    INSERT INTO reminder_attempts (delivery_id, number, state, detail, at)
                    SELECT id, @reminder, @state, @detail, @at FROM done WHERE @reminder::integer IS NOT NULL),
                attempted AS (
                    INSERT INTO delivery_attempts (delivery_id, number, state, detail, at, sender)
                    SELECT id, attempts, @state, @detail, @at, @owner FROM done WHERE @reminder::integer IS NULL)
                SELECT count(*) FROM done;
                """, connection);
            command.Parameters.Add(new NpgsqlParameter("reminder", NpgsqlDbType.Integer) { Value = (object?)completion.Reminder ?? DBNull.Value });
            command.Parameters.Add(State("state", completion.State));
            command.Parameters.Add(State("sent", DeliveryState.Sent));
            command.Parameters.Add(State("inDoubt", DeliveryState.InDoubt));
            command.Parameters.Add(State("sending", DeliveryState.Sending));
            command.Parameters.Add(Text("detail", completion.Detail));
            command.Parameters.Add(Time("next", completion.NextAttemptAt));
            command.Parameters.Add(Time("at", completion.At));
            command.Parameters.Add(Time("sentAt", completion.SentAt));
            command.Parameters.Add(TextArray("pending", completion.PendingRecipients is { Count: > 0 } pending ? pending : null));
            command.Parameters.AddWithValue("id", completion.DeliveryId);
            command.Parameters.AddWithValue("owner", completion.Owner);
            if (Convert.ToInt64(await command.ExecuteScalarAsync(token).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) == 1)
            {
                return true;
            }

            // On a retry the first try may have committed before its connection was lost: then the row
            // holds exactly this outcome, at this time, with the claim ended, and its attempt is logged
            // already (this try's update matched nothing, so it logged nothing).
            return attempt > 1 && await HoldsAsync(connection, completion.DeliveryId, completion.State, completion.At, token).ConfigureAwait(false);
        });

    /// <inheritdoc />
    public Task ReleaseAsync(string owner, IReadOnlyCollection<long> deliveryIds, CancellationToken cancellationToken, bool includeInFlight = false)
    {
        if (deliveryIds.Count == 0)
        {
            return Task.CompletedTask;
        }

        return Write(CancellationToken.None, async (connection, _, token) =>
        {
            using var transaction = await BeginAsync(connection, token).ConfigureAwait(false);
            var leases = await ReadLeasesAsync(
                connection,
                transaction,
                "id = ANY (@ids) AND lease_owner = @owner AND (NOT in_flight OR @force)",
                select =>
                {
                    select.Parameters.AddWithValue("ids", deliveryIds.ToArray());
                    select.Parameters.AddWithValue("owner", owner);
                    select.Parameters.AddWithValue("force", includeInFlight);
                },
                token).ConfigureAwait(false);
            var now = _clock.GetUtcNow();
            foreach (var lease in leases)
            {
                await EndLeaseAsync(connection, transaction, lease, DeliveryLeaseRules.Release(lease), now, token).ConfigureAwait(false);
            }

            await transaction.CommitAsync(token).ConfigureAwait(false);
            return leases.Count;
        });
    }

    /// <inheritdoc />
    public Task<int> RenewLeasesAsync(string rfqNumber, string owner, DateTimeOffset expires, CancellationToken cancellationToken) =>
        Write(cancellationToken, async (connection, _, token) =>
        {
            using var command = new NpgsqlCommand("""
                UPDATE deliveries SET lease_expires = greatest(lease_expires, @expires)
                WHERE rfq_number = @number AND lease_owner = @owner AND state = @sending;
                """, connection);
            command.Parameters.AddWithValue("number", rfqNumber);
            command.Parameters.AddWithValue("owner", owner);
            command.Parameters.Add(Time("expires", expires));
            command.Parameters.Add(State("sending", DeliveryState.Sending));
            return await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        });

    /// <inheritdoc />
    public Task<bool> MarkInFlightAsync(long deliveryId, string owner, CancellationToken cancellationToken) =>
        Write(CancellationToken.None, async (connection, _, token) =>
        {
            // Setting it again on a retry changes nothing and still finds the row: idempotent.
            using var command = new NpgsqlCommand("UPDATE deliveries SET in_flight = true WHERE id = @id AND lease_owner = @owner AND state = @sending;", connection);
            command.Parameters.AddWithValue("id", deliveryId);
            command.Parameters.AddWithValue("owner", owner);
            command.Parameters.Add(State("sending", DeliveryState.Sending));
            return await command.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 1;
        });

    /// <inheritdoc />
    public Task<RecoveryResult> RecoverAbandonedAsync(string rfqNumber, DateTimeOffset now, Func<string, bool> isAbandoned, CancellationToken cancellationToken)
    {
        var verdicts = new Dictionary<string, bool>(StringComparer.Ordinal);
        bool Abandoned(string owner) => verdicts.TryGetValue(owner, out var known) ? known : verdicts[owner] = isAbandoned(owner);
        return RecoverAsync(rfqNumber, "TRUE", _ => { }, lease => DeliveryLeaseRules.IsAbandoned(lease, now, Abandoned), now, cancellationToken);
    }

    /// <inheritdoc />
    public Task<RecoveryResult> RecoverExpiredAsync(string rfqNumber, string owner, DateTimeOffset now, CancellationToken cancellationToken) =>
        RecoverAsync(
            rfqNumber,
            // Only other senders' expired leases can qualify: read no more than those.
            "lease_owner IS DISTINCT FROM @caller AND lease_expires <= @now",
            select =>
            {
                select.Parameters.AddWithValue("caller", owner);
                select.Parameters.Add(Time("now", now));
            },
            lease => DeliveryLeaseRules.IsExpiredForOthers(lease, owner, now),
            now,
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyCollection<long>> QueueRemindersAsync(string rfqNumber, IReadOnlyCollection<ReminderRequest> reminders, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (reminders.Count == 0)
        {
            return Task.FromResult<IReadOnlyCollection<long>>(Array.Empty<long>());
        }

        return Write(cancellationToken, async (connection, _, token) =>
        {
            // One statement for all of them: a retry after a lost connection finds those already queued
            // no longer Sent, and queues only the rest.
            using var command = new NpgsqlCommand("""
                UPDATE deliveries d
                SET state = @queued, reminder_pending = r.number, attempts = 0, next_attempt_at = NULL, pending_recipients = NULL, updated_at = @now
                FROM unnest(@ids, @numbers) AS r (id, number)
                WHERE d.id = r.id AND d.rfq_number = @number AND d.state = @sent AND d.reminder_pending IS NULL AND d.reminders_sent = r.number - 1
                RETURNING d.id;
                """, connection);
            command.Parameters.Add(State("queued", DeliveryState.Queued));
            command.Parameters.Add(State("sent", DeliveryState.Sent));
            command.Parameters.Add(Time("now", now));
            command.Parameters.AddWithValue("number", rfqNumber);
            command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = reminders.Select(r => r.DeliveryId).ToArray() });
            command.Parameters.Add(new NpgsqlParameter("numbers", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = reminders.Select(r => r.Number).ToArray() });
            var queued = new List<long>();
            using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            while (await reader.ReadAsync(token).ConfigureAwait(false))
            {
                queued.Add(reader.GetInt64(0));
            }

            return (IReadOnlyCollection<long>)queued;
        });
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ReminderAttempt>> GetReminderAttemptsAsync(string rfqNumber, CancellationToken cancellationToken) =>
        GetReminderAttemptsAsync(rfqNumber, null, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ReminderAttempt>> GetReminderAttemptsAsync(string rfqNumber, IReadOnlyCollection<string>? vendorKeys, CancellationToken cancellationToken) =>
        Read<IReadOnlyList<ReminderAttempt>>(Array.Empty<ReminderAttempt>(), cancellationToken, async (connection, token) =>
        {
            using var command = new NpgsqlCommand(string.Empty, connection);
            command.CommandText = """
                SELECT r.delivery_id, d.vendor_key, r.number, r.state, r.detail, r.at
                FROM reminder_attempts r JOIN deliveries d ON d.id = r.delivery_id
                WHERE d.rfq_number = @number
                """
                + VendorKeyFilter(command, vendorKeys)
                + " ORDER BY r.id;";
            command.Parameters.AddWithValue("number", rfqNumber);
            var attempts = new List<ReminderAttempt>();
            using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            while (await reader.ReadAsync(token).ConfigureAwait(false))
            {
                attempts.Add(new ReminderAttempt
                {
                    DeliveryId = reader.GetInt64(0),
                    VendorKey = reader.GetString(1),
                    Number = reader.GetInt32(2),
                    State = (DeliveryState)reader.GetInt16(3),
                    Detail = reader.IsDBNull(4) ? null : reader.GetString(4),
                    At = reader.GetFieldValue<DateTimeOffset>(5),
                });
            }

            return attempts;
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<DeliveryAttempt>> GetDeliveryAttemptsAsync(string rfqNumber, IReadOnlyCollection<string>? vendorKeys, CancellationToken cancellationToken) =>
        Read<IReadOnlyList<DeliveryAttempt>>(Array.Empty<DeliveryAttempt>(), cancellationToken, async (connection, token) =>
        {
            using var command = new NpgsqlCommand(string.Empty, connection);
            command.CommandText = """
                SELECT a.delivery_id, d.vendor_key, a.number, a.state, a.detail, a.at, a.sender
                FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id
                WHERE d.rfq_number = @number
                """
                + VendorKeyFilter(command, vendorKeys)
                + " ORDER BY a.at, a.id;";
            command.Parameters.AddWithValue("number", rfqNumber);
            var attempts = new List<DeliveryAttempt>();
            using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            while (await reader.ReadAsync(token).ConfigureAwait(false))
            {
                attempts.Add(new DeliveryAttempt
                {
                    DeliveryId = reader.GetInt64(0),
                    VendorKey = reader.GetString(1),
                    Number = reader.GetInt32(2),
                    State = (DeliveryState)reader.GetInt16(3),
                    Detail = reader.IsDBNull(4) ? null : reader.GetString(4),
                    At = reader.GetFieldValue<DateTimeOffset>(5),
                    Sender = reader.IsDBNull(6) ? null : reader.GetString(6),
                });
            }

            return attempts;
        });

    /// <summary>The condition on the deliveries' vendor keys (aliased d) for these keys, with its parameter; empty for all.</summary>
    private static string VendorKeyFilter(NpgsqlCommand command, IReadOnlyCollection<string>? vendorKeys)
    {
        if (vendorKeys is null)
        {
            return string.Empty;
        }

        // As the unique index ux_deliveries_vendor has it, so one vendor's look-up is an index probe.
        command.Parameters.Add(TextArray("keys", vendorKeys));
        return " AND lower(d.vendor_key) = ANY (SELECT lower(k) FROM unnest(@keys) k)";
    }

    /// <inheritdoc />
    public Task<int> RequeueAsync(string rfqNumber, IReadOnlyCollection<DeliveryState> states, CancellationToken cancellationToken)
    {
        if (states.Count == 0 || !_exists)
        {
            return Task.FromResult(0);
        }

        return Write(cancellationToken, async (connection, _, token) =>
        {
            using var command = new NpgsqlCommand("""
                UPDATE deliveries SET state = @queued, attempts = 0, next_attempt_at = NULL, in_flight = false, updated_at = @now
                WHERE rfq_number = @number AND state = ANY (@states);
                """, connection);
            command.Parameters.Add(State("queued", DeliveryState.Queued));
            command.Parameters.Add(Time("now", _clock.GetUtcNow()));
            command.Parameters.AddWithValue("number", rfqNumber);
            command.Parameters.AddWithValue("states", states.Select(s => (short)s).ToArray());
            return await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        });
    }

    /// <inheritdoc />
    public Task<SendSlot> TakeSendSlotAsync(SendSlotRequest request, CancellationToken cancellationToken) =>
        Write(cancellationToken, async (connection, _, token) =>
        {
            var identity = request.Identity.ToLowerInvariant();
            using var transaction = await BeginAsync(connection, token).ConfigureAwait(false);

            // Every sender of this identity, on any machine, counts and takes under this one lock.
            using (var gate = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended('rfqsender.slots:' || @identity, 0));", connection, transaction))
            {
                gate.Parameters.AddWithValue("identity", identity);
                await gate.ExecuteNonQueryAsync(token).ConfigureAwait(false);
            }

            using (var prune = new NpgsqlCommand("DELETE FROM send_slots WHERE identity = @identity AND at < @dayAgo;", connection, transaction))
            {
                prune.Parameters.AddWithValue("identity", identity);
                prune.Parameters.Add(Time("dayAgo", request.Now - SendSlotRules.Day));
                await prune.ExecuteNonQueryAsync(token).ConfigureAwait(false);
            }

            if (SendSlotRules.Lookback(request) is TimeSpan lookback)
            {
                int inMinute;
                long inDay;
                using (var count = new NpgsqlCommand(
                    "SELECT count(*) FILTER (WHERE at > @minuteAgo), coalesce(sum(recipients), 0) FROM send_slots WHERE identity = @identity AND at > @since;",
                    connection,
                    transaction))
                {
                    count.Parameters.AddWithValue("identity", identity);
                    count.Parameters.Add(Time("minuteAgo", request.Now - SendSlotRules.Minute));
                    count.Parameters.Add(Time("since", request.Now - lookback));
                    using var reader = await count.ExecuteReaderAsync(token).ConfigureAwait(false);
                    await reader.ReadAsync(token).ConfigureAwait(false);
                    inMinute = (int)reader.GetInt64(0);
                    inDay = reader.GetInt64(1);
                }

                if (!SendSlotRules.Fits(request, inMinute, inDay))
                {
                    var slots = new List<(DateTimeOffset, int)>();
                    using (var select = new NpgsqlCommand("SELECT at, recipients FROM send_slots WHERE identity = @identity AND at > @since ORDER BY at;", connection, transaction))
                    {
                        select.Parameters.AddWithValue("identity", identity);
                        select.Parameters.Add(Time("since", request.Now - lookback));
                        using var reader = await select.ExecuteReaderAsync(token).ConfigureAwait(false);
                        while (await reader.ReadAsync(token).ConfigureAwait(false))
                        {
                            slots.Add((reader.GetFieldValue<DateTimeOffset>(0), reader.GetInt32(1)));
                        }
                    }

                    if (SendSlotRules.Decide(request, slots) is (DateTimeOffset retryAt, SendLimit limit))
                    {
                        await transaction.CommitAsync(token).ConfigureAwait(false);
                        return SendSlot.Full(retryAt, limit);
                    }
                }
            }

            using var insert = new NpgsqlCommand("INSERT INTO send_slots (identity, at, recipients) VALUES (@identity, @at, @recipients) RETURNING id;", connection, transaction);
            insert.Parameters.AddWithValue("identity", identity);
            insert.Parameters.Add(Time("at", request.Now));
            insert.Parameters.AddWithValue("recipients", request.CountedRecipients);
            var id = Convert.ToInt64(await insert.ExecuteScalarAsync(token).ConfigureAwait(false), CultureInfo.InvariantCulture);
            await transaction.CommitAsync(token).ConfigureAwait(false);
            return SendSlot.Taken(id);
        });

    /// <inheritdoc />
    public Task CompleteSendSlotAsync(long slotId, DateTimeOffset at, CancellationToken cancellationToken) =>
        Write(CancellationToken.None, async (connection, _, token) =>
        {
            using var command = new NpgsqlCommand("UPDATE send_slots SET at = greatest(at, @at) WHERE id = @id;", connection);
            command.Parameters.AddWithValue("id", slotId);
            command.Parameters.Add(Time("at", at));
            return await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetCategoriesAsync(string? rfqNumber, CancellationToken cancellationToken) =>
        Read<IReadOnlyList<string>>(Array.Empty<string>(), cancellationToken, async (connection, token) =>
        {
            using var command = new NpgsqlCommand(
                "SELECT c FROM (SELECT DISTINCT unnest(categories) AS c FROM deliveries"
                + (rfqNumber is null ? string.Empty : " WHERE rfq_number = @number")
                + ") x ORDER BY lower(c), c COLLATE \"C\";",
                connection);
            if (rfqNumber is not null)
            {
                command.Parameters.AddWithValue("number", rfqNumber);
            }

            var categories = new List<string>();
            using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            while (await reader.ReadAsync(token).ConfigureAwait(false))
            {
                categories.Add(reader.GetString(0));
            }

            return categories;
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<(string Category, DeliveryState State, int Count)>> GetCountsByCategoryAsync(string rfqNumber, CancellationToken cancellationToken) =>
        Read<IReadOnlyList<(string, DeliveryState, int)>>(Array.Empty<(string, DeliveryState, int)>(), cancellationToken, async (connection, token) =>
        {
            using var command = new NpgsqlCommand("""
                SELECT coalesce(c, ''), d.state, count(*)
                FROM deliveries d LEFT JOIN LATERAL unnest(d.categories) AS c ON true
                WHERE d.rfq_number = @number
                GROUP BY 1, 2 ORDER BY coalesce(c, '') COLLATE "C", d.state;
                """, connection);
            command.Parameters.AddWithValue("number", rfqNumber);
            var counts = new List<(string, DeliveryState, int)>();
            using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            while (await reader.ReadAsync(token).ConfigureAwait(false))
            {
                counts.Add((reader.GetString(0), (DeliveryState)reader.GetInt16(1), (int)reader.GetInt64(2)));
            }

            return counts;
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<DeliveryRecord>> GetDeliveriesAsync(DeliveryQuery query, CancellationToken cancellationToken) =>
        Read<IReadOnlyList<DeliveryRecord>>(Array.Empty<DeliveryRecord>(), cancellationToken, async (connection, token) =>
        {
            using var command = new NpgsqlCommand { Connection = connection };
            var sql = new StringBuilder($"""
                SELECT {DeliveryColumns}, lc.from_state, lc.to_state, lc.changed_by, lc.reason, lc.changed_at, {ReminderColumns}
                FROM deliveries d
                LEFT JOIN LATERAL (SELECT c.from_state, c.to_state, c.changed_by, c.reason, c.changed_at
                                   FROM delivery_changes c WHERE c.delivery_id = d.id ORDER BY c.id DESC LIMIT 1) lc ON true
                WHERE d.rfq_number = @number
                """);
            command.Parameters.AddWithValue("number", query.RfqNumber);
            if (query.States is { Count: > 0 })
            {
                sql.Append(" AND d.state = ANY (@states)");
                command.Parameters.AddWithValue("states", query.States.Select(s => (short)s).ToArray());
            }

            if (query.VendorKeys is not null)
            {
                sql.Append(" AND lower(d.vendor_key) = ANY (SELECT lower(k) FROM unnest(@keys) k)");
                command.Parameters.Add(TextArray("keys", query.VendorKeys));
            }

            if (query.Categories is { Count: > 0 })
            {
                sql.Append(" AND EXISTS (SELECT 1 FROM unnest(d.categories) c WHERE lower(c) = ANY (SELECT lower(x) FROM unnest(@categories) x))");
                command.Parameters.Add(TextArray("categories", query.Categories));
            }

            command.CommandText = sql.Append(" ORDER BY d.id;").ToString();
            var records = new List<DeliveryRecord>();
            using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            while (await reader.ReadAsync(token).ConfigureAwait(false))
            {
                var record = ReadDelivery(reader);
                record.LastChange = ReadLastChange(reader, record);
                records.Add(record);
            }

            return records;
        });

    /// <inheritdoc />
    public Task<DeliveryPage> GetDeliveryPageAsync(DeliveryPageQuery query, CancellationToken cancellationToken)
    {
        if (query is null)
        {
            throw new ArgumentNullException(nameof(query));
        }

        return Read(new DeliveryPage(Array.Empty<DeliveryRecord>(), 0, query.Offset, query.Limit), cancellationToken, async (connection, token) =>
        {
            var filter = new StringBuilder("d.rfq_number = @number");
            if (query.States is { Count: > 0 })
            {
                filter.Append(" AND d.state = ANY (@states)");
            }

            if (query.CategoryFilter is not null)
            {
                filter.Append(" AND EXISTS (SELECT 1 FROM unnest(d.categories) c WHERE lower(c) = lower(@category))");
            }

            if (query.SearchFilter is not null)
            {
                // The addresses as one text, one a line (no address holds a line break): one match per row, not one per address.
                filter.Append(" AND (d.vendor_name ILIKE @search ESCAPE '\\' OR d.vendor_key ILIKE @search ESCAPE '\\'"
                    + " OR array_to_string(d.to_addresses || d.cc_addresses, E'\\n') ILIKE @search ESCAPE '\\')");
            }

            void Parameters(NpgsqlCommand command)
            {
                command.Parameters.AddWithValue("number", query.RfqNumber);
                if (query.States is { Count: > 0 })
                {
                    command.Parameters.AddWithValue("states", query.States.Select(s => (short)s).ToArray());
                }

                if (query.CategoryFilter is string category)
                {
                    command.Parameters.Add(Text("category", category));
                }

                if (query.SearchFilter is string search)
                {
                    command.Parameters.Add(Text("search", DeliveryPageQuery.LikePattern(search)));
                }
            }

            int total;
            using (var count = new NpgsqlCommand($"SELECT count(*) FROM deliveries d WHERE {filter};", connection))
            {
                Parameters(count);
                total = (int)(long)(await count.ExecuteScalarAsync(token).ConfigureAwait(false))!;
            }

            var records = new List<DeliveryRecord>();
            if (query.Offset < total)
            {
                using var page = new NpgsqlCommand($"""
                    SELECT {DeliveryColumns}, lc.from_state, lc.to_state, lc.changed_by, lc.reason, lc.changed_at, {ReminderColumns}
                    FROM (SELECT d.id FROM deliveries d WHERE {filter} ORDER BY d.id LIMIT @limit OFFSET @offset) p
                    JOIN deliveries d ON d.id = p.id
                    LEFT JOIN LATERAL (SELECT c.from_state, c.to_state, c.changed_by, c.reason, c.changed_at
                                       FROM delivery_changes c WHERE c.delivery_id = d.id ORDER BY c.id DESC LIMIT 1) lc ON true
                    ORDER BY d.id;
                    """, connection);
                Parameters(page);
                page.Parameters.AddWithValue("limit", query.Limit);
                page.Parameters.AddWithValue("offset", query.Offset);
                using var reader = await page.ExecuteReaderAsync(token).ConfigureAwait(false);
                while (await reader.ReadAsync(token).ConfigureAwait(false))
                {
                    var record = ReadDelivery(reader);
                    record.LastChange = ReadLastChange(reader, record);
                    records.Add(record);
                }
            }

            return new DeliveryPage(records, total, query.Offset, query.Limit);
        });
    }

    /// <inheritdoc />
    public Task<CampaignPause?> GetCampaignPauseAsync(string rfqNumber, CancellationToken cancellationToken) =>
        Read<CampaignPause?>(null, cancellationToken, async (connection, token) =>
        {
            using var command = new NpgsqlCommand("SELECT paused_at, paused_by, pause_reason FROM campaigns WHERE rfq_number = @number AND paused_at IS NOT NULL;", connection);
            command.Parameters.AddWithValue("number", rfqNumber);
            using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            return await reader.ReadAsync(token).ConfigureAwait(false)
                ? new CampaignPause(rfqNumber, reader.GetFieldValue<DateTimeOffset>(0), TextOrNull(reader, 1) ?? "unknown", TextOrNull(reader, 2))
                : null;
        });

    /// <inheritdoc />
    public async Task<CampaignRecord?> SetCampaignPausedAsync(string rfqNumber, bool paused, string by, string? reason, CancellationToken cancellationToken)
    {
        var known = await Write(cancellationToken, async (connection, _, token) =>
        {
            using var command = new NpgsqlCommand(
                paused
                    ? "UPDATE campaigns SET paused_at = coalesce(paused_at, @now), paused_by = CASE WHEN paused_at IS NULL THEN @by ELSE paused_by END, pause_reason = CASE WHEN paused_at IS NULL THEN @reason ELSE pause_reason END WHERE rfq_number = @number;"
                    : "UPDATE campaigns SET paused_at = NULL, paused_by = NULL, pause_reason = NULL WHERE rfq_number = @number;",
                connection);
            command.Parameters.AddWithValue("number", rfqNumber);
            command.Parameters.Add(Time("now", _clock.GetUtcNow()));
            command.Parameters.Add(Text("by", string.IsNullOrWhiteSpace(by) ? "unknown" : by));
            command.Parameters.Add(Text("reason", reason));
            return await command.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 1;
        }).ConfigureAwait(false);
        return known ? (await GetCampaignsAsync(rfqNumber, cancellationToken).ConfigureAwait(false)).FirstOrDefault() : null;
    }

    /// <inheritdoc />
    public Task<AuditEntry> RecordAuditAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        if (entry is null)
        {
            throw new ArgumentNullException(nameof(entry));
        }

        var at = entry.At == default ? _clock.GetUtcNow() : entry.At;
        var user = string.IsNullOrWhiteSpace(entry.User) ? "unknown" : entry.User;
        return Write(cancellationToken, async (connection, _, token) =>
        {
            using var command = new NpgsqlCommand("""
                INSERT INTO audit_entries (at, user_name, action, rfq_number, vendor_key, detail, source)
                VALUES (@at, @user, @action, @number, @key, @detail, @source) RETURNING id, at;
                """, connection);
            command.Parameters.Add(Time("at", at));
            command.Parameters.Add(Text("user", user));
            command.Parameters.Add(Text("action", entry.Action));
            command.Parameters.Add(Text("number", entry.RfqNumber));
            command.Parameters.Add(Text("key", entry.VendorKey));
            command.Parameters.Add(Text("detail", entry.Detail));
            command.Parameters.Add(Text("source", entry.Source));
            using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            await reader.ReadAsync(token).ConfigureAwait(false);
            return new AuditEntry
            {
                Id = reader.GetInt64(0),
                At = reader.GetFieldValue<DateTimeOffset>(1),
                User = user,
                Action = entry.Action,
                RfqNumber = entry.RfqNumber,
                VendorKey = entry.VendorKey,
                Detail = entry.Detail,
                Source = entry.Source,
            };
        });
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditEntry>> GetAuditAsync(string? rfqNumber, int limit, CancellationToken cancellationToken) =>
        Read<IReadOnlyList<AuditEntry>>(Array.Empty<AuditEntry>(), cancellationToken, async (connection, token) =>
        {
            var entries = new List<AuditEntry>();
            if (limit <= 0)
            {
                return entries;
            }

            using var command = new NpgsqlCommand(
                "SELECT id, at, user_name, action, rfq_number, vendor_key, detail, source FROM audit_entries"
                    + (rfqNumber is null ? string.Empty : " WHERE rfq_number = @number") + " ORDER BY id DESC LIMIT @limit;",
                connection);
            if (rfqNumber is not null)
            {
                command.Parameters.AddWithValue("number", rfqNumber);
            }

            command.Parameters.AddWithValue("limit", limit);
            using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            while (await reader.ReadAsync(token).ConfigureAwait(false))
            {
                entries.Add(new AuditEntry
                {
                    Id = reader.GetInt64(0),
                    At = reader.GetFieldValue<DateTimeOffset>(1),
                    User = reader.GetString(2),
                    Action = reader.GetString(3),
                    RfqNumber = TextOrNull(reader, 4),
                    VendorKey = TextOrNull(reader, 5),
                    Detail = TextOrNull(reader, 6),
                    Source = TextOrNull(reader, 7),
                });
            }

            return entries;
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<CampaignRecord>> GetCampaignsAsync(string? rfqNumber, CancellationToken cancellationToken) =>
        Read<IReadOnlyList<CampaignRecord>>(Array.Empty<CampaignRecord>(), cancellationToken, async (connection, token) =>
        {
            var filter = rfqNumber is null ? string.Empty : " WHERE rfq_number = @number";
            var campaigns = new List<CampaignRecord>();
            using (var command = new NpgsqlCommand(
                "SELECT rfq_number, title, due_date, sender, created_at, updated_at, version, input_note, paused_at, paused_by, pause_reason FROM campaigns" + filter + " ORDER BY created_at, rfq_number;",
                connection))
            {
                if (rfqNumber is not null)
                {
                    command.Parameters.AddWithValue("number", rfqNumber);
                }

                using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
                while (await reader.ReadAsync(token).ConfigureAwait(false))
                {
                    campaigns.Add(new CampaignRecord
                    {
                        RfqNumber = reader.GetString(0),
                        Title = reader.GetString(1),
                        DueDate = DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                        From = reader.GetString(3),
                        CreatedAt = reader.GetFieldValue<DateTimeOffset>(4),
                        UpdatedAt = reader.GetFieldValue<DateTimeOffset>(5),
                        Version = reader.GetInt32(6),
                        InputIncomplete = reader.IsDBNull(7) ? null : reader.GetString(7),
                        PausedAt = TimeOrNull(reader, 8),
                        PausedBy = TextOrNull(reader, 9),
                        PauseReason = TextOrNull(reader, 10),
                    });
                }
            }

            var counts = new Dictionary<string, (Dictionary<DeliveryState, int> Counts, DateTimeOffset Last)>(StringComparer.Ordinal);
            using (var command = new NpgsqlCommand(
                "SELECT rfq_number, state, count(*), max(updated_at) FROM deliveries" + filter + " GROUP BY rfq_number, state;",
                connection))
            {
                if (rfqNumber is not null)
                {
                    command.Parameters.AddWithValue("number", rfqNumber);
                }

                using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
                while (await reader.ReadAsync(token).ConfigureAwait(false))
                {
                    var number = reader.GetString(0);
                    if (!counts.TryGetValue(number, out var entry))
                    {
                        entry = (new Dictionary<DeliveryState, int>(), DateTimeOffset.MinValue);
                    }

                    entry.Counts[(DeliveryState)reader.GetInt16(1)] = (int)reader.GetInt64(2);
                    var updated = reader.GetFieldValue<DateTimeOffset>(3);
                    counts[number] = (entry.Counts, updated > entry.Last ? updated : entry.Last);
                }
            }

            foreach (var campaign in campaigns)
            {
                var found = counts.TryGetValue(campaign.RfqNumber, out var entry);
                campaign.Counts = found ? entry.Counts : new Dictionary<DeliveryState, int>();
                campaign.LastActivity = found && entry.Last > campaign.UpdatedAt ? entry.Last : campaign.UpdatedAt;
            }

            return campaigns;
        });

    /// <inheritdoc />
    public Task<bool> ChangeStateAsync(DeliveryStateChange change, CancellationToken cancellationToken) =>
        Write(cancellationToken, async (connection, attempt, token) =>
        {
            using var transaction = await BeginAsync(connection, token).ConfigureAwait(false);
            if (!await ExecuteChangeAsync(connection, transaction, change, token).ConfigureAwait(false))
            {
                await transaction.RollbackAsync(token).ConfigureAwait(false);

                // A retry after a commit whose answer was lost finds this very change recorded last.
                return attempt > 1 && await ChangeRecordedAsync(connection, change, token).ConfigureAwait(false);
            }

            await transaction.CommitAsync(token).ConfigureAwait(false);
            return true;
        });

    /// <inheritdoc />
    public Task<CampaignExport?> ExportCampaignAsync(string rfqNumber, CancellationToken cancellationToken) =>
        Read<CampaignExport?>(null, cancellationToken, async (connection, token) =>
        {
            using var command = new NpgsqlCommand("""
                SELECT rfq_number, title, due_date, sender, definition, fingerprint, version, input_note, input_open_since, created_at, updated_at,
                       paused_at, paused_by, pause_reason
                FROM campaigns WHERE rfq_number = @number;
                """, connection);
            command.Parameters.AddWithValue("number", rfqNumber);
            using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            return await reader.ReadAsync(token).ConfigureAwait(false)
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
                    InputOpenSince = TimeOrNull(reader, 8),
                    CreatedAt = reader.GetFieldValue<DateTimeOffset>(9),
                    UpdatedAt = reader.GetFieldValue<DateTimeOffset>(10),
                    PausedAt = TimeOrNull(reader, 11),
                    PausedBy = TextOrNull(reader, 12),
                    PauseReason = TextOrNull(reader, 13),
                }
                : null;
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<DeliveryExport>> ExportDeliveriesAsync(string rfqNumber, long afterId, int max, CancellationToken cancellationToken) =>
        Read<IReadOnlyList<DeliveryExport>>(Array.Empty<DeliveryExport>(), cancellationToken, async (connection, token) =>
        {
            var exports = new List<DeliveryExport>();
            using (var command = new NpgsqlCommand($"SELECT {DeliveryColumns}, d.vendor, d.in_flight, {ReminderColumns} FROM deliveries d WHERE d.rfq_number = @number AND d.id > @after ORDER BY d.id LIMIT @max;", connection))
            {
                command.Parameters.AddWithValue("number", rfqNumber);
                command.Parameters.AddWithValue("after", afterId);
                command.Parameters.AddWithValue("max", max);
                using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
                while (await reader.ReadAsync(token).ConfigureAwait(false))
                {
                    exports.Add(new DeliveryExport { Record = ReadDelivery(reader), Vendor = reader.GetString(19), InFlight = reader.GetBoolean(20) });
                }
            }

            if (exports.Count > 0)
            {
                var byId = exports.ToDictionary(e => e.Record.Id);
                var changes = byId.Keys.ToDictionary(id => id, _ => new List<DeliveryChange>());
                using var command = new NpgsqlCommand("SELECT delivery_id, from_state, to_state, changed_by, reason, changed_at FROM delivery_changes WHERE delivery_id = ANY (@ids) ORDER BY id;", connection);
                command.Parameters.AddWithValue("ids", byId.Keys.ToArray());
                using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
                while (await reader.ReadAsync(token).ConfigureAwait(false))
                {
                    var record = byId[reader.GetInt64(0)].Record;
                    changes[record.Id].Add(new DeliveryChange
                    {
                        RfqNumber = record.RfqNumber,
                        VendorKey = record.VendorKey,
                        VendorName = record.VendorName,
                        From = (DeliveryState)reader.GetInt16(1),
                        To = (DeliveryState)reader.GetInt16(2),
                        ChangedBy = reader.GetString(3),
                        Reason = reader.IsDBNull(4) ? null : reader.GetString(4),
                        ChangedAt = reader.GetFieldValue<DateTimeOffset>(5),
                    });
                }

                foreach (var export in exports)
                {
                    export.Changes = changes[export.Record.Id];
                }
            }

            if (exports.Count > 0)
            {
                var byId = exports.ToDictionary(e => e.Record.Id);
                var attempts = byId.Keys.ToDictionary(id => id, _ => new List<DeliveryAttempt>());
                using var command = new NpgsqlCommand("SELECT delivery_id, number, state, detail, at, sender FROM delivery_attempts WHERE delivery_id = ANY (@ids) ORDER BY id;", connection);
                command.Parameters.AddWithValue("ids", byId.Keys.ToArray());
                using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
                while (await reader.ReadAsync(token).ConfigureAwait(false))
                {
                    var record = byId[reader.GetInt64(0)].Record;
                    attempts[record.Id].Add(new DeliveryAttempt
                    {
                        DeliveryId = record.Id,
                        VendorKey = record.VendorKey,
                        Number = reader.GetInt32(1),
                        State = (DeliveryState)reader.GetInt16(2),
                        Detail = reader.IsDBNull(3) ? null : reader.GetString(3),
                        At = reader.GetFieldValue<DateTimeOffset>(4),
                        Sender = reader.IsDBNull(5) ? null : reader.GetString(5),
                    });
                }

                foreach (var export in exports)
                {
                    export.Attempts = attempts[export.Record.Id];
                }
            }

            return exports;
        });

    /// <inheritdoc />
    public Task<ImportResult> ImportAsync(CampaignExport campaign, IReadOnlyList<DeliveryExport> deliveries, CancellationToken cancellationToken) =>
        Write(cancellationToken, async (connection, _, token) =>
        {
            using var transaction = await BeginAsync(connection, token).ConfigureAwait(false);
            bool campaignAdded;
            using (var insert = new NpgsqlCommand("""
                INSERT INTO campaigns (rfq_number, title, due_date, sender, definition, fingerprint, version, input_note, input_open_since, created_at, updated_at,
                                       paused_at, paused_by, pause_reason)
                VALUES (@number, @title, @due, @sender, @definition, @fingerprint, @version, @note, @openSince, @created, @updated, @pausedAt, @pausedBy, @pauseReason)
                ON CONFLICT (rfq_number) DO NOTHING;
                """, connection, transaction))
            {
                insert.Parameters.AddWithValue("number", campaign.RfqNumber);
                insert.Parameters.AddWithValue("title", campaign.Title);
                insert.Parameters.AddWithValue("due", campaign.DueDate);
                insert.Parameters.AddWithValue("sender", campaign.Sender);
                insert.Parameters.AddWithValue("definition", campaign.Definition);
                insert.Parameters.Add(Text("fingerprint", campaign.Fingerprint));
                insert.Parameters.AddWithValue("version", campaign.Version);
                insert.Parameters.Add(Text("note", campaign.InputNote));
                insert.Parameters.Add(Time("openSince", campaign.InputOpenSince));
                insert.Parameters.Add(Time("created", campaign.CreatedAt));
                insert.Parameters.Add(Time("updated", campaign.UpdatedAt));
                insert.Parameters.Add(Time("pausedAt", campaign.PausedAt));
                insert.Parameters.Add(Text("pausedBy", campaign.PausedBy));
                insert.Parameters.Add(Text("pauseReason", campaign.PauseReason));
                campaignAdded = await insert.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 1;
            }

            int added = 0, present = 0;
            foreach (var delivery in deliveries)
            {
                var r = delivery.Record;
                using var insert = new NpgsqlCommand("""
                    INSERT INTO deliveries (rfq_number, vendor_key, vendor_name, to_addresses, cc_addresses, categories, vendor, message_id,
                                            state, attempts, detail, next_attempt_at, lease_owner, lease_expires, in_flight, sent_at,
                                            rfq_version, pending_recipients, created_at, updated_at, reminders_sent, last_reminder_at, reminder_pending)
                    VALUES (@number, @key, @name, @to, @cc, @categories, @vendor, @messageId, @state, @attempts, @detail, @next, @owner,
                            @expires, @inFlight, @sentAt, @version, @pending, @created, @updated, @reminders, @lastReminder, @reminderPending)
                    ON CONFLICT (rfq_number, lower(vendor_key)) DO NOTHING
                    RETURNING id;
                    """, connection, transaction);
                insert.Parameters.AddWithValue("number", campaign.RfqNumber);
                insert.Parameters.AddWithValue("key", r.VendorKey);
                insert.Parameters.AddWithValue("name", r.VendorName);
                insert.Parameters.Add(TextArray("to", r.To));
                insert.Parameters.Add(TextArray("cc", r.Cc));
                insert.Parameters.Add(TextArray("categories", r.Categories));
                insert.Parameters.AddWithValue("vendor", delivery.Vendor);
                insert.Parameters.AddWithValue("messageId", r.MessageId);
                insert.Parameters.Add(State("state", r.State));
                insert.Parameters.AddWithValue("attempts", r.Attempts);
                insert.Parameters.Add(Text("detail", r.Detail));
                insert.Parameters.Add(Time("next", r.NextAttemptAt));
                insert.Parameters.Add(Text("owner", r.LeaseOwner));
                insert.Parameters.Add(Time("expires", r.LeaseExpiresAt));
                insert.Parameters.AddWithValue("inFlight", delivery.InFlight);
                insert.Parameters.Add(Time("sentAt", r.SentAt));
                insert.Parameters.Add(new NpgsqlParameter("version", NpgsqlDbType.Integer) { Value = (object?)r.RfqVersion ?? DBNull.Value });
                insert.Parameters.Add(TextArray("pending", r.PendingRecipients.Count > 0 ? r.PendingRecipients : null));
                insert.Parameters.Add(Time("created", r.CreatedAt));
                insert.Parameters.Add(Time("updated", r.UpdatedAt));
                insert.Parameters.AddWithValue("reminders", r.Reminders);
                insert.Parameters.Add(Time("lastReminder", r.LastReminderAt));
                insert.Parameters.Add(new NpgsqlParameter("reminderPending", NpgsqlDbType.Integer) { Value = (object?)r.ReminderPending ?? DBNull.Value });
                if (await insert.ExecuteScalarAsync(token).ConfigureAwait(false) is not long id)
                {
                    present++;
                    continue;
                }

                added++;
                foreach (var change in delivery.Changes)
                {
                    using var record = new NpgsqlCommand(
                        "INSERT INTO delivery_changes (delivery_id, from_state, to_state, changed_by, reason, changed_at) VALUES (@id, @from, @to, @by, @reason, @at);",
                        connection,
                        transaction);
                    record.Parameters.AddWithValue("id", id);
                    record.Parameters.Add(State("from", change.From));
                    record.Parameters.Add(State("to", change.To));
                    record.Parameters.AddWithValue("by", change.ChangedBy);
                    record.Parameters.Add(Text("reason", change.Reason));
                    record.Parameters.Add(Time("at", change.ChangedAt));
                    await record.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                }

                foreach (var attempt in delivery.Attempts)
                {
                    using var record = new NpgsqlCommand(
                        "INSERT INTO delivery_attempts (delivery_id, number, state, detail, at, sender) VALUES (@id, @number, @state, @detail, @at, @sender);",
                        connection,
                        transaction);
                    record.Parameters.AddWithValue("id", id);
                    record.Parameters.AddWithValue("number", attempt.Number);
                    record.Parameters.Add(State("state", attempt.State));
                    record.Parameters.Add(Text("detail", attempt.Detail));
                    record.Parameters.Add(Time("at", attempt.At));
                    record.Parameters.Add(Text("sender", attempt.Sender));
                    await record.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                }
            }

            await transaction.CommitAsync(token).ConfigureAwait(false);
            return new ImportResult(campaignAdded, added, present);
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<DeliveryChange>> GetChangesAsync(string rfqNumber, IReadOnlyCollection<string>? vendorKeys, CancellationToken cancellationToken) =>
        Read<IReadOnlyList<DeliveryChange>>(Array.Empty<DeliveryChange>(), cancellationToken, async (connection, token) =>
        {
            using var command = new NpgsqlCommand(
                """
                SELECT d.rfq_number, d.vendor_key, d.vendor_name, c.from_state, c.to_state, c.changed_by, c.reason, c.changed_at
                FROM delivery_changes c JOIN deliveries d ON d.id = c.delivery_id
                WHERE d.rfq_number = @number
                """
                + (vendorKeys is null ? string.Empty : " AND lower(d.vendor_key) = ANY (SELECT lower(k) FROM unnest(@keys) k)")
                + " ORDER BY c.id;",
                connection);
            command.Parameters.AddWithValue("number", rfqNumber);
            if (vendorKeys is not null)
            {
                command.Parameters.Add(TextArray("keys", vendorKeys));
            }

            var changes = new List<DeliveryChange>();
            using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            while (await reader.ReadAsync(token).ConfigureAwait(false))
            {
                changes.Add(new DeliveryChange
                {
                    RfqNumber = reader.GetString(0),
                    VendorKey = reader.GetString(1),
                    VendorName = reader.GetString(2),
                    From = (DeliveryState)reader.GetInt16(3),
                    To = (DeliveryState)reader.GetInt16(4),
                    ChangedBy = reader.GetString(5),
                    Reason = reader.IsDBNull(6) ? null : reader.GetString(6),
                    ChangedAt = reader.GetFieldValue<DateTimeOffset>(7),
                });
            }

            return changes;
        });

    /// <inheritdoc />
    public Task<byte[]> GetReferenceSecretAsync(byte[] proposed, CancellationToken cancellationToken)
    {
        if (proposed is null || proposed.Length < Responses.DeliveryReference.MinimumSecretLength)
        {
            throw new ArgumentException($"A reference secret has at least {Responses.DeliveryReference.MinimumSecretLength} bytes.", nameof(proposed));
        }

        return Write(cancellationToken, async (connection, _, token) =>
        {
            // One statement: of two workers proposing at once, one inserts and both read that one.
            using var command = new NpgsqlCommand("""
                WITH added AS (
                    INSERT INTO store_secrets (name, value, created_at) VALUES (@name, @value, @now)
                    ON CONFLICT (name) DO NOTHING RETURNING value)
                SELECT value FROM added UNION ALL SELECT value FROM store_secrets WHERE name = @name LIMIT 1;
                """, connection);
            command.Parameters.AddWithValue("name", ReferenceSecretName);
            command.Parameters.Add(new NpgsqlParameter("value", NpgsqlDbType.Bytea) { Value = proposed });
            command.Parameters.Add(Time("now", _clock.GetUtcNow()));
            if (await command.ExecuteScalarAsync(token).ConfigureAwait(false) is byte[] secret)
            {
                return secret;
            }

            // The row another worker inserted was not visible to this statement's snapshot yet: read it now.
            using var again = new NpgsqlCommand("SELECT value FROM store_secrets WHERE name = @name;", connection);
            again.Parameters.AddWithValue("name", ReferenceSecretName);
            return (byte[])(await again.ExecuteScalarAsync(token).ConfigureAwait(false))!;
        });
    }

    /// <inheritdoc />
    public Task<InboundRecordResult> RecordInboundAsync(InboundRecord record, DeliveryStateChange? change, CancellationToken cancellationToken) =>
        Write(cancellationToken, async (connection, attempt, token) =>
        {
            using var transaction = await BeginAsync(connection, token).ConfigureAwait(false);
            using var insert = new NpgsqlCommand("""
                INSERT INTO inbound_messages (source, source_id, message_id, received_at, recorded_at, sender, sender_name, subject, kind,
                                              out_of_office, away_until, bounce_severity, bounce_status, bounce_recipient, bounce_diagnostic,
                                              match_method, match_evidence, match_reason, delivery_id, new_text, eml_path, assigned_by, assigned_at)
                VALUES (@source, @sourceId, @messageId, @received, @recorded, @sender, @senderName, @subject, @kind,
                        @ooo, @awayUntil, @severity, @status, @recipient, @diagnostic,
                        @method, @evidence, @reason, @delivery, @newText, @eml, @assignedBy, @assignedAt)
                ON CONFLICT DO NOTHING
                RETURNING id;
                """, connection, transaction);
            insert.Parameters.AddWithValue("source", record.Source);
            insert.Parameters.AddWithValue("sourceId", record.SourceId);
            insert.Parameters.Add(Text("messageId", record.MessageId));
            insert.Parameters.Add(Time("received", record.ReceivedAt));
            insert.Parameters.Add(Time("recorded", record.RecordedAt));
            insert.Parameters.Add(Text("sender", record.From));
            insert.Parameters.Add(Text("senderName", record.FromName));
            insert.Parameters.AddWithValue("subject", record.Subject);
            insert.Parameters.Add(new NpgsqlParameter("kind", NpgsqlDbType.Smallint) { Value = (short)record.Kind });
            insert.Parameters.AddWithValue("ooo", record.IsOutOfOffice);
            insert.Parameters.Add(new NpgsqlParameter("awayUntil", NpgsqlDbType.Date) { Value = record.AwayUntil is DateTime until ? until.Date : DBNull.Value });
            insert.Parameters.Add(new NpgsqlParameter("severity", NpgsqlDbType.Smallint) { Value = (short)record.BounceSeverity });
            insert.Parameters.Add(Text("status", record.BounceStatus));
            insert.Parameters.Add(Text("recipient", record.BounceRecipient));
            insert.Parameters.Add(Text("diagnostic", record.BounceDiagnostic));
            insert.Parameters.Add(new NpgsqlParameter("method", NpgsqlDbType.Smallint) { Value = (short)record.MatchMethod });
            insert.Parameters.Add(Text("evidence", record.MatchEvidence));
            insert.Parameters.Add(Text("reason", record.MatchReason));
            insert.Parameters.Add(new NpgsqlParameter("delivery", NpgsqlDbType.Bigint) { Value = (object?)record.DeliveryId ?? DBNull.Value });
            insert.Parameters.Add(Text("newText", record.NewText));
            insert.Parameters.Add(Text("eml", record.EmlPath));
            insert.Parameters.Add(Text("assignedBy", record.AssignedBy));
            insert.Parameters.Add(Time("assignedAt", record.AssignedAt));
            if (await insert.ExecuteScalarAsync(token).ConfigureAwait(false) is not long id)
            {
                await transaction.RollbackAsync(token).ConfigureAwait(false);
                using var existing = new NpgsqlCommand("""
                    SELECT id, recorded_at = @recorded AND source = @source AND source_id = @sourceId, changed_to IS NOT NULL
                    FROM inbound_messages WHERE (source = @source AND source_id = @sourceId) OR message_id = @messageId ORDER BY id LIMIT 1;
                    """, connection);
                existing.Parameters.AddWithValue("source", record.Source);
                existing.Parameters.AddWithValue("sourceId", record.SourceId);
                existing.Parameters.Add(Text("messageId", record.MessageId));
                existing.Parameters.Add(Time("recorded", record.RecordedAt));
                using var reader = await existing.ExecuteReaderAsync(token).ConfigureAwait(false);
                await reader.ReadAsync(token).ConfigureAwait(false);

                // A retry after a commit whose answer was lost finds this very record: it was recorded by this call.
                var ours = attempt > 1 && reader.GetBoolean(1);
                return new InboundRecordResult(reader.GetInt64(0), recorded: ours, deliveryChanged: ours && reader.GetBoolean(2));
            }

            var changed = change is not null && await ExecuteChangeAsync(connection, transaction, change, token).ConfigureAwait(false);
            if (changed)
            {
                await MarkChangedAsync(connection, transaction, id, change!, token).ConfigureAwait(false);
            }

            var ordinal = 0;
            foreach (var attachment in record.Attachments)
            {
                using var file = new NpgsqlCommand("""
                    INSERT INTO inbound_attachments (inbound_id, ordinal, file_name, content_type, size, sha256, saved_path)
                    VALUES (@id, @ordinal, @name, @type, @size, @sha, @path);
                    """, connection, transaction);
                file.Parameters.AddWithValue("id", id);
                file.Parameters.AddWithValue("ordinal", ++ordinal);
                file.Parameters.AddWithValue("name", attachment.FileName);
                file.Parameters.AddWithValue("type", attachment.ContentType);
                file.Parameters.AddWithValue("size", attachment.Size);
                file.Parameters.AddWithValue("sha", attachment.Sha256);
                file.Parameters.Add(Text("path", attachment.SavedPath));
                await file.ExecuteNonQueryAsync(token).ConfigureAwait(false);
            }

            await InsertQuotesAsync(connection, transaction, id, record, token).ConfigureAwait(false);
            await transaction.CommitAsync(token).ConfigureAwait(false);
            return new InboundRecordResult(id, recorded: true, changed);
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<VendorQuote>> GetQuotesAsync(QuoteQuery query, CancellationToken cancellationToken) =>
        Read<IReadOnlyList<VendorQuote>>(Array.Empty<VendorQuote>(), cancellationToken, async (connection, token) =>
        {
            var quotes = new List<VendorQuote>();
            using (var command = new NpgsqlCommand { Connection = connection })
            {
                var sql = new StringBuilder("""
                    SELECT q.id, q.inbound_id, q.delivery_id, q.file_name, q.sha256, q.saved_path, q.received_at, q.status, q.problems,
                           d.rfq_number, d.vendor_key, d.vendor_name
                    FROM quotes q JOIN deliveries d ON d.id = q.delivery_id
                    WHERE d.rfq_number = @rfq
                    """);
                command.Parameters.AddWithValue("rfq", query.RfqNumber);
                if (query.VendorKeys is { Count: > 0 } keys)
                {
                    sql.Append(" AND lower(d.vendor_key) = ANY (SELECT lower(k) FROM unnest(@keys) k)");
                    command.Parameters.Add(TextArray("keys", keys));
                }

                if (query.Status is QuoteStatus status)
                {
                    sql.Append(" AND q.status = @status");
                    command.Parameters.Add(new NpgsqlParameter("status", NpgsqlDbType.Smallint) { Value = (short)status });
                }

                command.CommandText = sql.Append(" ORDER BY q.received_at, q.id;").ToString();
                using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
                while (await reader.ReadAsync(token).ConfigureAwait(false))
                {
                    quotes.Add(new VendorQuote
                    {
                        Id = reader.GetInt64(0),
                        InboundId = reader.GetInt64(1),
                        DeliveryId = reader.GetInt64(2),
                        FileName = reader.GetString(3),
                        Sha256 = reader.GetString(4),
                        SavedPath = TextOrNull(reader, 5),
                        ReceivedAt = reader.GetFieldValue<DateTimeOffset>(6),
                        Status = (QuoteStatus)reader.GetInt16(7),
                        Problems = QuoteProblems.Parse(reader.GetString(8)),
                        RfqNumber = reader.GetString(9),
                        VendorKey = reader.GetString(10),
                        VendorName = reader.GetString(11),
                    });
                }
            }

            if (quotes.Count > 0)
            {
                var lines = quotes.ToDictionary(q => q.Id, _ => new List<QuoteLine>());
                using var command = new NpgsqlCommand(
                    """
                    SELECT quote_id, line, part, quantity, unit, unit_price, currency, lead_time_days, valid_until, remarks
                    FROM quote_lines WHERE quote_id = ANY (@ids) ORDER BY quote_id, line;
                    """,
                    connection);
                command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = lines.Keys.ToArray() });
                using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
                while (await reader.ReadAsync(token).ConfigureAwait(false))
                {
                    lines[reader.GetInt64(0)].Add(new QuoteLine(
                        reader.GetInt32(1),
                        reader.GetString(2),
                        reader.GetDecimal(3),
                        reader.GetString(4),
                        reader.IsDBNull(5) ? null : reader.GetDecimal(5),
                        TextOrNull(reader, 6),
                        reader.IsDBNull(7) ? null : reader.GetInt32(7),
                        reader.IsDBNull(8) ? null : DateTime.SpecifyKind(reader.GetDateTime(8), DateTimeKind.Unspecified),
                        TextOrNull(reader, 9)));
                }

                foreach (var quote in quotes)
                {
                    quote.Lines = lines[quote.Id];
                }
            }

            return quotes;
        });

    private static async Task InsertQuotesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long inboundId, InboundRecord record, CancellationToken token)
    {
        if (record.DeliveryId is not long deliveryId)
        {
            return;
        }

        var ordinal = 0;
        foreach (var quote in record.Quotes)
        {
            using (var insert = new NpgsqlCommand(
                """
                INSERT INTO quotes (inbound_id, ordinal, delivery_id, file_name, sha256, saved_path, received_at, status, problems)
                VALUES (@inbound, @ordinal, @delivery, @name, @sha, @path, @received, @status, @problems)
                RETURNING id;
                """,
                connection,
                transaction))
            {
                insert.Parameters.AddWithValue("inbound", inboundId);
                insert.Parameters.AddWithValue("ordinal", ++ordinal);
                insert.Parameters.AddWithValue("delivery", deliveryId);
                insert.Parameters.AddWithValue("name", quote.FileName);
                insert.Parameters.AddWithValue("sha", quote.Sha256);
                insert.Parameters.Add(Text("path", quote.SavedPath));
                insert.Parameters.Add(Time("received", quote.ReceivedAt));
                insert.Parameters.Add(new NpgsqlParameter("status", NpgsqlDbType.Smallint) { Value = (short)quote.Status });
                insert.Parameters.AddWithValue("problems", QuoteProblems.Format(quote.Problems));
                quote.Id = Convert.ToInt64(await insert.ExecuteScalarAsync(token).ConfigureAwait(false), CultureInfo.InvariantCulture);
                quote.InboundId = inboundId;
            }

            foreach (var line in quote.Lines)
            {
                using var row = new NpgsqlCommand(
                    """
                    INSERT INTO quote_lines (quote_id, line, part, quantity, unit, unit_price, currency, lead_time_days, valid_until, remarks)
                    VALUES (@quote, @line, @part, @quantity, @unit, @price, @currency, @lead, @valid, @remarks);
                    """,
                    connection,
                    transaction);
                row.Parameters.AddWithValue("quote", quote.Id);
                row.Parameters.AddWithValue("line", line.Line);
                row.Parameters.AddWithValue("part", line.Part);
                row.Parameters.Add(new NpgsqlParameter("quantity", NpgsqlDbType.Numeric) { Value = line.Quantity });
                row.Parameters.AddWithValue("unit", line.Unit);
                row.Parameters.Add(new NpgsqlParameter("price", NpgsqlDbType.Numeric) { Value = (object?)line.UnitPrice ?? DBNull.Value });
                row.Parameters.Add(Text("currency", line.Currency));
                row.Parameters.Add(new NpgsqlParameter("lead", NpgsqlDbType.Integer) { Value = (object?)line.LeadTimeDays ?? DBNull.Value });
                row.Parameters.Add(new NpgsqlParameter("valid", NpgsqlDbType.Date) { Value = line.ValidUntil is DateTime until ? until.Date : DBNull.Value });
                row.Parameters.Add(Text("remarks", line.Remarks));
                await row.ExecuteNonQueryAsync(token).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyCollection<string>> GetRecordedSourceIdsAsync(string source, IReadOnlyCollection<string> sourceIds, CancellationToken cancellationToken) =>
        Read<IReadOnlyCollection<string>>(Array.Empty<string>(), cancellationToken, async (connection, token) =>
        {
            var found = new HashSet<string>(StringComparer.Ordinal);
            if (sourceIds.Count == 0)
            {
                return found;
            }

            using var command = new NpgsqlCommand("SELECT source_id FROM inbound_messages WHERE source = @source AND source_id = ANY (@ids);", connection);
            command.Parameters.AddWithValue("source", source);
            command.Parameters.Add(TextArray("ids", sourceIds));
            using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            while (await reader.ReadAsync(token).ConfigureAwait(false))
            {
                found.Add(reader.GetString(0));
            }

            return found;
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<InboundRecord>> GetInboundAsync(InboundQuery query, CancellationToken cancellationToken) =>
        Read<IReadOnlyList<InboundRecord>>(Array.Empty<InboundRecord>(), cancellationToken, async (connection, token) =>
        {
            var records = new List<InboundRecord>();
            using (var command = new NpgsqlCommand { Connection = connection })
            {
                var sql = new StringBuilder("""
                    SELECT m.id, m.source, m.source_id, m.message_id, m.received_at, m.recorded_at, m.sender, m.sender_name, m.subject, m.kind,
                           m.out_of_office, m.away_until, m.bounce_severity, m.bounce_status, m.bounce_recipient, m.bounce_diagnostic,
                           m.match_method, m.match_evidence, m.match_reason, m.delivery_id, m.changed_from, m.changed_to, m.new_text,
                           m.eml_path, m.assigned_by, m.assigned_at, d.rfq_number, d.vendor_key, d.vendor_name
                    FROM inbound_messages m LEFT JOIN deliveries d ON d.id = m.delivery_id
                    WHERE m.id > @after
                    """);
                command.Parameters.AddWithValue("after", query.AfterId);
                if (query.Id is long id)
                {
                    sql.Append(" AND m.id = @id");
                    command.Parameters.AddWithValue("id", id);
                }

                if (query.MessageId is not null)
                {
                    sql.Append(" AND m.message_id = @messageId");
                    command.Parameters.AddWithValue("messageId", query.MessageId);
                }

                if (query.RfqNumber is not null)
                {
                    sql.Append(" AND d.rfq_number = @number");
                    command.Parameters.AddWithValue("number", query.RfqNumber);
                }

                if (query.VendorKeys is not null)
                {
                    sql.Append(" AND lower(d.vendor_key) = ANY (SELECT lower(k) FROM unnest(@keys) k)");
                    command.Parameters.Add(TextArray("keys", query.VendorKeys));
                }

                if (query.Kinds is { Count: > 0 })
                {
                    sql.Append(" AND m.kind = ANY (@kinds)");
                    command.Parameters.Add(new NpgsqlParameter("kinds", NpgsqlDbType.Array | NpgsqlDbType.Smallint) { Value = query.Kinds.Select(k => (short)k).ToArray() });
                }

                if (query.Matched is bool matched)
                {
                    sql.Append(matched ? " AND m.delivery_id IS NOT NULL" : " AND m.delivery_id IS NULL");
                }

                sql.Append(" ORDER BY m.id");
                if (query.Max is int max)
                {
                    sql.Append(" LIMIT @max");
                    command.Parameters.AddWithValue("max", max);
                }

                command.CommandText = sql.Append(';').ToString();
                using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
                while (await reader.ReadAsync(token).ConfigureAwait(false))
                {
                    records.Add(new InboundRecord
                    {
                        Id = reader.GetInt64(0),
                        Source = reader.GetString(1),
                        SourceId = reader.GetString(2),
                        MessageId = TextOrNull(reader, 3),
                        ReceivedAt = reader.GetFieldValue<DateTimeOffset>(4),
                        RecordedAt = reader.GetFieldValue<DateTimeOffset>(5),
                        From = TextOrNull(reader, 6),
                        FromName = TextOrNull(reader, 7),
                        Subject = reader.GetString(8),
                        Kind = (Responses.ReplyKind)reader.GetInt16(9),
                        IsOutOfOffice = reader.GetBoolean(10),
                        AwayUntil = reader.IsDBNull(11) ? null : DateTime.SpecifyKind(reader.GetDateTime(11), DateTimeKind.Unspecified),
                        BounceSeverity = (Responses.BounceSeverity)reader.GetInt16(12),
                        BounceStatus = TextOrNull(reader, 13),
                        BounceRecipient = TextOrNull(reader, 14),
                        BounceDiagnostic = TextOrNull(reader, 15),
                        MatchMethod = (Responses.ReplyMatchMethod)reader.GetInt16(16),
                        MatchEvidence = TextOrNull(reader, 17),
                        MatchReason = TextOrNull(reader, 18),
                        DeliveryId = reader.IsDBNull(19) ? null : reader.GetInt64(19),
                        ChangedFrom = reader.IsDBNull(20) ? null : (DeliveryState)reader.GetInt16(20),
                        ChangedTo = reader.IsDBNull(21) ? null : (DeliveryState)reader.GetInt16(21),
                        NewText = TextOrNull(reader, 22),
                        EmlPath = TextOrNull(reader, 23),
                        AssignedBy = TextOrNull(reader, 24),
                        AssignedAt = TimeOrNull(reader, 25),
                        RfqNumber = TextOrNull(reader, 26),
                        VendorKey = TextOrNull(reader, 27),
                        VendorName = TextOrNull(reader, 28),
                    });
                }
            }

            if (records.Count > 0)
            {
                var byId = records.ToDictionary(r => r.Id, _ => new List<InboundAttachmentRecord>());
                using var command = new NpgsqlCommand(
                    "SELECT inbound_id, file_name, content_type, size, sha256, saved_path FROM inbound_attachments WHERE inbound_id = ANY (@ids) ORDER BY inbound_id, ordinal;",
                    connection);
                command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = byId.Keys.ToArray() });
                using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
                while (await reader.ReadAsync(token).ConfigureAwait(false))
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

            return records;
        });

    /// <inheritdoc />
    public Task<bool> AssignInboundAsync(InboundAssignment assignment, CancellationToken cancellationToken) =>
        Write(cancellationToken, async (connection, attempt, token) =>
        {
            using var transaction = await BeginAsync(connection, token).ConfigureAwait(false);
            using var update = new NpgsqlCommand("""
                UPDATE inbound_messages
                SET delivery_id = @delivery, match_method = @method, match_evidence = NULL, match_reason = @reason,
                    assigned_by = @by, assigned_at = @at
                WHERE id = @id AND delivery_id IS NULL AND EXISTS (SELECT 1 FROM deliveries WHERE id = @delivery);
                """, connection, transaction);
            update.Parameters.AddWithValue("delivery", assignment.DeliveryId);
            update.Parameters.Add(new NpgsqlParameter("method", NpgsqlDbType.Smallint) { Value = (short)Responses.ReplyMatchMethod.Assigned });
            update.Parameters.Add(Text("reason", assignment.Reason));
            update.Parameters.AddWithValue("by", assignment.AssignedBy);
            update.Parameters.Add(Time("at", assignment.At));
            update.Parameters.AddWithValue("id", assignment.InboundId);
            if (await update.ExecuteNonQueryAsync(token).ConfigureAwait(false) != 1)
            {
                await transaction.RollbackAsync(token).ConfigureAwait(false);

                // A retry after a commit whose answer was lost finds this very assignment made.
                if (attempt == 1)
                {
                    return false;
                }

                using var check = new NpgsqlCommand("SELECT 1 FROM inbound_messages WHERE id = @id AND delivery_id = @delivery AND assigned_by = @by AND assigned_at = @at;", connection);
                check.Parameters.AddWithValue("id", assignment.InboundId);
                check.Parameters.AddWithValue("delivery", assignment.DeliveryId);
                check.Parameters.AddWithValue("by", assignment.AssignedBy);
                check.Parameters.Add(Time("at", assignment.At));
                return await check.ExecuteScalarAsync(token).ConfigureAwait(false) is not null;
            }

            if (assignment.Change is DeliveryStateChange change && await ExecuteChangeAsync(connection, transaction, change, token).ConfigureAwait(false))
            {
                await MarkChangedAsync(connection, transaction, assignment.InboundId, change, token).ConfigureAwait(false);
            }

            await transaction.CommitAsync(token).ConfigureAwait(false);
            return true;
        });

    /// <inheritdoc />
    public Task<SourceReadState?> GetSourceStateAsync(string source, string folder, CancellationToken cancellationToken) =>
        Read<SourceReadState?>(null, cancellationToken, async (connection, token) =>
        {
            using var command = new NpgsqlCommand("SELECT uid_validity, last_uid, delta_link, updated_at FROM source_states WHERE source = @source AND folder = @folder;", connection);
            command.Parameters.AddWithValue("source", source);
            command.Parameters.AddWithValue("folder", folder ?? string.Empty);
            using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            return await reader.ReadAsync(token).ConfigureAwait(false)
                ? new SourceReadState
                {
                    Source = source,
                    Folder = folder ?? string.Empty,
                    UidValidity = reader.IsDBNull(0) ? null : reader.GetInt64(0),
                    LastUid = reader.IsDBNull(1) ? null : reader.GetInt64(1),
                    DeltaLink = TextOrNull(reader, 2),
                    UpdatedAt = reader.GetFieldValue<DateTimeOffset>(3),
                }
                : null;
        });

    /// <inheritdoc />
    public Task SaveSourceStateAsync(SourceReadState state, CancellationToken cancellationToken) =>
        Write(cancellationToken, async (connection, _, token) =>
        {
            using var command = new NpgsqlCommand("""
                INSERT INTO source_states (source, folder, uid_validity, last_uid, delta_link, updated_at)
                VALUES (@source, @folder, @validity, @uid, @delta, @at)
                ON CONFLICT (source, folder) DO UPDATE SET
                    uid_validity = excluded.uid_validity, last_uid = excluded.last_uid, delta_link = excluded.delta_link, updated_at = excluded.updated_at;
                """, connection);
            command.Parameters.AddWithValue("source", state.Source);
            command.Parameters.AddWithValue("folder", state.Folder ?? string.Empty);
            command.Parameters.Add(new NpgsqlParameter("validity", NpgsqlDbType.Bigint) { Value = (object?)state.UidValidity ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("uid", NpgsqlDbType.Bigint) { Value = (object?)state.LastUid ?? DBNull.Value });
            command.Parameters.Add(Text("delta", state.DeltaLink));
            command.Parameters.Add(Time("at", state.UpdatedAt));
            return await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        });

    /// <inheritdoc />
    public void Dispose() => _source.Dispose();

    /// <summary>Runs <paramref name="work"/> on a pooled connection, trying again on a transient fault until <paramref name="retryFor"/> has passed.</summary>
    private static async Task<T> Retry<T>(string description, TimeSpan retryFor, Func<int, Task<T>> work, CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        var delay = TimeSpan.FromMilliseconds(100);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await work(attempt).ConfigureAwait(false);
            }
            catch (Exception ex) when (PostgreSqlFaults.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                var elapsed = TimeProvider.System.GetElapsedTime(started);
                if (elapsed + delay > retryFor)
                {
                    throw new RfqSenderException(
                        FailureKind.Store,
                        $"The store '{description}' is unreachable: {Describe(ex)} (tried {attempt} times over {elapsed.TotalSeconds:0} s). Nothing more was recorded; claims held by this run expire and are taken over by the next sender.",
                        ex);
                }

                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
            catch (PostgresException ex)
            {
                throw new RfqSenderException(FailureKind.Store, $"The store '{description}' failed: {Describe(ex)}", ex);
            }
            catch (NpgsqlException ex)
            {
                throw new RfqSenderException(FailureKind.Store, $"The store '{description}' failed: {Describe(ex)}", ex);
            }
        }
    }

    /// <summary>The failure in words, without anything a connection string might hold.</summary>
    private static string Describe(Exception exception) => exception switch
    {
        PostgresException pg => $"{pg.SqlState}: {pg.MessageText}",
        _ when exception.InnerException is { } inner && exception.Message.Length == 0 => inner.Message,
        _ => exception.Message,
    };

    private static async Task<NpgsqlTransaction> BeginAsync(NpgsqlConnection connection, CancellationToken token)
    {
#if NET8_0_OR_GREATER
        return await connection.BeginTransactionAsync(token).ConfigureAwait(false);
#else
        // Npgsql 8 for netstandard2.0 begins a transaction synchronously (it sends nothing until the first command).
        await Task.CompletedTask.ConfigureAwait(false);
        token.ThrowIfCancellationRequested();
        return connection.BeginTransaction();
#endif
    }

    private static NpgsqlParameter State(string name, DeliveryState state) => new(name, NpgsqlDbType.Smallint) { Value = (short)state };

    private static NpgsqlParameter Text(string name, string? value) => new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    private static NpgsqlParameter Time(string name, DateTimeOffset? value) =>
        new(name, NpgsqlDbType.TimestampTz) { Value = value is DateTimeOffset v ? v.ToUniversalTime() : DBNull.Value };

    private static NpgsqlParameter TextArray(string name, IEnumerable<string>? values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values is null ? DBNull.Value : values.ToArray() };

    private static DeliveryRecord ReadDelivery(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        RfqNumber = reader.GetString(1),
        VendorKey = reader.GetString(2),
        VendorName = reader.GetString(3),
        To = new TextList(reader.GetFieldValue<string[]>(4)),
        Cc = new TextList(reader.GetFieldValue<string[]>(5)),
        Categories = new TextList(reader.GetFieldValue<string[]>(6)),
        State = (DeliveryState)reader.GetInt16(7),
        Attempts = reader.GetInt32(8),
        MessageId = reader.GetString(9),
        Detail = reader.IsDBNull(10) ? null : reader.GetString(10),
        SentAt = TimeOrNull(reader, 11),
        NextAttemptAt = TimeOrNull(reader, 12),
        LeaseOwner = reader.IsDBNull(13) ? null : reader.GetString(13),
        LeaseExpiresAt = TimeOrNull(reader, 14),
        CreatedAt = reader.GetFieldValue<DateTimeOffset>(15),
        UpdatedAt = reader.GetFieldValue<DateTimeOffset>(16),
        RfqVersion = reader.IsDBNull(17) ? null : reader.GetInt32(17),
        PendingRecipients = reader.IsDBNull(18) ? TextList.Empty : new TextList(reader.GetFieldValue<string[]>(18)),
        Reminders = reader.GetInt32(reader.GetOrdinal("reminders_sent")),
        LastReminderAt = TimeOrNull(reader, reader.GetOrdinal("last_reminder_at")),
        ReminderPending = reader.IsDBNull(reader.GetOrdinal("reminder_pending")) ? null : reader.GetInt32(reader.GetOrdinal("reminder_pending")),
    };

    /// <summary>The last change by hand selected beside a delivery's columns (ordinals 19 to 23), or null.</summary>
    private static DeliveryChange? ReadLastChange(NpgsqlDataReader reader, DeliveryRecord record) =>
        reader.IsDBNull(19)
            ? null
            : new DeliveryChange
            {
                RfqNumber = record.RfqNumber,
                VendorKey = record.VendorKey,
                VendorName = record.VendorName,
                From = (DeliveryState)reader.GetInt16(19),
                To = (DeliveryState)reader.GetInt16(20),
                ChangedBy = reader.GetString(21),
                Reason = reader.IsDBNull(22) ? null : reader.GetString(22),
                ChangedAt = reader.GetFieldValue<DateTimeOffset>(23),
            };

    private static DateTimeOffset? TimeOrNull(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    private static async Task ReadClaimedAsync(NpgsqlCommand command, List<ClaimedDelivery> claimed, CancellationToken token)
    {
        using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
        while (await reader.ReadAsync(token).ConfigureAwait(false))
        {
            claimed.Add(VendorSnapshot.TryDeserialize(reader.GetString(19), out var vendor, out var problem)
                ? new ClaimedDelivery(ReadDelivery(reader), vendor)
                : new ClaimedDelivery(ReadDelivery(reader), problem));
        }
    }

    private static async Task<int> UpsertAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string rfqNumber,
        IReadOnlyList<(Vendor Vendor, string Snapshot, string MessageId)> rows,
        DateTimeOffset now,
        bool insert,
        CancellationToken token)
    {
        // One statement for the whole batch: the rows travel as parallel arrays, address lists and
        // categories as JSON arrays (arrays of arrays cannot be unnested row by row).
        const string Input = """
            WITH input AS (
                SELECT * FROM unnest(@keys, @names, @tos, @ccs, @categories, @vendors, @messageIds)
                    AS t(vendor_key, vendor_name, to_json, cc_json, categories_json, vendor, message_id))
            """;
        const string Arrays = """
            ARRAY(SELECT jsonb_array_elements_text(i.to_json::jsonb)), ARRAY(SELECT jsonb_array_elements_text(i.cc_json::jsonb)),
            ARRAY(SELECT jsonb_array_elements_text(i.categories_json::jsonb))
            """;
        var sql = insert
            ? $"""
                {Input}
                INSERT INTO deliveries (rfq_number, vendor_key, vendor_name, to_addresses, cc_addresses, categories, vendor,
                                        message_id, state, attempts, created_at, updated_at)
                SELECT @number, i.vendor_key, i.vendor_name, {Arrays}, i.vendor, i.message_id, @queued, 0, @now, @now
                FROM input i
                ON CONFLICT (rfq_number, lower(vendor_key)) DO NOTHING;
                """
            : $"""
                {Input}
                UPDATE deliveries d
                SET vendor_name = i.vendor_name,
                    to_addresses = ARRAY(SELECT jsonb_array_elements_text(i.to_json::jsonb)),
                    cc_addresses = ARRAY(SELECT jsonb_array_elements_text(i.cc_json::jsonb)),
                    categories = ARRAY(SELECT jsonb_array_elements_text(i.categories_json::jsonb)),
                    vendor = i.vendor, updated_at = @now
                FROM input i
                WHERE d.rfq_number = @number AND lower(d.vendor_key) = lower(i.vendor_key) AND d.state IN (@queued, @deferred);
                """;
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("number", rfqNumber);
        command.Parameters.Add(TextArray("keys", rows.Select(r => r.Vendor.Key)));
        command.Parameters.Add(TextArray("names", rows.Select(r => r.Vendor.Name)));
        command.Parameters.Add(TextArray("tos", rows.Select(r => Json(r.Vendor.To.Select(c => c.Mailbox.Address)))));
        command.Parameters.Add(TextArray("ccs", rows.Select(r => Json(r.Vendor.Cc.Select(c => c.Mailbox.Address)))));
        command.Parameters.Add(TextArray("categories", rows.Select(r => Json(r.Vendor.Categories))));
        command.Parameters.Add(TextArray("vendors", rows.Select(r => r.Snapshot)));
        command.Parameters.Add(TextArray("messageIds", rows.Select(r => r.MessageId)));
        command.Parameters.Add(State("queued", DeliveryState.Queued));
        command.Parameters.Add(State("deferred", DeliveryState.Deferred));
        command.Parameters.Add(Time("now", now));
        return await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
    }

    private static string Json(IEnumerable<string> values)
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

    /// <summary>Executes a decided change and records it, inside <paramref name="transaction"/>, while the delivery is still in its From state.</summary>
    private static async Task<bool> ExecuteChangeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DeliveryStateChange change, CancellationToken token)
    {
        using var update = new NpgsqlCommand("""
            UPDATE deliveries
            SET state = @to,
                attempts = CASE WHEN @resetAttempts THEN 0 ELSE attempts END,
                next_attempt_at = NULL,
                detail = coalesce(@detail, detail),
                pending_recipients = CASE WHEN @clearPending THEN NULL ELSE pending_recipients END,
                sent_at = coalesce(sent_at, @sentAt),
                rfq_version = CASE WHEN @recordVersion AND rfq_version IS NULL
                    THEN (SELECT version FROM campaigns c WHERE c.rfq_number = deliveries.rfq_number) ELSE rfq_version END,
                in_flight = false, lease_owner = NULL, lease_expires = NULL, lease_claim = NULL, updated_at = @at
            WHERE id = @id AND rfq_number = @number AND state = @from;
            """, connection, transaction);
        update.Parameters.Add(State("to", change.To));
        update.Parameters.Add(State("from", change.From));
        update.Parameters.AddWithValue("resetAttempts", change.ResetAttempts);
        update.Parameters.AddWithValue("clearPending", change.ClearPendingRecipients);
        update.Parameters.Add(Text("detail", change.Detail));
        update.Parameters.Add(Time("sentAt", change.SentAtIfMissing));
        update.Parameters.AddWithValue("recordVersion", change.RecordRfqVersion);
        update.Parameters.Add(Time("at", change.At));
        update.Parameters.AddWithValue("id", change.DeliveryId);
        update.Parameters.AddWithValue("number", change.RfqNumber);
        if (await update.ExecuteNonQueryAsync(token).ConfigureAwait(false) != 1)
        {
            return false;
        }

        using var record = new NpgsqlCommand("""
            INSERT INTO delivery_changes (delivery_id, from_state, to_state, changed_by, reason, changed_at)
            VALUES (@id, @from, @to, @by, @reason, @at);
            """, connection, transaction);
        record.Parameters.AddWithValue("id", change.DeliveryId);
        record.Parameters.Add(State("from", change.From));
        record.Parameters.Add(State("to", change.To));
        record.Parameters.AddWithValue("by", change.ChangedBy);
        record.Parameters.Add(Text("reason", change.Reason));
        record.Parameters.Add(Time("at", change.At));
        await record.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        return true;
    }

    /// <summary>Notes on an inbound message the change recording it made.</summary>
    private static async Task MarkChangedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long inboundId, DeliveryStateChange change, CancellationToken token)
    {
        using var changed = new NpgsqlCommand("UPDATE inbound_messages SET changed_from = @from, changed_to = @to WHERE id = @id;", connection, transaction);
        changed.Parameters.Add(State("from", change.From));
        changed.Parameters.Add(State("to", change.To));
        changed.Parameters.AddWithValue("id", inboundId);
        await changed.ExecuteNonQueryAsync(token).ConfigureAwait(false);
    }

    private static string? TextOrNull(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static async Task<bool> HoldsAsync(NpgsqlConnection connection, long id, DeliveryState state, DateTimeOffset at, CancellationToken token)
    {
        using var check = new NpgsqlCommand("SELECT 1 FROM deliveries WHERE id = @id AND state = @state AND updated_at = @at AND lease_owner IS NULL;", connection);
        check.Parameters.AddWithValue("id", id);
        check.Parameters.Add(State("state", state));
        check.Parameters.Add(Time("at", at));
        return await check.ExecuteScalarAsync(token).ConfigureAwait(false) is not null;
    }

    private static async Task<bool> ChangeRecordedAsync(NpgsqlConnection connection, DeliveryStateChange change, CancellationToken token)
    {
        using var check = new NpgsqlCommand("""
            SELECT 1 FROM delivery_changes
            WHERE id = (SELECT max(id) FROM delivery_changes WHERE delivery_id = @id)
              AND to_state = @to AND from_state = @from AND changed_by = @by AND changed_at = @at;
            """, connection);
        check.Parameters.AddWithValue("id", change.DeliveryId);
        check.Parameters.Add(State("to", change.To));
        check.Parameters.Add(State("from", change.From));
        check.Parameters.AddWithValue("by", change.ChangedBy);
        check.Parameters.Add(Time("at", change.At));
        return await check.ExecuteScalarAsync(token).ConfigureAwait(false) is not null;
    }

    /// <summary>The claimed (Sending) deliveries of a campaign matching <paramref name="filter"/>, locked; rows another sender is changing now are skipped.</summary>
    private static async Task<List<DeliveryLease>> ReadLeasesAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string filter,
        Action<NpgsqlCommand> parameters,
        CancellationToken token)
    {
        using var select = new NpgsqlCommand(
            $"SELECT id, lease_owner, lease_expires, in_flight, attempts FROM deliveries WHERE state = @sending AND {filter} ORDER BY id FOR UPDATE SKIP LOCKED;",
            connection,
            transaction);
        select.Parameters.Add(State("sending", DeliveryState.Sending));
        parameters(select);
        var leases = new List<DeliveryLease>();
        using var reader = await select.ExecuteReaderAsync(token).ConfigureAwait(false);
        while (await reader.ReadAsync(token).ConfigureAwait(false))
        {
            leases.Add(new DeliveryLease(
                reader.GetInt64(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                TimeOrNull(reader, 2),
                reader.GetBoolean(3),
                reader.GetInt32(4)));
        }

        return leases;
    }

    /// <summary>Writes a decision of <see cref="DeliveryLeaseRules"/> and ends the claim, while it is still the one read.</summary>
    private static async Task EndLeaseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DeliveryLease lease, DeliveryLeaseDecision decision, DateTimeOffset now, CancellationToken token)
    {
        // A claim that ends as an attempt (its message may have gone out) is logged like a completion, in
        // the same statement, unless it was a reminder's: reminders are not attempts of the RFQ.
        using var update = new NpgsqlCommand("""
            WITH ended AS (
                UPDATE deliveries
                SET state = @state, attempts = @attempts, detail = coalesce(@detail, detail),
                    lease_owner = NULL, lease_expires = NULL, lease_claim = NULL, in_flight = false, updated_at = @now
                WHERE id = @id AND state = @sending AND lease_owner IS NOT DISTINCT FROM @owner
                RETURNING id, attempts, state, detail, reminder_pending)
            INSERT INTO delivery_attempts (delivery_id, number, state, detail, at, sender)
            SELECT id, attempts, state, detail, @now, @owner FROM ended WHERE @log AND reminder_pending IS NULL;
            """, connection, transaction);
        update.Parameters.AddWithValue("log", DeliveryLeaseRules.CountsAttempt(lease, decision));
        update.Parameters.Add(State("state", decision.State));
        update.Parameters.AddWithValue("attempts", decision.Attempts);
        update.Parameters.Add(Text("detail", decision.Detail));
        update.Parameters.Add(Time("now", now));
        update.Parameters.AddWithValue("id", lease.DeliveryId);
        update.Parameters.Add(State("sending", DeliveryState.Sending));
        update.Parameters.Add(Text("owner", lease.Owner));
        await update.ExecuteNonQueryAsync(token).ConfigureAwait(false);
    }

    private Task<RecoveryResult> RecoverAsync(
        string rfqNumber,
        string filter,
        Action<NpgsqlCommand> parameters,
        Func<DeliveryLease, bool> recoverable,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (!_exists)
        {
            return Task.FromResult(new RecoveryResult(0, 0));
        }

        return Write(cancellationToken, async (connection, _, token) =>
        {
            using var transaction = await BeginAsync(connection, token).ConfigureAwait(false);
            var leases = await ReadLeasesAsync(
                connection,
                transaction,
                "rfq_number = @number AND " + filter,
                select =>
                {
                    select.Parameters.AddWithValue("number", rfqNumber);
                    parameters(select);
                },
                token).ConfigureAwait(false);
            int inDoubt = 0, requeued = 0;
            foreach (var lease in leases.Where(recoverable))
            {
                var decision = DeliveryLeaseRules.Recover(lease);
                await EndLeaseAsync(connection, transaction, lease, decision, now, token).ConfigureAwait(false);
                if (decision.State == DeliveryState.InDoubt)
                {
                    inDoubt++;
                }
                else
                {
                    requeued++;
                }
            }

            await transaction.CommitAsync(token).ConfigureAwait(false);
            return new RecoveryResult(inDoubt, requeued);
        });
    }

    private async Task EnsureCampaignExistsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string rfqNumber, CancellationToken token)
    {
        using var command = new NpgsqlCommand("SELECT 1 FROM campaigns WHERE rfq_number = @number;", connection, transaction);
        command.Parameters.AddWithValue("number", rfqNumber);
        if (await command.ExecuteScalarAsync(token).ConfigureAwait(false) is null)
        {
            throw new RfqSenderException($"The campaign '{rfqNumber}' is not registered in the store '{Description}'.");
        }
    }

    /// <summary>A write: refused while the store has no tables; retried on a transient fault (the attempt number is passed in).</summary>
    private Task<T> Write<T>(CancellationToken cancellationToken, Func<NpgsqlConnection, int, CancellationToken, Task<T>> work)
    {
        if (!_exists)
        {
            return Task.FromException<T>(new RfqSenderException($"The store '{Description}' does not exist and was opened without creating it; nothing can be recorded in it."));
        }

        return Retry(Description, _retryFor, async attempt =>
        {
            using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return await work(connection, attempt, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>A read: <paramref name="empty"/> while the store has no tables; retried on a transient fault.</summary>
    private Task<T> Read<T>(T empty, CancellationToken cancellationToken, Func<NpgsqlConnection, CancellationToken, Task<T>> work)
    {
        if (!_exists)
        {
            return Task.FromResult(empty);
        }

        return Retry(Description, _retryFor, async _ =>
        {
            using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return await work(connection, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }
}
