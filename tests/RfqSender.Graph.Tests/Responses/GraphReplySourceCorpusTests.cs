using System.Collections.Concurrent;
using RfqSender.Engine;
using RfqSender.Engine.Authentication;
using RfqSender.Engine.Responses;
using RfqSender.Engine.Responses.Sources;
using RfqSender.Engine.Tests.Responses;
using RfqSender.Engine.Tests.Responses.Sources;
using RfqSender.Engine.Tracking;
using RfqSender.Engine.Transports.Graph;
using RfqSender.Graph.Tests.Authentication;
using RfqSender.Graph.Tests.Fakes;

namespace RfqSender.Graph.Tests.Responses;

/// <summary>
/// The Graph source passes the corpus contract against the fake Graph on 127.0.0.1 (delta pages,
/// delta links, <c>/$value</c>, move), and what only it does: paging, the delta link kept in the
/// store, a full read again after 410, removed items, moving, permission and throttling.
/// </summary>
public sealed class GraphReplySourceCorpusTests : ReplySourceCorpusContract, IAsyncLifetime
{
    private readonly HttpClientHandler _handler = TestCertificates.TrustingHandler();
    private readonly ConcurrentQueue<TimeSpan> _waits = new();
    private FakeMicrosoftCloud _cloud = null!;
    private int _mailboxes;

    public async Task InitializeAsync() => _cloud = await FakeMicrosoftCloud.StartAsync();

    public async Task DisposeAsync()
    {
        Assert.Empty(_cloud.Problems);
        await _cloud.DisposeAsync();
        _handler.Dispose();
    }

    protected override Func<IReplySource> Mailbox(IReadOnlyList<string> corpusFiles)
    {
        var mailbox = NewMailbox(corpusFiles);
        return () => new GraphReplySource(Settings(mailbox));
    }

    private string NewMailbox(IEnumerable<string> corpusFiles)
    {
        var mailbox = $"rfq-replies{Interlocked.Increment(ref _mailboxes)}@contoso.example";
        Seed(mailbox, corpusFiles);
        return mailbox;
    }

    private void Seed(string mailbox, IEnumerable<string> corpusFiles, string? folderId = null)
    {
        foreach (var file in corpusFiles)
        {
            _cloud.Mailbox(mailbox).Add(File.ReadAllBytes(Path.Combine(ResponseCorpus.Folder, file)), folderId);
        }
    }

    private ReplySourceSettings Settings(string mailbox, string folder = "inbox", string? secret = null)
    {
        var authentication = new GraphAuthenticationSettings
        {
            TenantId = _cloud.TenantId,
            ClientId = _cloud.ClientId,
            ClientSecret = TokenAcquisitionTests.ToSecure(secret ?? _cloud.ClientSecret),
            AuthorityHost = _cloud.BaseUrl,
        };
        var settings = ReplySourceSettings.FromGraph(mailbox, authentication, folder);
        settings.GraphOptions = new GraphTransportOptions { GraphBaseUrl = _cloud.BaseUrl, MaxThrottleRetries = 3 };
        settings.GraphOptions.Delay = (delay, _) =>
        {
            _waits.Enqueue(delay);
            return Task.CompletedTask;
        };
        settings.HttpHandler = _handler;
        return settings;
    }

    private async Task<ReceiveResult> ReceiveAsync(IDeliveryStore store, ReplySourceSettings settings)
    {
        await using var source = ReplySourceFactory.Create(settings);
        return await new ReplyReceiver(store, Options).ReceiveAsync(source, null, CancellationToken.None);
    }

    private async Task<IDeliveryStore> SeededStoreAsync()
    {
        var store = OpenStore();
        await CorpusCampaign.SeedAsync(store);
        return store;
    }

