using RfqSender.Engine.Sending;
using RfqSender.Engine.Settings;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tracking;
using RfqSender.Engine.Tracking.PostgreSql;

namespace RfqSender.Engine.Tests.Tracking.PostgreSql;

/// <summary>
/// What only the shared store does: its roles, its migrations under concurrency, its clock, its
/// secrets, and its behaviour when the database goes away. The rest is the store contract
/// (<see cref="PostgreSqlDeliveryStoreContractTests"/>).
/// </summary>
public sealed class PostgreSqlDeliveryStoreTests : IDisposable
{
    private readonly List<string> _schemas = new();
    private PostgreSqlTestServer? _server;

    private PostgreSqlTestServer Server => _server ??= PostgreSqlTestServer.Require();

    public void Dispose()
    {
        foreach (var schema in _schemas)
        {
            _server!.DropSchema(schema);
        }
    }

    private string Schema()
    {
        var schema = Server.CreateSchema();
        _schemas.Add(schema);
        return schema;
    }

    [SkippableFact]
    public async Task A_worker_role_with_row_rights_only_uses_a_store_the_owner_made_but_cannot_make_one()
    {
        var schema = Schema();
        var refused = Assert.Throws<RfqSenderException>(() => DeliveryStoreFactory.Open(Server.Store(schema, asWorker: true), create: true));
        Assert.Equal(FailureKind.Configuration, refused.Kind);
        Assert.Contains("may not create or change its tables", refused.Message);
        Assert.Contains("docs/settings.md", refused.Message);

        using (var owner = DeliveryStoreFactory.Open(Server.Store(schema), create: true))
        {
            await owner.RegisterCampaignAsync(SendFixture.CreateRfq(), CancellationToken.None);
        }

        using var worker = DeliveryStoreFactory.Open(Server.Store(schema, asWorker: true), create: true);
        await worker.RegisterVendorsAsync("RFQ-T-1", TestVendors.Many(3), v => "id." + v.Key, CancellationToken.None);
        var claimed = await worker.ClaimAsync(new ClaimRequest("RFQ-T-1", "w1", 3, TimeSpan.FromMinutes(5), worker.Clock.GetUtcNow()), CancellationToken.None);
        Assert.True(await worker.CompleteAsync(new DeliveryCompletion(claimed[0].Record.Id, "w1", DeliveryState.Sent, "250", worker.Clock.GetUtcNow()), CancellationToken.None));
        Assert.True((await worker.TakeSendSlotAsync(new SendSlotRequest("buy@contoso.example", 1, worker.Clock.GetUtcNow()) { MessagesPerMinute = 5 }, CancellationToken.None)).Granted);
        Assert.Contains("as rfqsender_worker", worker.Description);

        // The reading side too: the secret, an inbound message with its change, how far a source was read.
        Assert.Equal(32, (await worker.GetReferenceSecretAsync(Engine.Responses.DeliveryReference.CreateSecret(), CancellationToken.None)).Length);
        var delivery = (await worker.GetDeliveriesAsync(new DeliveryQuery("RFQ-T-1"), CancellationToken.None)).First(d => d.State == DeliveryState.Sent);
        var recorded = await worker.RecordInboundAsync(
            new InboundRecord { Source = "folder:/r", SourceId = "1.eml", MessageId = "r1@x", Subject = "RE", DeliveryId = delivery.Id, ReceivedAt = worker.Clock.GetUtcNow(), RecordedAt = worker.Clock.GetUtcNow(), Attachments = new[] { new InboundAttachmentRecord { FileName = "q.pdf", Size = 1, Sha256 = "00" } } },
            new DeliveryStateChange { DeliveryId = delivery.Id, RfqNumber = "RFQ-T-1", VendorKey = delivery.VendorKey, From = DeliveryState.Sent, To = DeliveryState.Responded, ChangedBy = "reader", At = worker.Clock.GetUtcNow() },
            CancellationToken.None);
        Assert.True(recorded.DeliveryChanged);
        await worker.SaveSourceStateAsync(new SourceReadState { Source = "imap://x", Folder = "INBOX", UidValidity = 1, LastUid = 2, UpdatedAt = worker.Clock.GetUtcNow() }, CancellationToken.None);
    }

