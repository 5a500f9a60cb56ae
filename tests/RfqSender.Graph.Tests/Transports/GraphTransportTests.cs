using System.Collections.Concurrent;
using System.Text;
using RfqSender.Engine.Authentication;
using RfqSender.Engine.Messages;
using RfqSender.Engine.Transports;
using RfqSender.Engine.Transports.Graph;
using RfqSender.Graph.Tests.Authentication;
using RfqSender.Graph.Tests.Fakes;

namespace RfqSender.Graph.Tests.Transports;

/// <summary>The Graph transport against the fake Graph on 127.0.0.1, with throttling and failures injected.</summary>
public sealed class GraphTransportTests : IAsyncLifetime
{
    private const string Mailbox = "rfq@contoso.example";
    private readonly HttpClientHandler _handler = TestCertificates.TrustingHandler();
    private readonly ConcurrentQueue<TimeSpan> _waits = new();
    private FakeMicrosoftCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await FakeMicrosoftCloud.StartAsync();

    public async Task DisposeAsync()
    {
        await _cloud.DisposeAsync();
        _handler.Dispose();
    }

    private GraphTransportOptions Options(Action<GraphTransportOptions>? change = null)
    {
        var options = new GraphTransportOptions { GraphBaseUrl = _cloud.BaseUrl };
        options.Delay = (delay, _) =>
        {
            _waits.Enqueue(delay);
            return Task.CompletedTask;
        };
        change?.Invoke(options);
        return options;
    }

    private GraphTransport SecretTransport(Action<GraphTransportOptions>? change = null)
    {
        var settings = new GraphAuthenticationSettings
        {
            TenantId = _cloud.TenantId,
            ClientId = _cloud.ClientId,
            ClientSecret = TokenAcquisitionTests.ToSecure(_cloud.ClientSecret),
            AuthorityHost = _cloud.BaseUrl,
        };
        return GraphTransport.Create(settings, Options(change), _handler);
    }