    [Fact]
    public async Task A_full_read_follows_every_next_link_asks_for_ids_only_and_keeps_the_final_delta_link_in_the_store()
    {
        var mailbox = NewMailbox(AllFiles);
        using var store = await SeededStoreAsync();

        var result = await ReceiveAsync(store, Settings(mailbox));

        Assert.Equal((AllFiles.Count, AllFiles.Count), (result.Read, result.Recorded));
        var pages = (AllFiles.Count + _cloud.DeltaPageSize - 1) / _cloud.DeltaPageSize;
        Assert.Equal(pages, _cloud.Count("delta"));
        Assert.Equal(AllFiles.Count, _cloud.Count("value"));
        var queries = _cloud.DeltaQueries.ToList();
        Assert.Equal("?$select=id,internetMessageId,receivedDateTime", Uri.UnescapeDataString(queries[0]));
        Assert.All(queries.Skip(1), q => Assert.StartsWith("?$skiptoken=", q, StringComparison.Ordinal));
        Assert.All(_cloud.DeltaPreferences, p => Assert.Equal("odata.maxpagesize=" + GraphReplySource.PageSize, p));

        var state = await store.GetSourceStateAsync("graph://" + mailbox, "inbox", CancellationToken.None);
        Assert.NotNull(state);
        Assert.Contains("/mailFolders/inbox/messages/delta?$deltatoken=", state!.DeltaLink, StringComparison.Ordinal);
        Assert.StartsWith(_cloud.BaseUrl.GetLeftPart(UriPartial.Authority), state.DeltaLink, StringComparison.Ordinal);

        var records = await store.GetInboundAsync(new InboundQuery(), CancellationToken.None);
        var ids = _cloud.Mailbox(mailbox).In(_cloud.Mailbox(mailbox).InboxId).ToDictionary(i => i.Id);
        Assert.All(records, r => Assert.Equal(ids[r.SourceId].ReceivedAt, r.ReceivedAt));
        Assert.All(records, r => Assert.Equal("graph://" + mailbox, r.Source));
    }

    [Fact]
    public async Task The_next_read_asks_with_the_delta_link_for_changes_only_ignoring_removed_and_changed_messages_already_recorded()
    {
        var files = AllFiles;
        var mailbox = NewMailbox(files.Take(20));
        using var store = await SeededStoreAsync();
        Assert.Equal(20, (await ReceiveAsync(store, Settings(mailbox))).Recorded);
        var box = _cloud.Mailbox(mailbox);
        var inbox = box.In(box.InboxId);
        box.Touch(inbox[3].Id);
        box.Delete(inbox[4].Id);
        Seed(mailbox, files.Skip(20));
        var deltasBefore = _cloud.Count("delta");
        var valuesBefore = _cloud.Count("value");

        var more = await ReceiveAsync(store, Settings(mailbox));

        Assert.Equal((files.Count - 20, files.Count - 20, 0), (more.Read, more.Recorded, more.AlreadyRecorded));
        Assert.Equal(files.Count - 20, _cloud.Count("value") - valuesBefore);
        Assert.StartsWith("?$deltatoken=", _cloud.DeltaQueries.ElementAt(deltasBefore), StringComparison.Ordinal);
        Assert.Equal(files.Count, (await store.GetInboundAsync(new InboundQuery(), CancellationToken.None)).Count);

        var nothing = await ReceiveAsync(store, Settings(mailbox));
        Assert.Equal((0, 0), (nothing.Read, nothing.Recorded));
    }

