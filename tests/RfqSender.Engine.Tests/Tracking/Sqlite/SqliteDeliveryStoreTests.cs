using Microsoft.Data.Sqlite;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tracking.Sqlite;

namespace RfqSender.Engine.Tests.Tracking.Sqlite;

/// <summary>What only the SQLite store does: its file, schema, migrations and file errors. The rest is <see cref="SqliteDeliveryStoreContractTests"/>.</summary>
public sealed class SqliteDeliveryStoreTests : IDisposable
{
    private readonly TestFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private SqliteDeliveryStore Open() => SqliteDeliveryStore.Open(_temp.Combine("store", "rfq.db"));

    [Fact]
    public async Task Creates_the_schema_with_wal_and_indexes()
    {
        using (var store = Open())
        {
            await store.RegisterCampaignAsync(SendFixture.CreateRfq(), CancellationToken.None);
        }

        using var connection = new SqliteConnection($"Data Source={_temp.Combine("store", "rfq.db")}");
        connection.Open();
        Assert.Equal(SqliteSchema.CurrentVersion, SqliteSchema.ReadVersion(connection));
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", command.ExecuteScalar());
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix_%' ORDER BY name;";
        var indexes = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                indexes.Add(reader.GetString(0));
            }
        }

        Assert.Equal(new[] { "ix_audit_entries_rfq", "ix_deliveries_dispatch", "ix_deliveries_message_id", "ix_deliveries_page", "ix_deliveries_sent_at", "ix_delivery_attempts_delivery", "ix_delivery_changes_delivery", "ix_inbound_messages_delivery", "ix_quotes_delivery", "ix_reminder_attempts_delivery", "ix_send_slots_identity_at" }, indexes);
    }

    [Fact]
    public async Task A_store_newer_than_this_build_is_refused_with_a_clear_error()
    {
        var path = _temp.Combine("future.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99;";
            command.ExecuteNonQuery();
        }

        var ex = Assert.Throws<RfqSenderException>(() => SqliteDeliveryStore.Open(path));
        Assert.Contains("schema version 99", ex.Message);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public async Task Reopening_a_store_does_not_rerun_migrations()
    {
        using (var store = Open())
        {
            await store.RegisterCampaignAsync(SendFixture.CreateRfq(), CancellationToken.None);
        }

        using (var store = Open())
        {
            Assert.Single(await store.GetCampaignsAsync(null, CancellationToken.None));
        }

        using var connection = new SqliteConnection($"Data Source={_temp.Combine("store", "rfq.db")};Pooling=False");
        connection.Open();
        Assert.Equal(SqliteSchema.CurrentVersion, SqliteSchema.ReadVersion(connection));
    }

    [Fact]
    public void A_store_opened_without_creating_it_creates_no_file_or_folder()
    {
        using var store = SqliteDeliveryStore.Open(_temp.Combine("missing", "rfq.db"), createIfMissing: false);

        Assert.False(store.Exists);
        Assert.Equal(_temp.Combine("missing", "rfq.db"), store.Path);
        Assert.False(Directory.Exists(_temp.Combine("missing")));
    }

    [Fact]
    public void A_folder_that_cannot_be_created_is_refused_naming_the_store_and_how_to_choose_another()
    {
        File.WriteAllText(_temp.Combine("file"), "not a folder");
        var path = _temp.Combine("file", "rfq.db");

        var ex = Assert.Throws<RfqSenderException>(() => SqliteDeliveryStore.Open(path));

        Assert.Contains(path, ex.Message);
        Assert.Contains("-StorePath", ex.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_store_is_refused_naming_it()
    {
        var path = _temp.Combine("notes.db");
        File.WriteAllText(path, "these are my notes, not a database; they are long enough to fill the SQLite header");

        var ex = Assert.Throws<RfqSenderException>(() => SqliteDeliveryStore.Open(path));

        Assert.Contains(path, ex.Message);
        Assert.Equal("these are my notes, not a database; they are long enough to fill the SQLite header", File.ReadAllText(path));
    }

    [Fact]
    public async Task A_store_of_schema_version_5_counts_what_it_sent_in_the_last_day_against_the_limits()
    {
        var path = _temp.Combine("store", "rfq.db");
        var now = DateTimeOffset.UtcNow;
        using (var store = Open())
        {
            await store.RegisterCampaignAsync(SendFixture.CreateRfq(), CancellationToken.None);
            await store.RegisterVendorsAsync("RFQ-T-1", new[]
            {
                TestVendors.Create("a", "A", "a@a.example", cc: "a2@a.example"),
                TestVendors.Create("b", "B", "b@b.example"),
                TestVendors.Create("c", "C", "c@c.example"),
            }, v => "id." + v.Key, CancellationToken.None);
            var claimed = await store.ClaimAsync(new Engine.Tracking.ClaimRequest("RFQ-T-1", "me", 3, TimeSpan.FromMinutes(5), now), CancellationToken.None);
            await store.CompleteAsync(new Engine.Tracking.DeliveryCompletion(claimed[0].Record.Id, "me", Engine.Tracking.DeliveryState.Sent, null, now.AddSeconds(-10)), CancellationToken.None);
            await store.CompleteAsync(new Engine.Tracking.DeliveryCompletion(claimed[1].Record.Id, "me", Engine.Tracking.DeliveryState.Sent, null, now.AddHours(-2)), CancellationToken.None);
            await store.CompleteAsync(new Engine.Tracking.DeliveryCompletion(claimed[2].Record.Id, "me", Engine.Tracking.DeliveryState.Sent, null, now.AddDays(-2)), CancellationToken.None);
        }

        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = DropReminders + "DROP TABLE store_secrets; DROP TABLE source_states; DROP TABLE inbound_attachments; DROP TABLE inbound_messages; DROP TABLE send_slots; PRAGMA user_version = 5;";
            command.ExecuteNonQuery();
        }

        using var migrated = Open();
        Engine.Tracking.SendSlotRequest Request(int? perMinute, int? perDay) => new("PURCHASING@contoso.example", 1, now) { MessagesPerMinute = perMinute, RecipientsPerDay = perDay };

        // The delivery of 10 s ago fills a limit of one a minute; the two of the last day (three
        // recipients) leave room for exactly one more under a limit of four a day.
        Assert.False((await migrated.TakeSendSlotAsync(Request(1, null), CancellationToken.None)).Granted);
        Assert.True((await migrated.TakeSendSlotAsync(Request(null, 4), CancellationToken.None)).Granted);
        Assert.False((await migrated.TakeSendSlotAsync(Request(null, 4), CancellationToken.None)).Granted);
    }

    [Fact]
    public async Task A_store_of_schema_version_6_gains_the_inbound_tables_and_keeps_its_deliveries()
    {
        using var migrated = await DowngradedAsync(1, DropReminders + "DROP TABLE store_secrets; DROP TABLE source_states; DROP TABLE inbound_attachments; DROP TABLE inbound_messages; PRAGMA user_version = 6;");
        var delivery = (await migrated.GetDeliveriesAsync(new Engine.Tracking.DeliveryQuery("RFQ-T-1"), CancellationToken.None)).Single();
        var recorded = await migrated.RecordInboundAsync(
            new Engine.Tracking.InboundRecord { Source = "folder:/r", SourceId = "1.eml", Subject = "RE", DeliveryId = delivery.Id, ReceivedAt = DateTimeOffset.UtcNow, RecordedAt = DateTimeOffset.UtcNow },
            null,
            CancellationToken.None);
        Assert.True(recorded.Recorded);
        Assert.Equal(SqliteSchema.CurrentVersion, StoreVersion());
    }

    [Fact]
    public async Task A_store_of_schema_version_7_gains_the_reminder_columns_with_none_sent_and_keeps_its_deliveries()
    {
        using var migrated = await DowngradedAsync(2, DropReminders + "PRAGMA user_version = 7;");
        var deliveries = await migrated.GetDeliveriesAsync(new Engine.Tracking.DeliveryQuery("RFQ-T-1"), CancellationToken.None);
        Assert.Equal(2, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal((0, (DateTimeOffset?)null, (int?)null), (d.Reminders, d.LastReminderAt, d.ReminderPending)));
        Assert.Empty(await migrated.GetReminderAttemptsAsync("RFQ-T-1", CancellationToken.None));
        Assert.Equal(SqliteSchema.CurrentVersion, StoreVersion());
    }

    [Fact]
    public async Task A_store_of_schema_version_9_gains_the_pause_and_the_audit_and_keeps_its_deliveries_unpaused()
    {
        using var migrated = await DowngradedAsync(3, DropPauseAndAudit + "PRAGMA user_version = 9;");
        var campaign = (await migrated.GetCampaignsAsync("RFQ-T-1", CancellationToken.None)).Single();
        Assert.Equal((3, false), (campaign.Queued, campaign.IsPaused));
        Assert.Equal(3, (await migrated.GetDeliveryPageAsync(new Engine.Tracking.DeliveryPageQuery("RFQ-T-1") { Limit = 2 }, CancellationToken.None)).Total);
        Assert.True((await migrated.SetCampaignPausedAsync("RFQ-T-1", true, "ann", null, CancellationToken.None))!.IsPaused);
        await migrated.RecordAuditAsync(new Engine.Tracking.AuditEntry { User = "ann", Action = "pause", RfqNumber = "RFQ-T-1" }, CancellationToken.None);
        Assert.Single(await migrated.GetAuditAsync("RFQ-T-1", 5, CancellationToken.None));
        Assert.Equal(SqliteSchema.CurrentVersion, StoreVersion());
    }

    [Fact]
    public async Task A_store_of_schema_version_10_gains_the_send_attempts_empty_and_logs_the_next_completion()
    {
        using var migrated = await DowngradedAsync(2, DropAttempts + "PRAGMA user_version = 10;");
        Assert.Empty(await migrated.GetDeliveryAttemptsAsync("RFQ-T-1", null, CancellationToken.None));
        var now = DateTimeOffset.UtcNow;
        var claimed = await migrated.ClaimAsync(new Engine.Tracking.ClaimRequest("RFQ-T-1", "me", 1, TimeSpan.FromMinutes(5), now), CancellationToken.None);
        Assert.True(await migrated.CompleteAsync(new Engine.Tracking.DeliveryCompletion(claimed[0].Record.Id, "me", Engine.Tracking.DeliveryState.Sent, "250", now), CancellationToken.None));
        Assert.Equal("250", Assert.Single(await migrated.GetDeliveryAttemptsAsync("RFQ-T-1", null, CancellationToken.None)).Detail);
        Assert.Equal(SqliteSchema.CurrentVersion, StoreVersion());
    }

    /// <summary>What a store of version 10 did not have: the send attempts (version 11).</summary>
    private const string DropAttempts = "DROP TABLE delivery_attempts; ";

    /// <summary>What a store of version 9 did not have: the pause, the audit and the page index (version 10), and what came after.</summary>
    private const string DropPauseAndAudit = DropAttempts +
        "DROP TABLE audit_entries; DROP INDEX ix_deliveries_page; ALTER TABLE campaigns DROP COLUMN paused_at; ALTER TABLE campaigns DROP COLUMN paused_by; ALTER TABLE campaigns DROP COLUMN pause_reason; ";

    /// <summary>What a store of version 7 did not have: the reminders (version 8), the quotes (version 9) and what came after.</summary>
    private const string DropReminders = DropPauseAndAudit +
        "DROP TABLE quote_lines; DROP TABLE quotes; DROP TABLE reminder_attempts; ALTER TABLE deliveries DROP COLUMN reminders_sent; ALTER TABLE deliveries DROP COLUMN last_reminder_at; ALTER TABLE deliveries DROP COLUMN reminder_pending; ";

    /// <summary>A store with <paramref name="vendors"/> registered, taken back to an older schema by <paramref name="downgrade"/>, then opened (migrated) again.</summary>
    private async Task<SqliteDeliveryStore> DowngradedAsync(int vendors, string downgrade)
    {
        using (var store = Open())
        {
            await store.RegisterCampaignAsync(SendFixture.CreateRfq(), CancellationToken.None);
            await store.RegisterVendorsAsync("RFQ-T-1", TestVendors.Many(vendors), v => "id." + v.Key, CancellationToken.None);
        }

        using (var connection = new SqliteConnection($"Data Source={_temp.Combine("store", "rfq.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = downgrade;
            command.ExecuteNonQuery();
        }

        return Open();
    }

    private int StoreVersion()
    {
        using var check = new SqliteConnection($"Data Source={_temp.Combine("store", "rfq.db")};Pooling=False");
        check.Open();
        return SqliteSchema.ReadVersion(check);
    }
}