    [SkippableFact]
    public async Task A_store_of_schema_version_1_gains_the_inbound_tables_and_keeps_its_deliveries()
    {
        var schema = Schema();
        using (var store = DeliveryStoreFactory.Open(Server.Store(schema), create: true))
        {
            await store.RegisterCampaignAsync(SendFixture.CreateRfq(), CancellationToken.None);
            await store.RegisterVendorsAsync("RFQ-T-1", TestVendors.Many(2), v => "id." + v.Key, CancellationToken.None);
        }

        Server.Execute("DROP TABLE delivery_attempts; DROP TABLE audit_entries; DROP INDEX ix_deliveries_page, ix_deliveries_page_state; ALTER TABLE campaigns DROP COLUMN paused_at, DROP COLUMN paused_by, DROP COLUMN pause_reason; DROP TABLE quote_lines, quotes; DROP TABLE reminder_attempts; ALTER TABLE deliveries DROP COLUMN reminders_sent, DROP COLUMN last_reminder_at, DROP COLUMN reminder_pending; DROP TABLE store_secrets, source_states, inbound_attachments, inbound_messages; DELETE FROM rfqsender_schema WHERE version >= 2;", schema);

        using var migrated = DeliveryStoreFactory.Open(Server.Store(schema), create: true);
        Assert.Equal(2, (await migrated.GetDeliveriesAsync(new DeliveryQuery("RFQ-T-1"), CancellationToken.None)).Count);
        Assert.True((await migrated.RecordInboundAsync(new InboundRecord { Source = "folder:/r", SourceId = "1.eml", Subject = "RE", ReceivedAt = SendFixture.Start, RecordedAt = SendFixture.Start }, null, CancellationToken.None)).Recorded);
        Assert.All(await migrated.GetDeliveriesAsync(new DeliveryQuery("RFQ-T-1"), CancellationToken.None), d => Assert.Equal((0, (int?)null), (d.Reminders, d.ReminderPending)));
        Assert.Empty(await migrated.GetReminderAttemptsAsync("RFQ-T-1", CancellationToken.None));
        Assert.Empty(await migrated.GetDeliveryAttemptsAsync("RFQ-T-1", null, CancellationToken.None));
        Assert.Equal(PostgreSqlSchema.CurrentVersion, Convert.ToInt32(Server.Scalar("SELECT max(version) FROM rfqsender_schema;", schema)));
    }