    [Fact]
    public async Task A_delta_link_graph_no_longer_knows_starts_a_full_read_that_records_nothing_twice()
    {
        var files = AllFiles;
        var mailbox = NewMailbox(files.Take(25));
        using var store = await SeededStoreAsync();
        await ReceiveAsync(store, Settings(mailbox));
        var box = _cloud.Mailbox(mailbox);
        var expired = (await store.GetSourceStateAsync("graph://" + mailbox, "inbox", CancellationToken.None))!.DeltaLink;
        box.ExpireDeltaTokens();
        Seed(mailbox, files.Skip(25));
        var valuesBefore = _cloud.Count("value");

        var again = await ReceiveAsync(store, Settings(mailbox));

        Assert.Equal((files.Count - 25, files.Count - 25, 0), (again.Read, again.Recorded, again.AlreadyRecorded));
        Assert.Single(_cloud.Requests, r => r.Operation == "delta" && r.Status == 410);

        // Only the new messages' MIME was fetched: those recorded were known by their Graph id.
        Assert.Equal(files.Count - 25, _cloud.Count("value") - valuesBefore);
        var state = (await store.GetSourceStateAsync("graph://" + mailbox, "inbox", CancellationToken.None))!.DeltaLink;
        Assert.NotEqual(expired, state);
        Assert.Contains("$deltatoken=" + box.Generation + ".", Uri.UnescapeDataString(state!), StringComparison.Ordinal);
        Assert.Equal(files.Count, (await store.GetInboundAsync(new InboundQuery(), CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_large_mailbox_is_read_in_pieces_each_taken_up_at_the_page_it_stopped_and_each_message_fetched_once()
    {
        const string mailbox = "large@contoso.example";
        const int count = 600;
        var box = _cloud.Mailbox(mailbox);
        for (var i = 0; i < count; i++)
        {
            box.Add(System.Text.Encoding.ASCII.GetBytes(
                $"From: Someone <someone{i}@elsewhere.example>\r\nTo: rfq-replies@contoso.com\r\nSubject: Question {i}\r\nMessage-ID: <q{i}@elsewhere.example>\r\nDate: Wed, 25 Nov 2026 08:00:00 +0000\r\n\r\nHello {i}\r\n"));
        }

        _cloud.DeltaPageSize = 50;
        using var store = OpenStore();
        var recorded = new List<int>();
        for (var run = 0; run < 10; run++)
        {
            await using var source = new GraphReplySource(Settings(mailbox));
            var options = new ReceiveOptions { KeepFiles = false, ReadBy = "reader", MaxMessages = 125 };
            var result = await new ReplyReceiver(store, options).ReceiveAsync(source, null, CancellationToken.None);
            recorded.Add(result.Recorded);
            if (result.Recorded == 0)
            {
                break;
            }
        }

        Assert.Equal(new[] { 125, 125, 125, 125, 100, 0 }, recorded);
        Assert.Equal(count, (await store.GetInboundAsync(new InboundQuery(), CancellationToken.None)).Count);
        Assert.Equal(count, _cloud.Count("value"));

        // 12 pages; a read that stopped within a page asks for that page again, once.
        Assert.InRange(_cloud.Count("delta"), count / 50, count / 50 + recorded.Count);
        Assert.Contains("$deltatoken=", (await store.GetSourceStateAsync("graph://" + mailbox, "inbox", CancellationToken.None))!.DeltaLink, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Processed_messages_are_moved_to_a_folder_named_by_display_name_and_a_subfolder_is_read_by_its_path()
    {
        const string mailbox = "moving@contoso.example";
        var box = _cloud.Mailbox(mailbox);
        var rfq = box.AddFolder("RFQ replies", box.InboxId);
        var processed = box.AddFolder("Processed");
        Seed(mailbox, AllFiles.Take(6), rfq.Id);
        using var store = await SeededStoreAsync();
        var settings = Settings(mailbox, "Inbox/RFQ replies");
        settings.MoveProcessedTo = "Processed";

        var result = await ReceiveAsync(store, settings);

        Assert.Equal(6, result.Recorded);
        Assert.Empty(box.In(rfq.Id));
        Assert.Equal(6, box.In(processed.Id).Count);
        Assert.Equal(6, _cloud.Count("move"));
        Assert.NotNull(await store.GetSourceStateAsync("graph://" + mailbox, "Inbox/RFQ replies", CancellationToken.None));

        // The moves show in the next delta as removed items: nothing is read, nothing fails.
        var next = await ReceiveAsync(store, settings);
        Assert.Equal((0, 0), (next.Read, next.Recorded));

        // A single display name is found under the inbox too (its folder is empty now).
        var childLookups = _cloud.Count("childFolders");
        var under = await ReceiveAsync(store, Settings(mailbox, "rfq replies"));
        Assert.Equal((0, 0), (under.Read, under.Recorded));
        Assert.Equal(childLookups + 1, _cloud.Count("childFolders"));
        Assert.Contains(_cloud.Requests, r => r.Operation == "delta" && r.Path.Contains("/mailFolders/" + rfq.Id + "/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_message_recorded_before_a_move_failed_is_moved_by_the_next_read()
    {
        var mailbox = NewMailbox(AllFiles.Take(3));
        var box = _cloud.Mailbox(mailbox);
        var processed = box.AddFolder("Processed");
        using var store = await SeededStoreAsync();
        var settings = Settings(mailbox);
        settings.MoveProcessedTo = "Processed";
        _cloud.Enqueue("move", new GraphFault(500, "ErrorInternalServerError", "Something went wrong."));

        await Assert.ThrowsAsync<RfqSenderException>(() => ReceiveAsync(store, settings));
        Assert.Single(await store.GetInboundAsync(new InboundQuery(), CancellationToken.None));

        var next = await ReceiveAsync(store, settings);
        Assert.Equal(2, next.Recorded);
        Assert.Empty(box.In(box.InboxId));
        Assert.Equal(3, box.In(processed.Id).Count);
    }

    [Fact]
    public async Task Access_denied_names_the_permission_admin_consent_and_the_access_policy_without_the_secret()
    {
        var mailbox = NewMailbox(AllFiles.Take(2));
        using var store = await SeededStoreAsync();
        _cloud.DeniedMailboxes.Add(mailbox);

        var denied = await Assert.ThrowsAsync<RfqSenderException>(() => ReceiveAsync(store, Settings(mailbox)));

        Assert.Equal(FailureKind.Configuration, denied.Kind);
        Assert.Contains($"denied the application access to mailbox {mailbox}", denied.Message, StringComparison.Ordinal);
        Assert.Contains("ErrorAccessDenied", denied.Message, StringComparison.Ordinal);
        Assert.Contains("Mail.Read application permission", denied.Message, StringComparison.Ordinal);
        Assert.Contains("admin consent", denied.Message, StringComparison.Ordinal);
        Assert.Contains("application access policy", denied.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Mail.Send", denied.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_cloud.ClientSecret, denied.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("fake-access-token", denied.ToString(), StringComparison.Ordinal);

        // Moving needs Mail.ReadWrite: an app that may only read is told so.
        _cloud.DeniedMailboxes.Clear();
        _cloud.ReadOnlyMailboxes.Add(mailbox);
        _cloud.Mailbox(mailbox).AddFolder("Processed");
        var moving = Settings(mailbox);
        moving.MoveProcessedTo = "Processed";
        var readOnly = await Assert.ThrowsAsync<RfqSenderException>(() => ReceiveAsync(store, moving));
        Assert.Equal(FailureKind.Configuration, readOnly.Kind);
        Assert.Contains("Mail.ReadWrite application permission", readOnly.Message, StringComparison.Ordinal);
        Assert.Contains("to move processed messages", readOnly.Message, StringComparison.Ordinal);

        // A wrong client secret is refused by the token endpoint, and the secret is never repeated.
        const string wrong = "wr0ng~Secret.Value_42";
        var signIn = await Assert.ThrowsAnyAsync<RfqSenderException>(() => ReceiveAsync(store, Settings(mailbox, secret: wrong)));
        Assert.DoesNotContain(wrong, signIn.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_cloud.ClientSecret, signIn.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, new GraphReplySource(Settings(mailbox, secret: wrong)).Name + new GraphReplySource(Settings(mailbox, secret: wrong)).Description + Settings(mailbox, secret: wrong), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_mailbox_or_folder_is_a_clear_error()
    {
        using var store = await SeededStoreAsync();
        _cloud.UnknownMailboxes.Add("nobody@contoso.example");

        var mailbox = await Assert.ThrowsAsync<RfqSenderException>(() => ReceiveAsync(store, Settings("nobody@contoso.example")));
        Assert.Equal(FailureKind.InvalidInput, mailbox.Kind);
        Assert.Contains("does not know the mailbox nobody@contoso.example", mailbox.Message, StringComparison.Ordinal);
        Assert.Contains("ErrorInvalidUser", mailbox.Message, StringComparison.Ordinal);

        var folder = await Assert.ThrowsAsync<RfqSenderException>(() => ReceiveAsync(store, Settings(NewMailbox(AllFiles.Take(1)), "No Such Folder")));
        Assert.Equal(FailureKind.InvalidInput, folder.Kind);
        Assert.Contains("has no folder 'No Such Folder'", folder.Message, StringComparison.Ordinal);

        Assert.Throws<RfqSenderException>(() => new GraphReplySource(new ReplySourceSettings { Kind = ReplySourceKind.Graph, GraphAuthentication = new GraphAuthenticationSettings() }));
        Assert.Throws<RfqSenderException>(() => new GraphReplySource(new ReplySourceSettings { Kind = ReplySourceKind.Graph, Mailbox = "x@contoso.example" }));
    }

    [Fact]
    public async Task Throttling_is_waited_out_as_retry_after_says_and_throttling_to_the_end_is_a_transport_error_to_read_again_later()
    {
        var mailbox = NewMailbox(AllFiles.Take(4));
        using var store = await SeededStoreAsync();
        _cloud.Enqueue("delta", GraphFault.Throttle("7"));
        _cloud.Enqueue("value", GraphFault.Throttle("3"));
        _cloud.Enqueue("value", new GraphFault(503, "ServiceUnavailable", "Try later.", "1"));

        var result = await ReceiveAsync(store, Settings(mailbox));

        Assert.Equal(4, result.Recorded);
        Assert.Equal(new[] { TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1) }, _waits.ToArray());

        Seed(mailbox, AllFiles.Skip(4).Take(1));
        for (var i = 0; i < 4; i++)
        {
            _cloud.Enqueue("delta", GraphFault.Throttle("2"));
        }

        var throttled = await Assert.ThrowsAsync<RfqSenderException>(() => ReceiveAsync(store, Settings(mailbox)));
        Assert.Equal(FailureKind.Transport, throttled.Kind);
        Assert.Contains("ApplicationThrottled", throttled.Message, StringComparison.Ordinal);
        Assert.Contains("Read again later", throttled.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await ReceiveAsync(store, Settings(mailbox))).Recorded);
    }

    [Fact]
    public void The_source_is_named_by_its_mailbox_and_made_from_the_settings_graph_sending_uses()
    {
        var settings = new Engine.Settings.RfqSenderSettings();
        settings.Graph.Mailbox = "Purchasing@Contoso.example";
        settings.GraphAuthentication = new GraphAuthenticationSettings { TenantId = _cloud.TenantId, ClientId = _cloud.ClientId, ClientSecret = TokenAcquisitionTests.ToSecure(_cloud.ClientSecret), Cloud = GraphCloud.USGovernment };

        var fromSettings = ReplySourceSettings.FromGraph(settings, mailbox: null);
        var named = ReplySourceSettings.FromGraph(settings, "rfq-replies@contoso.example", "Archive");

        Assert.Equal(("Purchasing@Contoso.example", "inbox", ReplySourceKind.Graph), (fromSettings.Mailbox, fromSettings.Folder, fromSettings.Kind));
        Assert.Equal(new Uri("https://graph.microsoft.us"), new Uri(fromSettings.GraphOptions!.GraphBaseUrl!.GetLeftPart(UriPartial.Authority)));
        Assert.Equal(("rfq-replies@contoso.example", "Archive"), (named.Mailbox, named.Folder));
        Assert.Same(settings.GraphAuthentication, named.GraphAuthentication);
        var source = Assert.IsType<GraphReplySource>(ReplySourceFactory.Create(fromSettings));
        Assert.Equal(("graph://purchasing@contoso.example", "graph://purchasing@contoso.example/inbox"), (source.Name, source.Description));
        Assert.Equal("graph://Purchasing@Contoso.example/inbox", fromSettings.ToString());
        Assert.DoesNotContain(_cloud.ClientSecret, source.Name + source.Description, StringComparison.Ordinal);
    }
}
