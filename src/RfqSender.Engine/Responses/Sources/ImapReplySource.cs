using System.Net;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using RfqSender.Engine.Tracking;
using RfqSender.Engine.Transports.Smtp;

namespace RfqSender.Engine.Responses.Sources;

/// <summary>
/// An IMAP folder read with MailKit: TLS or STARTTLS with the server's certificate validated, a sign-in
/// with user name and password (PLAIN, LOGIN or the strongest the server offers) or an OAuth 2.0 access
/// token (XOAUTH2, Exchange Online), and incremental reads:
/// only UIDs after the last one recorded, while the folder's UIDVALIDITY is the one remembered (when it
/// changed, every message is looked at again and those recorded, by source id or Message-ID, are
/// skipped). Messages are fetched with BODY.PEEK, so not even their \Seen flag changes; nothing is
/// deleted. With <see cref="ReplySourceSettings.MoveProcessedTo"/> each recorded message is moved
/// there. One message is held in memory at a time.
/// </summary>
public sealed class ImapReplySource : IReplySource
{
    private const int Batch = 100;

    private readonly ReplySourceSettings _settings;
    private ImapClient? _client;
    private IMailFolder? _folder;
    private IMailFolder? _moveTo;

    /// <summary>A source over the IMAP folder the settings name; it connects when first read.</summary>
    /// <exception cref="RfqSenderException">The settings lack the server, the user name or the password.</exception>
    public ImapReplySource(ReplySourceSettings settings)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(settings.Server))
        {
            missing.Add("the server");
        }

        if (string.IsNullOrWhiteSpace(settings.UserName))
        {
            missing.Add("the user name");
        }

        if (settings.Authentication == ImapAuthentication.XOAuth2)
        {
            if (settings.AccessTokenProvider is null)
            {
                missing.Add("an access token (an Entra ID sign-in: a client secret, a certificate, a managed identity, or a token given)");
            }
        }
        else if (settings.Password is null)
        {
            missing.Add($"the password (a credential, or ${Settings.SettingsLoader.ImapPasswordVariable})");
        }

        if (missing.Count > 0)
        {
            throw new RfqSenderException(FailureKind.InvalidInput, $"An IMAP source needs {string.Join(", ", missing)}.");
        }

        Name = $"imap://{Uri.EscapeDataString(settings.UserName!)}@{settings.Server!.Trim().ToLowerInvariant()}:{settings.EffectivePort}";
    }

    /// <inheritdoc />
    /// <remarks><c>imap://user@host:port</c>: the account, never its password; the folder is the read state's.</remarks>
    public string Name { get; }

    /// <inheritdoc />
    public string Description => $"{Name}/{_settings.Folder}";

    /// <inheritdoc />
    public async IAsyncEnumerable<SourceMessage> ReadAsync(IInboundStore store, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (store is null)
        {
            throw new ArgumentNullException(nameof(store));
        }

        var folder = await Guard(() => OpenAsync(cancellationToken)).ConfigureAwait(false);
        var validity = (long)folder.UidValidity;
        var state = await store.GetSourceStateAsync(Name, folder.FullName, cancellationToken).ConfigureAwait(false);
        var after = state is { UidValidity: long known, LastUid: long last } && known == validity ? last : 0L;
        var uids = await Guard(() => folder.SearchAsync(
            after == 0 ? SearchQuery.All : SearchQuery.Uids(new UniqueIdRange(new UniqueId((uint)after + 1), UniqueId.MaxValue)),
            cancellationToken)).ConfigureAwait(false);

        // "n:*" names the last message even when its UID is below n.
        var todo = uids.Where(u => u.Id > after).OrderBy(u => u.Id).ToList();
        for (var start = 0; start < todo.Count; start += Batch)
        {
            var batch = todo.Skip(start).Take(Batch).ToList();
            var recorded = await store.GetRecordedSourceIdsAsync(Name, batch.Select(u => SourceId(validity, u)).ToList(), cancellationToken).ConfigureAwait(false);
            var fresh = batch.Where(u => !recorded.Contains(SourceId(validity, u))).ToList();
            if (_moveTo is not null && fresh.Count < batch.Count)
            {
                // Recorded by an earlier read that stopped before moving them.
                var done = batch.Where(u => recorded.Contains(SourceId(validity, u))).ToList();
                await Guard(() => folder.MoveToAsync(done, _moveTo, cancellationToken)).ConfigureAwait(false);
            }

            if (fresh.Count == 0)
            {
                continue;
            }

            var arrived = (await Guard(() => folder.FetchAsync(fresh, MessageSummaryItems.UniqueId | MessageSummaryItems.InternalDate, cancellationToken)).ConfigureAwait(false))
                .ToDictionary(s => s.UniqueId.Id, s => s.InternalDate);
            foreach (var uid in fresh)
            {
                var content = await Guard(() => DownloadAsync(folder, uid, cancellationToken)).ConfigureAwait(false);
                if (content is null)
                {
                    continue;
                }

                var state2 = new SourceReadState { Source = Name, Folder = folder.FullName, UidValidity = validity, LastUid = uid.Id, UpdatedAt = DateTimeOffset.UtcNow };
                yield return new SourceMessage(SourceId(validity, uid), folder.FullName, content, arrived.TryGetValue(uid.Id, out var at) ? at : null, state2) { Handle = uid };
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>Moves the message to <see cref="ReplySourceSettings.MoveProcessedTo"/> when one is named.</remarks>
    public async Task CompleteAsync(SourceMessage message, CancellationToken cancellationToken)
    {
        if (_moveTo is not null && _folder is not null && message?.Handle is UniqueId uid)
        {
            await Guard(() => _folder.MoveToAsync(uid, _moveTo, cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_client is null)
        {
            return;
        }

        try
        {
            if (_client.IsConnected)
            {
                await _client.DisconnectAsync(quit: true, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ImapProtocolException or ImapCommandException or OperationCanceledException)
        {
            // The session is over either way.
        }

        _client.Dispose();
        _client = null;
    }

    private static string SourceId(long validity, UniqueId uid) => validity.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + uid.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<byte[]?> DownloadAsync(IMailFolder folder, UniqueId uid, CancellationToken cancellationToken)
    {
        try
        {
            using var stream = await folder.GetStreamAsync(uid, cancellationToken).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, 81920, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
        catch (MessageNotFoundException)
        {
            // Expunged by someone else since it was listed.
            return null;
        }
    }

    private async Task<IMailFolder> OpenAsync(CancellationToken cancellationToken)
    {
        if (_folder is not null)
        {
            return _folder;
        }

        var validator = new SmtpCertificateValidator(TrustSettings());
        var client = new ImapClient
        {
            Timeout = (int)Math.Min(int.MaxValue, _settings.Timeout.TotalMilliseconds),

            // As the SMTP client: no online revocation check (the certificate itself is validated).
            CheckCertificateRevocation = false,
            ServerCertificateValidationCallback = validator.Validate,
        };
        _client = client;
        var host = _settings.Server!.Trim();
        try
        {
            await client.ConnectAsync(host, _settings.EffectivePort, _settings.Security == ImapSecurity.Tls ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls, cancellationToken).ConfigureAwait(false);
        }
        catch (SslHandshakeException ex)
        {
            throw new RfqSenderException(
                FailureKind.Configuration,
                $"The IMAP server {host}:{_settings.EffectivePort} was refused: its certificate is not trusted ({validator.Failure ?? ex.Message}). Trust its CA (TrustedCaCertificatePath) or pin its thumbprint.",
                ex);
        }

        try
        {
            switch (_settings.Authentication)
            {
                case ImapAuthentication.XOAuth2:
                    RequireMechanism(client, "XOAUTH2");
                    var token = await _settings.AccessTokenProvider!(cancellationToken).ConfigureAwait(false);
                    await client.AuthenticateAsync(new SaslMechanismOAuth2(_settings.UserName!, token), cancellationToken).ConfigureAwait(false);
                    break;
                case ImapAuthentication.Plain:
                    RequireMechanism(client, "PLAIN");
                    await client.AuthenticateAsync(new SaslMechanismPlain(Credentials()), cancellationToken).ConfigureAwait(false);
                    break;
                case ImapAuthentication.Login:
                    RequireMechanism(client, "LOGIN");
                    await client.AuthenticateAsync(new SaslMechanismLogin(Credentials()), cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    await client.AuthenticateAsync(Credentials(), cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
        catch (AuthenticationException ex)
        {
            throw new RfqSenderException(
                FailureKind.Configuration,
                $"The IMAP server {host} refused the sign-in of '{_settings.UserName}' ({_settings.Authentication}): {ex.Message} "
                + (_settings.Authentication == ImapAuthentication.XOAuth2
                    ? "Check the user name (the mailbox) and the token: it must be issued for Exchange Online (https://outlook.office365.com/.default) to an app the mailbox grants IMAP access (IMAP.AccessAsApp and an Exchange service principal with mailbox permission)."
                    : "Check the user name and password."),
                ex);
        }

        var folder = await FolderAsync(client, _settings.Folder, cancellationToken).ConfigureAwait(false);
        if (_settings.MoveProcessedTo is { Length: > 0 } moveTo)
        {
            _moveTo = await FolderAsync(client, moveTo, cancellationToken).ConfigureAwait(false);
        }

        await folder.OpenAsync(_moveTo is null ? FolderAccess.ReadOnly : FolderAccess.ReadWrite, cancellationToken).ConfigureAwait(false);
        return _folder = folder;
    }

    private NetworkCredential Credentials() => new(_settings.UserName, _settings.Password);

    private void RequireMechanism(ImapClient client, string mechanism)
    {
        if (!client.AuthenticationMechanisms.Contains(mechanism))
        {
            throw new RfqSenderException(
                FailureKind.Configuration,
                $"The IMAP server {_settings.Server} does not offer {mechanism} sign-in (it offers {(client.AuthenticationMechanisms.Count == 0 ? "none" : string.Join(", ", client.AuthenticationMechanisms))}); choose another authentication.");
        }
    }

    private async Task<IMailFolder> FolderAsync(ImapClient client, string name, CancellationToken cancellationToken)
    {
        if (string.Equals(name, "INBOX", StringComparison.OrdinalIgnoreCase))
        {
            return client.Inbox;
        }

        try
        {
            return await client.GetFolderAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (FolderNotFoundException ex)
        {
            throw new RfqSenderException(FailureKind.InvalidInput, $"The IMAP mailbox {Name} has no folder '{name}'. Name a folder that exists (create it in a mail client first).", ex);
        }
    }

    private SmtpSettings TrustSettings()
    {
        // The SMTP transport's certificate rules, for the same choices (system trust, an extra CA, pinned thumbprints).
        var trust = new SmtpSettings
        {
            Server = _settings.Server!.Trim(),
            SkipCertificateValidation = _settings.SkipCertificateValidation,
            TrustedCaCertificatePath = _settings.TrustedCaCertificatePath,
        };
        foreach (var thumbprint in _settings.TrustedCertificateThumbprints)
        {
            trust.TrustedCertificateThumbprints.Add(thumbprint);
        }

        return trust;
    }

    /// <summary>Runs a step against the server, turning MailKit's and the network's failures into the engine's, without any secret.</summary>
    private async Task<T> Guard<T>(Func<Task<T>> step)
    {
        try
        {
            return await step().ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            throw new RfqSenderException(FailureKind.Transport, $"Reading {Description} failed: the server did not answer within {_settings.Timeout.TotalSeconds:0} s (is {_settings.Security} the security its port {_settings.EffectivePort} speaks?).", ex);
        }
        catch (Exception ex) when (ex is ImapCommandException or ImapProtocolException or IOException or SocketException or ServiceNotConnectedException or FolderNotOpenException)
        {
            throw new RfqSenderException(FailureKind.Transport, $"Reading {Description} failed: {ex.Message}", ex);
        }
    }

    private async Task Guard(Func<Task> step) => await Guard(async () =>
    {
        await step().ConfigureAwait(false);
        return true;
    }).ConfigureAwait(false);
}