    [SkippableFact]
    public async Task Workers_starting_at_once_against_an_empty_database_migrate_it_once()
    {
        var schema = Schema();
        var opened = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => DeliveryStoreFactory.Open(Server.Store(schema), create: true))));
        foreach (var store in opened)
        {
            Assert.True(store.Exists);
            store.Dispose();
        }

        Assert.Equal((long)PostgreSqlSchema.CurrentVersion, Server.Scalar("SELECT count(*) FROM rfqsender_schema;", schema));
        Assert.Equal(PostgreSqlSchema.CurrentVersion, Convert.ToInt32(Server.Scalar("SELECT max(version) FROM rfqsender_schema;", schema)));
    }

    [SkippableFact]
    public void A_schema_newer_than_this_build_is_refused_with_a_clear_error()
    {
        var schema = Schema();
        DeliveryStoreFactory.Open(Server.Store(schema), create: true).Dispose();
        Server.Execute("INSERT INTO rfqsender_schema (version) VALUES (99);", schema);

        var ex = Assert.Throws<RfqSenderException>(() => DeliveryStoreFactory.Open(Server.Store(schema), create: true));

        Assert.Contains("schema version 99, newer than this RfqSender understands", ex.Message);
        Assert.Contains("127.0.0.1", ex.Message);
    }

    [SkippableFact]
    public async Task A_store_not_created_has_no_tables_and_reads_as_empty_until_a_send_creates_it()
    {
        var schema = Schema();
        using (var missing = DeliveryStoreFactory.Open(Server.Store(schema), create: false))
        {
            Assert.False(missing.Exists);
            Assert.Empty(await missing.GetCampaignsAsync(null, CancellationToken.None));
        }

        Assert.Equal(DBNull.Value, Server.Scalar("SELECT to_regclass('deliveries')::text;", schema));
    }

    [SkippableFact]
    public void No_password_reaches_a_description_or_an_error()
    {
        var schema = Schema();
        const string wrong = "Wr0ng-Secret-Value!";
        var withWrong = StoreSettings.PostgreSql(Server.ConnectionString(schema) + ";Password=" + wrong);

        var ex = Assert.Throws<RfqSenderException>(() => DeliveryStoreFactory.Open(withWrong, create: true));
        var good = Server.Store(schema);

        Assert.Contains("28P01", ex.Message);
        Assert.DoesNotContain(wrong, ex.ToString());
        Assert.DoesNotContain(wrong, withWrong.ToString());
        Assert.DoesNotContain(Server.OwnerPassword, good.ToString());
        using var store = DeliveryStoreFactory.Open(good, create: true);
        Assert.DoesNotContain(Server.OwnerPassword, store.Description);
        Assert.Equal($"PostgreSQL 127.0.0.1:{Server.Port}/{Server.Database} (schema {schema}) as {Server.Owner}", store.Description);
    }

    [SkippableFact]
    public void A_settings_file_may_name_the_database_but_never_its_password()
    {
        using var folder = new TestFolder();
        var file = folder.Combine("rfqsender.yaml");
        File.WriteAllText(file, "store:\n  connectionString: \"Host=db.contoso.example;Database=rfq;Username=rfq_worker;Password=Hunter2-Secret\"\n");

        var ex = Assert.Throws<SettingsException>(() => SettingsLoader.Load(file, environment: new System.Collections.Hashtable()));

        Assert.Contains("store.connectionString", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("RFQSENDER_STORE_PASSWORD", ex.Message);
        Assert.DoesNotContain("Hunter2", ex.ToString());

        File.WriteAllText(file, "store:\n  connectionString: \"Host=db.contoso.example;Database=rfq;Username=rfq_worker\"\n  retrySeconds: 5\n");
        var settings = SettingsLoader.Load(file, environment: new System.Collections.Hashtable { ["RFQSENDER_STORE_PASSWORD"] = "from-env" });
        var store = settings.EffectiveStore;
        Assert.Equal(StoreKind.PostgreSql, store.Kind);
        Assert.Equal(TimeSpan.FromSeconds(5), store.RetryFor);
        Assert.Equal(8, store.Password!.Length);
        Assert.Equal("PostgreSQL db.contoso.example:5432/rfq as rfq_worker", store.ToString());
    }

    [SkippableFact]
    public async Task A_connection_lost_mid_run_is_retried_and_the_work_goes_on()
    {
        var schema = Schema();
        using var proxy = new TcpFaultProxy(Server.Host, Server.Port);
        var settings = StoreSettings.PostgreSql($"Host=127.0.0.1;Port={proxy.Port};Database={Server.Database};Username={Server.Owner};Search Path={schema}", password: PostgreSqlTestServer.Secure(Server.OwnerPassword));
        using var store = DeliveryStoreFactory.Open(settings, create: true);
        await store.RegisterCampaignAsync(SendFixture.CreateRfq(), CancellationToken.None);
        await store.RegisterVendorsAsync("RFQ-T-1", TestVendors.Many(4), v => "id." + v.Key, CancellationToken.None);

        var before = proxy.Accepted;
        proxy.Cut();
        var claimed = await store.ClaimAsync(new ClaimRequest("RFQ-T-1", "w1", 4, TimeSpan.FromMinutes(5), store.Clock.GetUtcNow()), CancellationToken.None);
        proxy.Cut();
        var completed = await store.CompleteAsync(new DeliveryCompletion(claimed[0].Record.Id, "w1", DeliveryState.Sent, "250", store.Clock.GetUtcNow()), CancellationToken.None);

        Assert.Equal(4, claimed.Count);
        Assert.True(completed);
        Assert.True(proxy.Accepted > before);
        var states = (await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-T-1"), CancellationToken.None)).Select(d => d.State).ToList();
        Assert.Equal(new[] { DeliveryState.Sent, DeliveryState.Sending, DeliveryState.Sending, DeliveryState.Sending }, states);
    }

    [SkippableFact]
    public async Task A_completion_retried_after_its_commit_lost_its_answer_logs_its_attempt_once()
    {
        var schema = Schema();
        using var proxy = new TcpFaultProxy(Server.Host, Server.Port);
        var settings = StoreSettings.PostgreSql($"Host=127.0.0.1;Port={proxy.Port};Database={Server.Database};Username={Server.Owner};Search Path={schema}", password: PostgreSqlTestServer.Secure(Server.OwnerPassword));
        using var store = DeliveryStoreFactory.Open(settings, create: true);
        await store.RegisterCampaignAsync(SendFixture.CreateRfq(), CancellationToken.None);
        await store.RegisterVendorsAsync("RFQ-T-1", TestVendors.Many(1), v => "id." + v.Key, CancellationToken.None);
        var now = store.Clock.GetUtcNow();
        var claimed = (await store.ClaimAsync(new ClaimRequest("RFQ-T-1", "w1", 1, TimeSpan.FromMinutes(5), now), CancellationToken.None)).Single();
        var at = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

        var before = proxy.Accepted;
        proxy.CutAfterNextReply = true;
        var completed = await store.CompleteAsync(new DeliveryCompletion(claimed.Record.Id, "w1", DeliveryState.Sent, "250 ok", at), CancellationToken.None);

        // The first try committed and lost its answer; the retry, on a new connection, found it done.
        Assert.True(completed);
        Assert.True(proxy.Accepted > before);
        var logged = Assert.Single(await store.GetDeliveryAttemptsAsync("RFQ-T-1", null, CancellationToken.None));
        Assert.Equal((1, DeliveryState.Sent, "250 ok", at, "w1"), (logged.Number, logged.State, logged.Detail, logged.At, logged.Sender));
        Assert.Equal(DeliveryState.Sent, (await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-T-1"), CancellationToken.None)).Single().State);
    }

    [SkippableFact]
    public async Task A_database_that_stays_down_stops_the_run_and_nothing_unsent_looks_sent()
    {
        var schema = Schema();
        using var proxy = new TcpFaultProxy(Server.Host, Server.Port);
        var settings = StoreSettings.PostgreSql($"Host=127.0.0.1;Port={proxy.Port};Database={Server.Database};Username={Server.Owner};Search Path={schema};Timeout=2", password: PostgreSqlTestServer.Secure(Server.OwnerPassword));
        settings.RetryFor = TimeSpan.FromSeconds(2);
        using var store = DeliveryStoreFactory.Open(settings, create: true);
        var sent = new List<string>();
        var transport = new ScriptedTransport();
        transport.OnSend = message =>
        {
            sent.Add(message.To[0].Address);
            if (sent.Count == 5)
            {
                // The database goes away while the fifth message is with the server.
                proxy.Down = true;
                proxy.Cut();
            }
        };
        var session = RfqSendSession.Create(SendFixture.CreateRfq(), store, transport, new SendOptions { Owner = "w1", BatchSize = 3, Concurrency = 1, RetryCount = 0 });

        var stopped = await Assert.ThrowsAsync<RfqSenderException>(() => session.SendVendorsAsync(TestVendors.Many(12), _ => { }, CancellationToken.None));

        Assert.Equal(FailureKind.Store, stopped.Kind);
        Assert.Contains("unreachable", stopped.Message);
        proxy.Down = false;
        var records = await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-T-1"), CancellationToken.None);
        var sentRecords = records.Where(r => r.State == DeliveryState.Sent).Select(r => r.To[0]).ToList();
        Assert.Equal(4, sentRecords.Count);
        Assert.All(sentRecords, address => Assert.Contains(address, sent));
        // The fifth went out but its answer could not be recorded: it is still claimed, in flight, and
        // becomes InDoubt once its lease is recovered; nothing else is claimed in flight.
        var fifth = records.Single(r => r.To[0] == sent[4]);
        Assert.Equal(DeliveryState.Sending, fifth.State);
        var recovered = await store.RecoverAbandonedAsync("RFQ-T-1", store.Clock.GetUtcNow().AddHours(1), _ => false, CancellationToken.None);
        Assert.Equal(1, recovered.InDoubt);
    }

    [SkippableFact]
    public void The_store_clock_is_the_servers()
    {
        var schema = Schema();
        using var store = DeliveryStoreFactory.Open(Server.Store(schema), create: true);
        var server = (DateTime)Server.Scalar("SELECT clock_timestamp();")!;

        Assert.InRange((store.Clock.GetUtcNow() - new DateTimeOffset(DateTime.SpecifyKind(server, DateTimeKind.Utc))).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(2));
    }
}
