using System.Collections.Concurrent;
using RfqSender.Engine.Authentication;
using RfqSender.Engine.Transports;
using RfqSender.Engine.Transports.Graph;
using RfqSender.Graph.Tests.Authentication;
using RfqSender.Graph.Tests.Fakes;

namespace RfqSender.Graph.Tests.Transports;

/// <summary>The Graph HTTP pipeline on its own, as a mailbox reader will use it, against the fake Graph.</summary>
public sealed class GraphClientTests : IAsyncLifetime
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

    private GraphClient Client()
    {
        var options = new GraphTransportOptions { GraphBaseUrl = _cloud.BaseUrl };
        options.Delay = (delay, _) =>
        {
            _waits.Enqueue(delay);
            return Task.CompletedTask;
        };
        var settings = new GraphAuthenticationSettings
        {
            TenantId = _cloud.TenantId,
            ClientId = _cloud.ClientId,
            ClientSecret = TokenAcquisitionTests.ToSecure(_cloud.ClientSecret),
            AuthorityHost = _cloud.BaseUrl,
        };
        return new GraphClient(settings.CreateTokenProvider(_handler), options, _handler);
    }

    [Fact]
    public async Task A_get_throttled_with_retry_after_waits_as_told_and_then_reads_the_answer()
    {
        _cloud.Enqueue("listMessages", GraphFault.Throttle("7"));
        using var client = Client();

        var response = await client.GetAsync(Mailbox, GraphClient.UserPath(Mailbox, "messages?$top=10"), CancellationToken.None);

        Assert.Equal(200, response.Status);
        Assert.Contains("\"value\"", response.Body);
        Assert.Equal(new[] { TimeSpan.FromSeconds(7) }, _waits);
        Assert.Equal(new[] { 429, 200 }, _cloud.Requests.Where(r => r.Operation == "listMessages").Select(r => r.Status));
        Assert.Empty(_cloud.Problems);
    }

    [Fact]
    public async Task A_401_renews_the_token_once_and_retries_the_get()
    {
        using var client = Client();
        await client.GetAsync(Mailbox, GraphClient.UserPath(Mailbox, "messages"), CancellationToken.None);
        _cloud.RevokeTokens();

        var response = await client.GetAsync(Mailbox, GraphClient.UserPath(Mailbox, "messages"), CancellationToken.None);

        Assert.Equal(200, response.Status);
        Assert.Equal(2, _cloud.Count("token"));
        Assert.Equal(new[] { 200, 401, 200 }, _cloud.Requests.Where(r => r.Operation == "listMessages").Select(r => r.Status));
    }

    [Fact]
    public async Task A_get_can_copy_the_body_to_a_stream()
    {
        using var client = Client();
        using var body = new MemoryStream();

        var response = await client.GetToStreamAsync(Mailbox, GraphClient.UserPath(Mailbox, "messages"), body, CancellationToken.None);

        Assert.Equal(200, response.Status);
        Assert.Contains("\"value\"", System.Text.Encoding.UTF8.GetString(body.ToArray()));
    }

    [Fact]
    public async Task Still_throttled_after_the_retries_is_a_transient_failure_with_the_hint_and_no_secret()
    {
        for (var i = 0; i < 5; i++)
        {
            _cloud.Enqueue("listMessages", GraphFault.Throttle("1"));
        }

        using var client = Client();

        var failure = await Assert.ThrowsAsync<GraphRequestFailure>(() => client.GetAsync(Mailbox, GraphClient.UserPath(Mailbox, "messages"), CancellationToken.None));

        Assert.Equal(TransportOutcomeKind.Transient, failure.Outcome.Kind);
        Assert.Contains("still throttled after 3 retries", failure.Outcome.Detail);
        Assert.DoesNotContain(_cloud.ClientSecret, failure.Outcome.Detail);
        Assert.Equal(3, _waits.Count);
    }
}