    internal static OutgoingMessage Message(string id = "rfq.1.acme@contoso.example", string from = Mailbox, string to = "sales@acme.example", params EncodedAttachment[] attachments) => new(
        id,
        MailboxAddress.Parse($"Purchasing <{from}>"),
        MailboxAddress.Parse("replies@contoso.example"),
        new[] { MailboxAddress.Parse($"Acme Sales <{to}>") },
        new[] { MailboxAddress.Parse("cc@acme.example") },
        "RFQ-2026-114: Kabel – Angebot erbeten",
        "Hello Acme,\r\nplease quote.\r\n",
        "<p>Hello Acme, please quote.</p>",
        new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero),
        attachments,
        new[] { new KeyValuePair<string, string>("X-RFQ-Number", "RFQ-2026-114") });

    internal static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static byte[] Mime(OutgoingMessage message)
    {
        using var buffer = new MemoryStream();
        new MimeMessageWriter().Write(message, buffer);
        return buffer.ToArray();
    }

    [Fact]
    public async Task A_small_message_is_posted_as_base64_mime_to_the_senders_sendmail()
    {
        await using var transport = SecretTransport();
        var small = EncodedAttachment.FromBytes(Bytes(200_000, 1), "spec.pdf");
        var message = Message(attachments: small);

        var outcome = await transport.SendAsync(message, CancellationToken.None);

        Assert.Equal(TransportOutcomeKind.Sent, outcome.Kind);
        var delivered = Assert.Single(_cloud.Delivered);
        Assert.Equal("mime", delivered.Route);
        Assert.Equal(Mailbox, delivered.Mailbox);
        Assert.Equal(Mime(message), delivered.Mime);
        var request = Assert.Single(_cloud.Requests, r => r.Operation == "sendMail");
        Assert.Equal($"/v1.0/users/{Mailbox}/sendMail", request.Path);
        Assert.True(request.HadAuthorization);
        Assert.Empty(_cloud.Problems);
        Assert.Equal(GraphCloudEndpoints.DefaultScope(_cloud.BaseUrl), transport.Scope);
    }

    [Fact]
    public async Task Throttling_honours_retry_after_then_backs_off_exponentially_without_it()
    {
        await using var transport = SecretTransport();
        _cloud.Enqueue("sendMail", GraphFault.Throttle("7"));
        _cloud.Enqueue("sendMail", new GraphFault(503, "ServiceUnavailable", "Busy."));
        _cloud.Enqueue("sendMail", new GraphFault(504, "GatewayTimeout", "Timeout."));

        var outcome = await transport.SendAsync(Message(), CancellationToken.None);

        Assert.Equal(TransportOutcomeKind.Sent, outcome.Kind);
        Assert.Equal(new[] { TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8) }, _waits.ToArray());
        Assert.Equal(new[] { 429, 503, 504, 202 }, _cloud.Requests.Where(r => r.Operation == "sendMail").Select(r => r.Status));
        Assert.Single(_cloud.Delivered);
    }

    [Fact]
    public async Task Throttling_beyond_the_retries_is_transient_with_the_servers_hint()
    {
        await using var transport = SecretTransport(o => o.MaxThrottleRetries = 1);
        _cloud.Enqueue("sendMail", GraphFault.Throttle("5"));
        _cloud.Enqueue("sendMail", GraphFault.Throttle("30"));

        var outcome = await transport.SendAsync(Message(), CancellationToken.None);

        Assert.Equal(TransportOutcomeKind.Transient, outcome.Kind);
        Assert.Equal(TimeSpan.FromSeconds(30), outcome.RetryAfter);
        Assert.Contains("ApplicationThrottled", outcome.Detail);
        Assert.Empty(_cloud.Delivered);
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_wait_budget_defers_at_once()
    {
        await using var transport = SecretTransport(o => o.MaxThrottleWait = TimeSpan.FromSeconds(60));
        _cloud.Enqueue("sendMail", GraphFault.Throttle("600"));

        var outcome = await transport.SendAsync(Message(), CancellationToken.None);

        Assert.Equal(TransportOutcomeKind.Transient, outcome.Kind);
        Assert.Equal(TimeSpan.FromMinutes(10), outcome.RetryAfter);
        Assert.Empty(_waits);
    }

    [Fact]
    public async Task A_401_renews_the_token_once_and_sends()
    {
        await using var transport = SecretTransport();
        Assert.Equal(TransportOutcomeKind.Sent, (await transport.SendAsync(Message("a.1@contoso.example"), CancellationToken.None)).Kind);
        _cloud.RevokeTokens();

        var outcome = await transport.SendAsync(Message("a.2@contoso.example"), CancellationToken.None);

        Assert.Equal(TransportOutcomeKind.Sent, outcome.Kind);
        Assert.Equal(2, _cloud.Count("token"));
        Assert.Equal(new[] { 202, 401, 202 }, _cloud.Requests.Where(r => r.Operation == "sendMail").Select(r => r.Status));
    }

    [Fact]
    public async Task A_rejected_caller_token_stops_the_run_with_graphs_code()
    {
        await using var transport = new GraphTransport(new StaticAccessTokenProvider("not-issued-by-the-fake"), Options(), _handler);

        var error = await Assert.ThrowsAsync<GraphAuthorizationException>(() => transport.SendAsync(Message(), CancellationToken.None));

        Assert.Equal(401, error.StatusCode);
        Assert.Equal("InvalidAuthenticationToken", error.ErrorCode);
        Assert.DoesNotContain("not-issued-by-the-fake", error.Message);
        Assert.Single(_cloud.Requests, r => r.Operation == "sendMail");
    }

    [Fact]
    public async Task A_mailbox_outside_the_access_policy_stops_the_run()
    {
        _cloud.DeniedMailboxes.Add(Mailbox);
        await using var transport = SecretTransport();

        var error = await Assert.ThrowsAsync<GraphAuthorizationException>(() => transport.SendAsync(Message(), CancellationToken.None));

        Assert.Equal(403, error.StatusCode);
        Assert.Equal("ErrorAccessDenied", error.ErrorCode);
        Assert.Equal(Mailbox, error.Mailbox);
        Assert.Contains("application access policy", error.Message);
    }

    [Theory]
    [InlineData(400, "ErrorInvalidRecipients", "At least one recipient isn't valid.")]
    [InlineData(413, "ErrorMessageSizeExceeded", "The message exceeds the maximum supported size.")]
    [InlineData(403, "ErrorQuotaExceeded", "The mailbox is over its quota.")]
    public async Task Refusals_are_permanent_with_graphs_code_and_message(int status, string code, string text)
    {
        _cloud.Enqueue("sendMail", new GraphFault(status, code, text));
        await using var transport = SecretTransport();

        var outcome = await transport.SendAsync(Message(), CancellationToken.None);

        Assert.Equal(TransportOutcomeKind.Permanent, outcome.Kind);
        Assert.Contains($"Graph {status} {code}: {text}", outcome.Detail);
        Assert.Contains("request-id req-", outcome.Detail);
    }

    [Fact]
    public async Task An_unknown_mailbox_is_permanent()
    {
        _cloud.UnknownMailboxes.Add("nobody@contoso.example");
        await using var transport = SecretTransport();

        var outcome = await transport.SendAsync(Message(from: "nobody@contoso.example"), CancellationToken.None);

        Assert.Equal(TransportOutcomeKind.Permanent, outcome.Kind);
        Assert.Contains("ErrorInvalidUser", outcome.Detail);
    }

    [Fact]
    public async Task A_connection_lost_after_the_body_was_sent_is_in_doubt()
    {
        _cloud.Enqueue("sendMail", GraphFault.Abort());
        await using var transport = SecretTransport();

        var outcome = await transport.SendAsync(Message(), CancellationToken.None);

        Assert.Equal(TransportOutcomeKind.InDoubt, outcome.Kind);
        Assert.Contains("may have sent it", outcome.Detail);
    }

    [Fact]
    public async Task A_graph_host_that_refuses_connections_is_transient()
    {
        _cloud.AcceptToken("fixed-token");
        await using var transport = new GraphTransport(
            new StaticAccessTokenProvider("fixed-token"),
            Options(o => o.GraphBaseUrl = new Uri($"https://127.0.0.1:{TokenAcquisitionTests.FreePort()}")),
            _handler);

        var outcome = await transport.SendAsync(Message(), CancellationToken.None);

        Assert.Equal(TransportOutcomeKind.Transient, outcome.Kind);
    }

    [Fact]
    public async Task A_large_attachment_goes_through_a_draft_and_an_upload_session_in_320_KiB_multiples()
    {
        await using var transport = SecretTransport();
        var bigBytes = Bytes(3_500_000, 2);
        var smallBytes = Bytes(50_000, 3);
        var message = Message(attachments: new[] { EncodedAttachment.FromBytes(smallBytes, "terms.pdf"), EncodedAttachment.FromBytes(bigBytes, "drawings.zip") });
        _cloud.Enqueue("upload", GraphFault.Throttle("2"));

        var outcome = await transport.SendAsync(message, CancellationToken.None);

        Assert.Equal(TransportOutcomeKind.Sent, outcome.Kind);
        Assert.Empty(_cloud.Problems);
        var delivered = Assert.Single(_cloud.Delivered);
        Assert.Equal("draft", delivered.Route);
        var json = delivered.Message!.Value;
        Assert.Equal("<rfq.1.acme@contoso.example>", json.GetProperty("internetMessageId").GetString());
        Assert.Equal("html", json.GetProperty("body").GetProperty("contentType").GetString());
        Assert.Equal("RFQ-2026-114: Kabel – Angebot erbeten", json.GetProperty("subject").GetString());
        Assert.Equal("sales@acme.example", json.GetProperty("toRecipients")[0].GetProperty("emailAddress").GetProperty("address").GetString());
        Assert.Equal("cc@acme.example", json.GetProperty("ccRecipients")[0].GetProperty("emailAddress").GetProperty("address").GetString());
        Assert.Equal("replies@contoso.example", json.GetProperty("replyTo")[0].GetProperty("emailAddress").GetProperty("address").GetString());
        Assert.Equal("X-RFQ-Number", json.GetProperty("internetMessageHeaders")[0].GetProperty("name").GetString());
        Assert.False(json.TryGetProperty("from", out _));

        var inline = Assert.Single(delivered.Attachments, a => !a.Uploaded);
        Assert.Equal(smallBytes, inline.Content);
        var uploaded = Assert.Single(delivered.Attachments, a => a.Uploaded);
        Assert.Equal("drawings.zip", uploaded.Name);
        Assert.Equal("application/zip", uploaded.ContentType);
        Assert.Equal(bigBytes, uploaded.Content);

        var session = Assert.Single(_cloud.UploadSessions);
        Assert.Equal(new[] { "bytes 0-3276799/3500000", "bytes 3276800-3499999/3500000" }, session.Ranges);
        var uploads = _cloud.Requests.Where(r => r.Operation == "upload").ToList();
        Assert.Equal(new[] { 429, 200, 201 }, uploads.Select(r => r.Status));
        Assert.All(uploads, r => Assert.False(r.HadAuthorization));
        Assert.Equal(new[] { TimeSpan.FromSeconds(2) }, _waits.ToArray());
        Assert.Equal(new[] { "createDraft", "createUploadSession", "upload", "upload", "upload", "send" },
            _cloud.Requests.Where(r => r.Operation != "token").Select(r => r.Operation));
    }

    [Fact]
    public async Task A_failed_upload_deletes_the_draft_and_is_transient()
    {
        await using var transport = SecretTransport();
        _cloud.Enqueue("upload", new GraphFault(500, "InternalServerError", "Upload failed."));

        var outcome = await transport.SendAsync(Message(attachments: EncodedAttachment.FromBytes(Bytes(3_200_000, 4), "big.bin")), CancellationToken.None);

        Assert.Equal(TransportOutcomeKind.Transient, outcome.Kind);
        Assert.Single(_cloud.DeletedDrafts);
        Assert.Empty(_cloud.Delivered);
        Assert.Equal(0, _cloud.Count("send"));
    }

    [Fact]
    public async Task Without_sent_items_small_messages_go_as_json_and_drafts_are_deleted_after_submit()
    {
        await using var transport = SecretTransport(o => o.SaveToSentItems = false);

        Assert.Equal(TransportOutcomeKind.Sent, (await transport.SendAsync(Message("s.1@contoso.example"), CancellationToken.None)).Kind);
        Assert.Equal(TransportOutcomeKind.Sent, (await transport.SendAsync(Message("s.2@contoso.example", attachments: EncodedAttachment.FromBytes(Bytes(3_300_000, 5), "big.bin")), CancellationToken.None)).Kind);

        var delivered = _cloud.Delivered.ToArray();
        Assert.Equal("json", delivered[0].Route);
        Assert.False(delivered[0].SaveToSentItems);
        Assert.Equal("<s.1@contoso.example>", delivered[0].Message!.Value.GetProperty("internetMessageId").GetString());
        Assert.Equal("draft", delivered[1].Route);
        var property = delivered[1].Message!.Value.GetProperty("singleValueExtendedProperties")[0];
        Assert.Equal("Boolean 0x0E01", property.GetProperty("id").GetString());
        Assert.Equal("true", property.GetProperty("value").GetString());
    }

    [Fact]
    public async Task At_most_four_requests_per_mailbox_are_in_flight()
    {
        _cloud.Hold = TimeSpan.FromMilliseconds(150);
        await using var transport = SecretTransport();

        var sends = Enumerable.Range(0, 12)
            .Select(i => transport.SendAsync(Message($"c.{i}@contoso.example", from: i % 3 == 0 ? "other@contoso.example" : Mailbox), CancellationToken.None))
            .ToList();
        var outcomes = await Task.WhenAll(sends);

        Assert.All(outcomes, o => Assert.Equal(TransportOutcomeKind.Sent, o.Kind));
        Assert.Equal(12, _cloud.Delivered.Count);
        Assert.InRange(_cloud.MaxInFlight(Mailbox), 2, 4);
        Assert.InRange(_cloud.MaxInFlight("other@contoso.example"), 1, 4);
        Assert.Equal(1, _cloud.Count("token"));
    }

    [Fact]
    public void Options_outside_graphs_limits_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GraphTransportOptions { MaxConcurrentRequestsPerMailbox = 5 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new GraphTransportOptions { UploadChunkSize = 5 * 1024 * 1024 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new GraphTransportOptions { UploadChunkSize = 1_000_000 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new GraphTransportOptions { GraphBaseUrl = new Uri("http://graph.example") }.Validate());
        new GraphTransportOptions { UploadChunkSize = 12 * GraphTransportOptions.UploadChunkUnit }.Validate();
    }
}
