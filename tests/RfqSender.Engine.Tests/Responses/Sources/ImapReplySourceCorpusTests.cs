using RfqSender.Engine.Responses;
using RfqSender.Engine.Responses.Sources;
using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Tests.Responses.Sources;

/// <summary>
/// The IMAP source passes the corpus contract against a real Dovecot (tests/ci/start-dovecot.sh), and
/// what only it does: STARTTLS and implicit TLS with the certificate validated, PLAIN and LOGIN,
/// incremental reads by UID, a changed UIDVALIDITY, moving processed messages, and its errors.
/// </summary>
public sealed class ImapReplySourceCorpusTests : ReplySourceCorpusContract
{
    private readonly List<string> _folders = new();
    private DovecotTestServer? _server;

    private DovecotTestServer Server => _server ??= DovecotTestServer.Require();

    protected override Func<IReplySource> Mailbox(IReadOnlyList<string> corpusFiles)
    {
        var folder = Server.CreateFolderAsync(corpusFiles).GetAwaiter().GetResult();
        _folders.Add(folder);
        return () => new ImapReplySource(Server.Source(folder));
    }

    public override void Dispose()
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

        base.Dispose();
    }

    [SkippableFact]
    public async Task The_seeded_inbox_is_read_over_starttls_without_changing_a_flag()
    {
        using var store = OpenStore();
        await CorpusCampaign.SeedAsync(store);
        foreach (var authentication in new[] { ImapAuthentication.Plain, ImapAuthentication.Login, ImapAuthentication.Auto })
        {
            var settings = Server.Source("INBOX", ImapSecurity.StartTls);
            settings.Authentication = authentication;
            await using var source = new ImapReplySource(settings);
            var result = await new ReplyReceiver(store, Options).ReceiveAsync(source, null, CancellationToken.None);
            Assert.Equal(authentication == ImapAuthentication.Plain ? Server.InboxCount : 0, result.Read);
        }

        Assert.Equal((Server.InboxCount, 0), await Server.CountAsync("INBOX"));
        var state = await store.GetSourceStateAsync(new ImapReplySource(Server.Source("INBOX", ImapSecurity.StartTls)).Name, "INBOX", CancellationToken.None);
        Assert.Equal(Server.InboxCount, (int)state!.LastUid!.Value);
        Assert.All(await store.GetInboundAsync(new InboundQuery(), CancellationToken.None), r => Assert.StartsWith(state.UidValidity + ":", r.SourceId, StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Only_messages_after_the_last_uid_are_read_and_a_changed_uidvalidity_reads_all_again_recording_nothing_twice()
    {
        var files = AllFiles;
        var open = Mailbox(files.Take(20).ToList());
        var folder = _folders.Single();
        using var store = OpenStore();
        await CorpusCampaign.SeedAsync(store);
        await using (var source = open())
        {
            Assert.Equal(20, (await new ReplyReceiver(store, Options).ReceiveAsync(source, null, CancellationToken.None)).Recorded);
        }

        await Server.AppendAsync(folder, files.Skip(20));
        ReceiveResult more;
        await using (var source = open())
        {
            more = await new ReplyReceiver(store, Options).ReceiveAsync(source, null, CancellationToken.None);
        }

        Assert.Equal((files.Count - 20, files.Count - 20), (more.Read, more.Recorded));

        // The same messages in a folder made again under that name: a new UIDVALIDITY.
        await Server.DeleteFolderAsync(folder);
        _folders.Clear();
        var again = Server.CreateFolderAsync(files).GetAwaiter().GetResult();
        _folders.Add(again);
        ReceiveResult reread;
        await using (var source = new ImapReplySource(Server.Source(again)))
        {
            reread = await new ReplyReceiver(store, Options).ReceiveAsync(source, null, CancellationToken.None);
        }

        Assert.Equal((files.Count, 0, files.Count, 0), (reread.Read, reread.Recorded, reread.AlreadyRecorded, reread.DeliveriesChanged));
    }

    [SkippableFact]
    public async Task Processed_messages_are_moved_to_the_folder_named_and_none_is_lost()
    {
        var files = AllFiles.Take(6).ToList();
        Mailbox(files);
        var inbox = _folders.Single();
        var processed = Server.CreateFolderAsync(Array.Empty<string>(), "processed").GetAwaiter().GetResult();
        _folders.Add(processed);
        using var store = OpenStore();
        await CorpusCampaign.SeedAsync(store);
        var settings = Server.Source(inbox);
        settings.MoveProcessedTo = processed;

        await using (var source = new ImapReplySource(settings))
        {
            Assert.Equal(6, (await new ReplyReceiver(store, Options).ReceiveAsync(source, null, CancellationToken.None)).Recorded);
        }

        Assert.Equal(0, (await Server.CountAsync(inbox)).Count);
        Assert.Equal(6, (await Server.CountAsync(processed)).Count);
    }

    [SkippableFact]
    public async Task A_wrong_password_an_untrusted_certificate_and_a_missing_folder_are_clear_errors_without_the_password()
    {
        using var store = OpenStore();
        var wrong = Server.Source();
        wrong.Password = Server.Password("not-the-Passw0rd-42");
        var signIn = await Assert.ThrowsAsync<RfqSenderException>(() => ReadAllAsync(new ImapReplySource(wrong), store));
        Assert.Equal(FailureKind.Configuration, signIn.Kind);
        Assert.Contains("refused the sign-in of 'rfqimap'", signIn.Message);
        Assert.DoesNotContain("not-the-Passw0rd-42", signIn.ToString());

        var untrusted = Server.Source();
        untrusted.TrustedCaCertificatePath = null;
        var certificate = await Assert.ThrowsAsync<RfqSenderException>(() => ReadAllAsync(new ImapReplySource(untrusted), store));
        Assert.Contains("certificate is not trusted", certificate.Message);
        Assert.Contains("not issued by a trusted root CA", certificate.Message);

        var missing = await Assert.ThrowsAsync<RfqSenderException>(() => ReadAllAsync(new ImapReplySource(Server.Source("No-Such-Folder")), store));
        Assert.Contains("has no folder 'No-Such-Folder'", missing.Message);

        var plainOnly = Server.Source();
        plainOnly.Security = ImapSecurity.StartTls;
        plainOnly.Port = Server.ImapsPort;
        plainOnly.Timeout = TimeSpan.FromSeconds(2);
        var mismatch = await Assert.ThrowsAsync<RfqSenderException>(() => ReadAllAsync(new ImapReplySource(plainOnly), store));
        Assert.Contains("did not answer within 2 s", mismatch.Message);
        Assert.Equal(FailureKind.Transport, mismatch.Kind);
        Assert.Throws<RfqSenderException>(() => new ImapReplySource(new ReplySourceSettings { Kind = ReplySourceKind.Imap, Server = "x" }));
    }

    private static async Task ReadAllAsync(IReplySource source, IInboundStore store)
    {
        await using (source)
        {
            await foreach (var _ in source.ReadAsync(store, CancellationToken.None))
            {
            }
        }
    }
}
