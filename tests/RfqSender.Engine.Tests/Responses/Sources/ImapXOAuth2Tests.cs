using RfqSender.Engine.Responses;
using RfqSender.Engine.Responses.Sources;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Tests.Responses.Sources;

/// <summary>
/// XOAUTH2 sign-in (Exchange Online IMAP) against the real Dovecot, whose oauth2 passdb checks each
/// token at an introspection endpoint this test serves: the token it issued signs in and reads, any
/// other is refused by the server, and no token reaches the source's description or an error.
/// </summary>
public sealed class ImapXOAuth2Tests : IDisposable
{
    private readonly TestFolder _temp = new();
    private readonly List<string> _folders = new();
    private DovecotTestServer? _server;

    private DovecotTestServer Server => _server ??= DovecotTestServer.Require();

    public void Dispose()
    {
        foreach (var folder in _folders)
        {
            try
            {
                _server!.DeleteFolderAsync(folder).GetAwaiter().GetResult();
            }
            catch (MailKit.FolderNotFoundException)
            {
                // Gone already.
            }
        }

        _temp.Dispose();
    }

    [SkippableFact]
    public async Task A_token_dovecot_finds_active_signs_in_and_the_folder_is_read()
    {
        using var endpoint = await StartEndpointAsync();
        var files = ResponseCorpus.Cases.Select(c => c.GetProperty("file").GetString()!).Take(5).ToList();
        var folder = await Server.CreateFolderAsync(files, "oauth");
        _folders.Add(folder);
        using var store = OpenStore();
        await CorpusCampaign.SeedAsync(store);
        var asked = 0;
        var settings = Server.TokenSource(folder, _ =>
        {
            Interlocked.Increment(ref asked);
            return Task.FromResult(endpoint.IssuedToken);
        });

        ReceiveResult result;
        await using (var source = ReplySourceFactory.Create(settings))
        {
            Assert.DoesNotContain(endpoint.IssuedToken, source.Description);
            Assert.DoesNotContain(endpoint.IssuedToken, source.Name);
            result = await new ReplyReceiver(store, new ReceiveOptions { QuotesFolder = _temp.Combine("quotes"), ReadBy = "reader" }).ReceiveAsync(source, null, CancellationToken.None);
        }

        Assert.Equal((5, 5), (result.Read, result.Recorded));
        Assert.Equal(1, asked);
        Assert.Contains(endpoint.IssuedToken, endpoint.Asked);
        Assert.DoesNotContain(endpoint.IssuedToken, settings.ToString());
        var recorded = await store.GetInboundAsync(new InboundQuery(), CancellationToken.None);
        Assert.Equal(5, recorded.Count);
        Assert.All(recorded, r => Assert.DoesNotContain(endpoint.IssuedToken, r.Source + r.SourceId + r.MatchReason));
    }

    [SkippableFact]
    public async Task A_token_dovecot_finds_inactive_is_a_clear_sign_in_error_without_the_token()
    {
        using var endpoint = await StartEndpointAsync();
        using var store = OpenStore();
        const string rejected = "eyJ0eXAiOiJKV1QifQ.rejected-Token-0123456789.sig";
        var settings = Server.TokenSource("INBOX", _ => Task.FromResult(rejected));

        var error = await Assert.ThrowsAsync<RfqSenderException>(async () =>
        {
            await using var source = new ImapReplySource(settings);
            await foreach (var _ in source.ReadAsync(store, CancellationToken.None))
            {
            }
        });

        // Dovecot really asked about it (the refusal is the server's, not a short cut of the client's).
        Assert.Contains(rejected, endpoint.Asked);
        Assert.Equal(FailureKind.Configuration, error.Kind);
        Assert.Contains("refused the sign-in of 'rfqimap' (XOAuth2)", error.Message);
        Assert.Contains("https://outlook.office365.com/.default", error.Message);
        Assert.DoesNotContain("rejected-Token", error.ToString());
        Assert.Empty(await store.GetInboundAsync(new InboundQuery(), CancellationToken.None));
    }

    [Fact]
    public void XOAuth2_without_a_token_source_is_refused_before_connecting_and_names_what_is_missing()
    {
        var settings = new ReplySourceSettings { Kind = ReplySourceKind.Imap, Server = "imap.example.invalid", UserName = "rfq@contoso.com", Authentication = ImapAuthentication.XOAuth2 };
        var error = Assert.Throws<RfqSenderException>(() => ReplySourceFactory.Create(settings));
        Assert.Contains("an access token", error.Message);
        Assert.DoesNotContain("the password", error.Message);

        // With a token source no password is asked for.
        settings.AccessTokenProvider = _ => Task.FromResult("x");
        Assert.NotNull(ReplySourceFactory.Create(settings));
    }

    private async Task<OAuthIntrospectionEndpoint> StartEndpointAsync()
    {
        var url = Server.IntrospectionUrl;
        if (url is null)
        {
            const string how = "the running Dovecot has no oauth2 passdb: run tests/ci/start-dovecot.sh again as root.";
            if (DovecotTestServer.Required)
            {
                throw new InvalidOperationException(how);
            }

            throw new SkipException(how);
        }

        return await OAuthIntrospectionEndpoint.StartAsync(url, Server.User);
    }

    private IDeliveryStore OpenStore() => DeliveryStoreFactory.Open(StoreSettings.Sqlite(_temp.Combine("store", "rfq.db")), create: true);
}
