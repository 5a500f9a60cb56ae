using System.Globalization;
using System.Security.Authentication;
using System.Text;
using RfqSender.Engine.Authentication.Sasl;
using RfqSender.Engine.Messages;

namespace RfqSender.Engine.Transports.Smtp;

/// <summary>
/// An RFC 5321 / RFC 6409 mail submission client that keeps one connection open for many messages.
/// </summary>
/// <remarks>
/// <para>Connection set-up: TCP with TCP_NODELAY, implicit TLS or STARTTLS as
/// <see cref="SmtpSettings.EffectiveTlsMode"/> says, EHLO (HELO when EHLO is refused), AUTH PLAIN,
/// LOGIN or XOAUTH2. Certificates are validated unless <see cref="SmtpSettings.SkipCertificateValidation"/>.</para>
/// <para>Each message: the MIME text is rendered once into a buffer (pooled memory, a temporary file
/// above 4 MiB) that gives its size (checked against the server's SIZE, sent as <c>SIZE=</c>) and is
/// then copied through dot-stuffing to the socket. MAIL FROM, every RCPT TO and DATA go out in one
/// write when the server offers PIPELINING; in a sequence (<see cref="SendManyAsync"/>) they follow
/// the previous message's final dot before its reply (RFC 2920). Internationalised
/// addresses use SMTPUTF8 (and 8BITMIME) when offered, and are refused before sending otherwise.</para>
/// <para>Recipients: the message is sent when at least one To recipient is accepted; refused To or Cc
/// recipients are listed in the outcome's detail and <see cref="TransportOutcome.Refused"/> (each
/// marked for now or for good). When every To recipient is refused nothing is sent: Transient if any
/// refusal was 4xx, else Permanent. A message with <see cref="OutgoingMessage.EnvelopeRecipients"/>
/// (recipients refused earlier, tried again) is sent when any of them is accepted.</para>
/// <para>Failures: RSET after a failed transaction; a 421 or a lost connection closes the connection
/// and the next message reconnects (a message whose reused connection turned out dead before the
/// server answered anything is retried once on a fresh one). Credentials refused or a certificate
/// not trusted throw (<see cref="SmtpAuthenticationException"/>, <see cref="SmtpCertificateException"/>):
/// they concern every message, so the sender must stop.</para>
/// <para>One message at a time: concurrent calls wait for each other.</para>
/// </remarks>
public sealed class SmtpSubmissionClient : IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan QuitTimeout = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly MimeMessageWriter _asciiWriter = new(MimeWriterOptions.Default);
    private readonly MimeMessageWriter _utf8Writer = new(new MimeWriterOptions { AllowUtf8 = true });
    private readonly RenderedMessageBuffer _rendered = new();
    private SmtpConnection? _connection;
    private SmtpPreparedMessage? _prepared;
    private SmtpConnection? _envelopeSentOn;
    private bool _disposed;
    private long _stepStarted;

    /// <summary>Creates a client; nothing is connected until the first message or <see cref="ConnectAsync"/>.</summary>
    /// <exception cref="SmtpConfigurationException">The settings are not valid.</exception>
    public SmtpSubmissionClient(SmtpSettings settings)
    {
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        settings.Validate();
    }

    /// <summary>The settings in use.</summary>
    public SmtpSettings Settings { get; }

    /// <summary>True while a connection is open and usable.</summary>
    public bool IsConnected => _connection is { IsBroken: false };

    /// <summary>True when the open connection is encrypted.</summary>
    public bool IsEncrypted => _connection is { IsBroken: false, IsEncrypted: true };

    /// <summary>The TLS protocol of the open connection, or null.</summary>
    public SslProtocols? TlsProtocol => _connection?.TlsProtocol;

    /// <summary>What the server announced in its last EHLO reply, or null before connecting.</summary>
    public SmtpCapabilities? Capabilities { get; private set; }

    /// <summary>Receives each step of a connection's set-up as it completes (a transport check); null for none.</summary>
    internal Action<SmtpSetupStep>? SetupObserver { get; set; }

    /// <summary>The set-up step under way (e.g. <c>AUTH</c>), or null: after a failed set-up, the step that failed.</summary>
    internal string? SetupStep { get; private set; }

    /// <summary>How long the step under way has taken so far.</summary>
    internal TimeSpan SetupStepElapsed => Elapsed(_stepStarted);

    /// <summary>How many TCP connections this client has opened in its lifetime.</summary>
    public int ConnectionsOpened { get; private set; }

    /// <summary>How many messages the server accepted through this client.</summary>
    public long MessagesSent { get; private set; }

    /// <summary>
    /// Opens and sets up the connection (TLS, EHLO, AUTH) unless one is open. Not needed before
    /// <see cref="SendAsync"/>, which connects on demand; useful to check settings up front.
    /// </summary>
    /// <exception cref="SmtpConnectionException">The server cannot be reached or refused the session for now.</exception>
    /// <exception cref="SmtpAuthenticationException">The credentials were refused.</exception>
    /// <exception cref="SmtpCertificateException">The server's certificate is not trusted.</exception>
    /// <exception cref="SmtpConfigurationException">TLS or AUTH as configured is not possible with this server.</exception>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await EnsureConnectedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Sends one message and classifies the result; failures of the message or the connection are
    /// returned as outcomes, not thrown.
    /// </summary>
    /// <exception cref="SmtpAuthenticationException">The credentials were refused (on connecting).</exception>
    /// <exception cref="SmtpCertificateException">The server's certificate is not trusted.</exception>
    /// <exception cref="SmtpConfigurationException">TLS or AUTH as configured is not possible with this server.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the connection is closed, and a message interrupted after its content was sent may have been delivered.</exception>
    public async Task<SmtpSendResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        if (message is null)
        {
            throw new ArgumentNullException(nameof(message));
        }

        SmtpSendResult? only = null;
        await SendManyAsync(new[] { message }, (_, result) =>
        {
            only = result;
            return Task.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);
        return only!;
    }

    /// <summary>
    /// Sends several messages in order over the one connection, and reports each result through
    /// <paramref name="onResult"/> (index, result) as soon as it is known, before the next message's
    /// content goes out. When the server offers PIPELINING, the next message's MAIL FROM, RCPT TO and
    /// DATA follow the previous message's final dot without waiting for its reply (RFC 2920), which
    /// saves a round trip per message; without it the messages go lock-step as with
    /// <see cref="SendAsync(OutgoingMessage, CancellationToken)"/>.
    /// </summary>
    /// <remarks>
    /// Each result is exactly what a single send of that message would give: a server error on a
    /// pipelined command concerns its own message only; a connection lost after a final dot whose
    /// reply was not read leaves that message in doubt, and the next message (whose content never went
    /// out) is tried on a fresh connection. When <paramref name="onResult"/> or the client throws, the
    /// messages not yet reported were not sent: their content never went out.
    /// </remarks>
    /// <exception cref="SmtpAuthenticationException">The credentials were refused (on connecting).</exception>
    /// <exception cref="SmtpCertificateException">The server's certificate is not trusted.</exception>
    /// <exception cref="SmtpConfigurationException">TLS or AUTH as configured is not possible with this server.</exception>
    public async Task SendManyAsync(IReadOnlyList<OutgoingMessage> messages, Func<int, SmtpSendResult, Task> onResult, CancellationToken cancellationToken)
    {
        if (messages is null || messages.Any(m => m is null))
        {
            throw new ArgumentNullException(nameof(messages));
        }

        if (onResult is null)
        {
            throw new ArgumentNullException(nameof(onResult));
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfDisposed();
            for (var index = 0; index < messages.Count; index++)
            {
                var result = await SendOneAsync(messages[index], index + 1 < messages.Count ? messages[index + 1] : null, cancellationToken).ConfigureAwait(false);
                await onResult(index, result).ConfigureAwait(false);
            }
        }
        finally
        {
            if (_envelopeSentOn is { } pending)
            {
                // A pipelined envelope whose message will not follow: its server waits for content
                // that must not come, and closing is the only way to drop that transaction.
                pending.Abort();
            }

            _envelopeSentOn = null;
            _prepared = null;
            _rendered.Clear();
            _gate.Release();
        }
    }

    private async Task<SmtpSendResult> SendOneAsync(OutgoingMessage message, OutgoingMessage? next, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            bool reused;
            try
            {
                reused = await EnsureConnectedAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (SmtpConnectionException ex)
            {
                return ConnectionFailure(ex, Array.Empty<SmtpRecipientResult>());
            }

            var (result, retry) = await TransactAsync(_connection!, message, next, cancellationToken).ConfigureAwait(false);
            if (retry && reused && attempt == 0)
            {
                continue;
            }

            if (result.Outcome.Kind == TransportOutcomeKind.Sent)
            {
                MessagesSent++;
            }

            return result;
        }
    }

    private async Task PipelineNextEnvelopeAsync(SmtpConnection connection, OutgoingMessage next, SmtpCapabilities capabilities, CancellationToken cancellationToken)
    {
        var prepared = Prepare(next, capabilities);
        _prepared = prepared;
        if (prepared.Refusal is not null)
        {
            return;
        }

        try
        {
            await connection.WriteAsync(prepared.PipelinedEnvelope(), null, Settings.CommandTimeout, SmtpTransactionStage.MailFrom, cancellationToken).ConfigureAwait(false);
            _envelopeSentOn = connection;
        }
        catch (SmtpConnectionException)
        {
            // The connection broke: the final reply read that follows says so for this message, and
            // the next message starts afresh on a new connection (its content never went out).
        }
    }

    /// <summary>Sends QUIT and closes the connection, if one is open.</summary>
    public async Task DisconnectAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await QuitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Sends QUIT (briefly waiting for its reply) and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await QuitAsync(CancellationToken.None).ConfigureAwait(false);
            _disposed = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Closes the connection without QUIT.</summary>
    public void Dispose()
    {
        _disposed = true;
        _connection?.Dispose();
        _connection = null;
    }

    /// <summary>
    /// The envelope recipients: To, then Cc not already in To, duplicates removed; only
    /// <see cref="OutgoingMessage.EnvelopeRecipients"/> when the message names them.
    /// </summary>
    internal static List<(MailboxAddress Address, bool IsCc)> EnvelopeRecipients(OutgoingMessage message)
    {
        var seen = new HashSet<MailboxAddress>();
        if (message.EnvelopeRecipients is { } only)
        {
            return only.Where(seen.Add).Select(a => (a, !message.To.Contains(a))).ToList();
        }

        var list = new List<(MailboxAddress, bool)>(message.To.Count + message.Cc.Count);
        foreach (var to in message.To)
        {
            if (seen.Add(to))
            {
                list.Add((to, false));
            }
        }

        foreach (var cc in message.Cc.Concat(message.Bcc))
        {
            if (seen.Add(cc))
            {
                list.Add((cc, true));
            }
        }

        return list;
    }

    private static string Envelope(MailboxAddress address) => "<" + address.LocalPart + "@" + address.AsciiDomain + ">";

    private static SmtpSendResult ConnectionFailure(SmtpConnectionException ex, IReadOnlyList<SmtpRecipientResult> recipients)
    {
        var outcome = ex.Reply is not null
            ? new TransportOutcome(TransportOutcomeKind.Transient, ex.Message)
            : SmtpOutcomeClassifier.FromConnectionFailure(ex.Stage, ex.Message, ex.TimedOut);
        return new SmtpSendResult(outcome, recipients, ex.Stage, ex.Reply) { TimedOut = ex.TimedOut };
    }

    private static SmtpSendResult Refused(TransportOutcomeKind kind, string detail, IReadOnlyList<SmtpRecipientResult> recipients, SmtpTransactionStage stage, SmtpReply? reply) =>
        new(new TransportOutcome(kind, detail), recipients, stage, reply);

    private static string RefusedList(IEnumerable<SmtpRecipientResult> refused) =>
        string.Join("; ", refused.Select(r => $"{r.Address.Address}: {(r.Reply is null ? "no reply" : r.Reply.ToString())}"));

    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw new ObjectDisposedException(nameof(SmtpSubmissionClient));
        }
    }

    /// <summary>
    /// Renders the message once into <see cref="_rendered"/> (which validates every header, so nothing
    /// half-written reaches the server, and gives SIZE) and builds its envelope, or the refusal that
    /// keeps it off the wire.
    /// </summary>
    private SmtpPreparedMessage Prepare(OutgoingMessage message, SmtpCapabilities capabilities)
    {
        var prepared = new SmtpPreparedMessage(message, capabilities, EnvelopeRecipients(message));
        var noRecipients = Array.Empty<SmtpRecipientResult>();
        _rendered.Clear();
        var utf8 = message.RequiresSmtpUtf8;
        if (utf8 && !(capabilities.SmtpUtf8 && capabilities.EightBitMime))
        {
            var address = new[] { message.From }.Concat(prepared.Envelope.Select(e => e.Address)).First(a => a.RequiresSmtpUtf8);
            prepared.Refusal = Refused(
                TransportOutcomeKind.Permanent,
                $"the address {address.Address} has a non-ASCII local part, which needs SMTPUTF8 and 8BITMIME; {Settings.Server} does not offer them",
                noRecipients,
                SmtpTransactionStage.MailFrom,
                null);
            return prepared;
        }

        try
        {
            (utf8 ? _utf8Writer : _asciiWriter).Write(message, _rendered);
        }
        catch (MimeWriteException ex)
        {
            _rendered.Clear();
            prepared.Refusal = Refused(TransportOutcomeKind.Permanent, ex.Message, noRecipients, SmtpTransactionStage.MailFrom, null);
            return prepared;
        }

        var size = _rendered.Length;
        if (capabilities.MaxSize is long max && size > max)
        {
            _rendered.Clear();
            prepared.Refusal = Refused(
                TransportOutcomeKind.Permanent,
                $"the message is {size.ToString(CultureInfo.InvariantCulture)} bytes; {Settings.Server} accepts at most {max.ToString(CultureInfo.InvariantCulture)} (SIZE)",
                noRecipients,
                SmtpTransactionStage.MailFrom,
                null);
            return prepared;
        }

        var mail = new StringBuilder("MAIL FROM:").Append(Envelope(message.From));
        if (capabilities.Size)
        {
            mail.Append(" SIZE=").Append(size.ToString(CultureInfo.InvariantCulture));
        }

        if (utf8)
        {
            mail.Append(" SMTPUTF8 BODY=8BITMIME");
        }

        prepared.MailCommand = mail.Append("\r\n").ToString();
        return prepared;
    }

    private async Task<(SmtpSendResult Result, bool Retry)> TransactAsync(SmtpConnection connection, OutgoingMessage message, OutgoingMessage? next, CancellationToken cancellationToken)
    {
        var capabilities = Capabilities ?? SmtpCapabilities.None;
        var prepared = _prepared is { } earlier && ReferenceEquals(earlier.Message, message) && ReferenceEquals(earlier.Capabilities, capabilities)
            ? earlier
            : Prepare(message, capabilities);
        var envelopeSent = ReferenceEquals(_envelopeSentOn, connection) && ReferenceEquals(_prepared, prepared);
        _prepared = prepared;
        _envelopeSentOn = null;
        if (prepared.Refusal is { } refusal)
        {
            return (refusal, false);
        }

        var envelope = prepared.Envelope;

        // A first attempt needs a To recipient to take the message; a later attempt for recipients
        // refused before (the To may already have it) needs any of them.
        var restricted = message.EnvelopeRecipients is not null;
        bool Deliverable(List<SmtpRecipientResult> answered) => answered.Any(r => r.Accepted && (restricted || !r.IsCc));
        var mail = new StringBuilder(prepared.MailCommand);
        var command = Settings.CommandTimeout;
        var stage = SmtpTransactionStage.MailFrom;
        var results = new List<SmtpRecipientResult>(envelope.Count);
        SmtpReply? mailReply = null;
        try
        {
            SmtpReply? dataReply;
            if (capabilities.Pipelining)
            {
                if (!envelopeSent)
                {
                    await connection.WriteAsync(prepared.PipelinedEnvelope(), null, command, stage, cancellationToken).ConfigureAwait(false);
                }

                mailReply = await connection.ReadReplyAsync(command, stage, cancellationToken).ConfigureAwait(false);
                if (mailReply.Code == 421)
                {
                    return (Closing(connection, mailReply, stage, results), true);
                }

                stage = SmtpTransactionStage.RcptTo;
                foreach (var (address, isCc) in envelope)
                {
                    var reply = await connection.ReadReplyAsync(command, stage, cancellationToken).ConfigureAwait(false);
                    results.Add(new SmtpRecipientResult(address, isCc, reply));
                    if (reply.Code == 421)
                    {
                        return (Closing(connection, reply, stage, results), false);
                    }
                }

                stage = SmtpTransactionStage.Data;
                dataReply = await connection.ReadReplyAsync(command, stage, cancellationToken).ConfigureAwait(false);
                if (dataReply.Code == 421)
                {
                    return (Closing(connection, dataReply, stage, results), false);
                }

                if (!mailReply.IsPositiveCompletion)
                {
                    return (await FailAsync(connection, mailReply, SmtpTransactionStage.MailFrom, results, dataReply, cancellationToken).ConfigureAwait(false), false);
                }

                if (!Deliverable(results))
                {
                    return (await RecipientsRefusedAsync(connection, results, restricted, dataReply, cancellationToken).ConfigureAwait(false), false);
                }
            }
            else
            {
                await connection.WriteAsync(mail.ToString(), null, command, stage, cancellationToken).ConfigureAwait(false);
                mailReply = await connection.ReadReplyAsync(command, stage, cancellationToken).ConfigureAwait(false);
                if (mailReply.Code == 421)
                {
                    return (Closing(connection, mailReply, stage, results), true);
                }

                if (!mailReply.IsPositiveCompletion)
                {
                    return (await FailAsync(connection, mailReply, stage, results, null, cancellationToken).ConfigureAwait(false), false);
                }

                stage = SmtpTransactionStage.RcptTo;
                foreach (var (address, isCc) in envelope)
                {
                    await connection.WriteAsync("RCPT TO:" + Envelope(address) + "\r\n", null, command, stage, cancellationToken).ConfigureAwait(false);
                    var reply = await connection.ReadReplyAsync(command, stage, cancellationToken).ConfigureAwait(false);
                    results.Add(new SmtpRecipientResult(address, isCc, reply));
                    if (reply.Code == 421)
                    {
                        return (Closing(connection, reply, stage, results), false);
                    }
                }

                if (!Deliverable(results))
                {
                    return (await RecipientsRefusedAsync(connection, results, restricted, null, cancellationToken).ConfigureAwait(false), false);
                }

                stage = SmtpTransactionStage.Data;
                await connection.WriteAsync("DATA\r\n", null, command, stage, cancellationToken).ConfigureAwait(false);
                dataReply = await connection.ReadReplyAsync(command, stage, cancellationToken).ConfigureAwait(false);
                if (dataReply.Code == 421)
                {
                    return (Closing(connection, dataReply, stage, results), false);
                }
            }

            if (dataReply.Code != 354)
            {
                return (await FailAsync(connection, dataReply, SmtpTransactionStage.Data, results, null, cancellationToken).ConfigureAwait(false), false);
            }

            stage = SmtpTransactionStage.MessageContent;
            if (message.ContentStarting is { } starting)
            {
                try
                {
                    await starting().ConfigureAwait(false);
                }
                catch
                {
                    // The sender will not have this message go out (its claim was taken back, or the
                    // store failed): drop the connection before any content, so the server discards
                    // the transaction; the next message reconnects.
                    connection.Abort();
                    throw;
                }
            }

            var content = new DotStuffingStream(connection.Stream);
            await connection.GuardAsync(
                async token =>
                {
                    await _rendered.WriteToAsync(content, token).ConfigureAwait(false);
                    return true;
                },
                Settings.DataTimeout,
                stage,
                cancellationToken).ConfigureAwait(false);

            // From here on the server may have the whole message: any failure is in doubt.
            stage = SmtpTransactionStage.FinalReply;
            await connection.GuardAsync(
                async token =>
                {
                    await content.FinishAsync(token).ConfigureAwait(false);
                    return true;
                },
                Settings.DataTimeout,
                stage,
                cancellationToken).ConfigureAwait(false);
            Settings.ProtocolLog?.Invoke("C: <message content, " + content.ContentLength.ToString(CultureInfo.InvariantCulture) + " bytes>");
            Settings.ProtocolLog?.Invoke("C: .");
            _prepared = null;
            if (next is not null && capabilities.Pipelining)
            {
                // RFC 2920: the next transaction's MAIL FROM, RCPT TO and DATA may follow the final dot
                // before its reply. Their replies are read when that message's turn comes; this
                // message's outcome still comes from its own final reply alone.
                await PipelineNextEnvelopeAsync(connection, next, capabilities, cancellationToken).ConfigureAwait(false);
            }

            var final = await connection.ReadReplyAsync(Settings.FinalReplyTimeout, stage, cancellationToken).ConfigureAwait(false);
            if (final.Code == 421)
            {
                connection.Abort();
            }

            var refused = results.Where(r => !r.Accepted).ToList();
            if (final.IsPositiveCompletion)
            {
                var detail = final.ToString();
                if (refused.Count > 0)
                {
                    detail += "; refused recipients: " + RefusedList(refused);
                }

                var sent = new TransportOutcome(TransportOutcomeKind.Sent, detail)
                {
                    Refused = refused
                        .Select(r => new RefusedRecipient(r.Address.Address, r.Reply is null || !r.Reply.IsPermanentNegative, r.Reply?.ToString() ?? "no reply"))
                        .ToList(),
                };
                return (new SmtpSendResult(sent, results, stage, final), false);
            }

            return (new SmtpSendResult(SmtpOutcomeClassifier.FromReply(final, stage, "reply to the message content"), results, stage, final), false);
        }
        catch (SmtpConnectionException ex)
        {
            // A reused connection that died before the server said anything about this message: try a
            // fresh one. Not after a timeout: a server that stopped answering would only be waited for twice.
            var retry = mailReply is null && stage == SmtpTransactionStage.MailFrom && !ex.TimedOut;
            return (ConnectionFailure(ex, results), retry);
        }
    }

    private SmtpSendResult Closing(SmtpConnection connection, SmtpReply reply, SmtpTransactionStage stage, IReadOnlyList<SmtpRecipientResult> results)
    {
        connection.Abort();
        return new SmtpSendResult(
            new TransportOutcome(TransportOutcomeKind.Transient, $"{reply} ({SmtpOutcomeClassifier.Describe(stage)}; the server closed the connection)"),
            results,
            stage,
            reply);
    }

    private async Task<SmtpSendResult> FailAsync(SmtpConnection connection, SmtpReply reply, SmtpTransactionStage stage, IReadOnlyList<SmtpRecipientResult> results, SmtpReply? pipelinedDataReply, CancellationToken cancellationToken)
    {
        await ResetAsync(connection, pipelinedDataReply, cancellationToken).ConfigureAwait(false);
        return new SmtpSendResult(SmtpOutcomeClassifier.FromReply(reply, stage), results, stage, reply);
    }

    private async Task<SmtpSendResult> RecipientsRefusedAsync(SmtpConnection connection, IReadOnlyList<SmtpRecipientResult> results, bool restricted, SmtpReply? pipelinedDataReply, CancellationToken cancellationToken)
    {
        await ResetAsync(connection, pipelinedDataReply, cancellationToken).ConfigureAwait(false);
        var refusedTo = results.Where(r => restricted || !r.IsCc).ToList();
        var kind = refusedTo.Any(r => r.Reply is null || !r.Reply.IsPermanentNegative) ? TransportOutcomeKind.Transient : TransportOutcomeKind.Permanent;
        var detail = restricted
            ? "every remaining recipient was refused again: " + RefusedList(refusedTo)
            : (refusedTo.Count == 1 ? "the To recipient was refused: " : "every To recipient was refused: ") + RefusedList(refusedTo);
        var refusedCc = results.Where(r => !restricted && r.IsCc && !r.Accepted).ToList();
        if (refusedCc.Count > 0)
        {
            detail += "; refused Cc: " + RefusedList(refusedCc);
        }

        var first = refusedTo.FirstOrDefault(r => r.Reply is not null && r.Reply.IsTransientNegative) ?? refusedTo[0];
        return new SmtpSendResult(new TransportOutcome(kind, detail + " (nothing was sent)"), results, SmtpTransactionStage.RcptTo, first.Reply);
    }

    /// <summary>Ends a failed transaction with RSET; a pipelined DATA that was accepted anyway can only be abandoned by closing.</summary>
    private async Task ResetAsync(SmtpConnection connection, SmtpReply? pipelinedDataReply, CancellationToken cancellationToken)
    {
        if (pipelinedDataReply is { Code: 354 })
        {
            // The server waits for content that must not be sent; closing drops the transaction.
            connection.Abort();
            return;
        }

        try
        {
            await connection.WriteAsync("RSET\r\n", null, Settings.CommandTimeout, SmtpTransactionStage.Reset, cancellationToken).ConfigureAwait(false);
            var reply = await connection.ReadReplyAsync(Settings.CommandTimeout, SmtpTransactionStage.Reset, cancellationToken).ConfigureAwait(false);
            if (!reply.IsPositiveCompletion)
            {
                connection.Abort();
            }
        }
        catch (SmtpConnectionException)
        {
            // The outcome stands; the next message reconnects.
        }
    }

    /// <summary>Opens and sets up a connection unless a usable one is open; returns true when an open one is reused.</summary>
    private async Task<bool> EnsureConnectedAsync(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        if (_connection is { IsBroken: false })
        {
            return true;
        }

        _connection?.Dispose();
        _connection = null;
        Capabilities = null;
        var validator = new SmtpCertificateValidator(Settings);
        BeginStep("Connect");
        var connection = await SmtpConnection.OpenAsync(Settings.Server, Settings.Port, Settings.ConnectTimeout, Settings.ProtocolLog, cancellationToken).ConfigureAwait(false);
        ConnectionsOpened++;
        EndStep($"connected to {Settings.Server}:{Settings.Port.ToString(CultureInfo.InvariantCulture)}" + (connection.RemoteEndPoint is { } remote ? $" ({remote})" : string.Empty));
        try
        {
            await SetUpAsync(connection, validator, cancellationToken).ConfigureAwait(false);
            _connection = connection;
            SetupStep = null;
            return false;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private async Task SetUpAsync(SmtpConnection connection, SmtpCertificateValidator validator, CancellationToken cancellationToken)
    {
        var mode = Settings.EffectiveTlsMode;
        if (mode == SmtpTlsMode.Implicit)
        {
            BeginStep("TLS");
            await StartTlsAsync(connection, validator, SmtpTransactionStage.Connect, cancellationToken).ConfigureAwait(false);
            EndStep(DescribeTls(connection, validator));
        }

        BeginStep("Greeting");
        SmtpReply greeting;
        try
        {
            greeting = await connection.ReadReplyAsync(Settings.ConnectTimeout, SmtpTransactionStage.Greeting, cancellationToken).ConfigureAwait(false);
        }
        catch (SmtpConnectionException ex) when (ex.TimedOut && mode != SmtpTlsMode.Implicit)
        {
            // A server that accepts the connection and says nothing usually waits for a TLS handshake.
            throw new SmtpConnectionException(
                $"{ex.Message} without a greeting from {Settings.Server}:{Settings.Port.ToString(CultureInfo.InvariantCulture)}; a server that stays silent "
                + "usually expects implicit TLS: if this port is one (often 465), use -TlsMode Implicit (--tls-mode implicit)",
                SmtpTransactionStage.Greeting,
                null,
                ex) { TimedOut = true };
        }

        if (greeting.Code != 220)
        {
            throw new SmtpConnectionException($"{Settings.Server} refused the session: {greeting}", SmtpTransactionStage.Greeting, greeting);
        }

        EndStep(greeting.ToString());
        BeginStep("EHLO");
        var capabilities = await HelloAsync(connection, cancellationToken).ConfigureAwait(false);
        EndStep(DescribeCapabilities(capabilities));
        if (!connection.IsEncrypted && mode is SmtpTlsMode.Required or SmtpTlsMode.Opportunistic)
        {
            BeginStep("STARTTLS");
            if (capabilities.StartTls)
            {
                await connection.WriteAsync("STARTTLS\r\n", null, Settings.CommandTimeout, SmtpTransactionStage.StartTls, cancellationToken).ConfigureAwait(false);
                var reply = await connection.ReadReplyAsync(Settings.CommandTimeout, SmtpTransactionStage.StartTls, cancellationToken).ConfigureAwait(false);
                if (reply.Code == 220)
                {
                    await StartTlsAsync(connection, validator, SmtpTransactionStage.StartTls, cancellationToken).ConfigureAwait(false);
                    EndStep(DescribeTls(connection, validator));
                    BeginStep("EHLO after TLS");
                    capabilities = await HelloAsync(connection, cancellationToken).ConfigureAwait(false);
                    EndStep(DescribeCapabilities(capabilities));
                }
                else if (reply.Code == 421 || reply.IsTransientNegative)
                {
                    throw new SmtpConnectionException($"{Settings.Server} cannot start TLS now: {reply}", SmtpTransactionStage.StartTls, reply);
                }
                else if (mode == SmtpTlsMode.Required)
                {
                    throw new SmtpConfigurationException($"{Settings} refused STARTTLS ({reply}) and TlsMode is Required; nothing was sent in clear text.");
                }
                else
                {
                    EndStep($"refused ({reply}); TlsMode Opportunistic goes on without encryption", skipped: true);
                }
            }
            else if (mode == SmtpTlsMode.Required)
            {
                throw new SmtpConfigurationException(
                    $"{Settings.Server}:{Settings.Port.ToString(CultureInfo.InvariantCulture)} does not offer STARTTLS, and TlsMode is Required" +
                    (Settings.HasCredentials ? " (the default when credentials are given, so they never cross the network in clear text)" : string.Empty) +
                    ". Use port 465 with TlsMode Implicit if the server offers it, or set TlsMode to Opportunistic or None to send unencrypted.");
            }
            else
            {
                EndStep("not offered by the server; TlsMode Opportunistic goes on without encryption", skipped: true);
            }
        }
        else if (mode == SmtpTlsMode.None)
        {
            BeginStep("STARTTLS");
            EndStep("not used: TlsMode None, the connection is not encrypted", skipped: true);
        }

        BeginStep("AUTH");
        if (Settings.HasCredentials)
        {
            var (mechanism, reply) = await AuthenticateAsync(connection, capabilities, cancellationToken).ConfigureAwait(false);
            EndStep($"AUTH {mechanism} as {Settings.UserName}: {reply.Code.ToString(CultureInfo.InvariantCulture)} accepted");
        }
        else
        {
            EndStep("no credentials given: the server is used without AUTH", skipped: true);
        }

        Capabilities = capabilities;
    }

    private void BeginStep(string name)
    {
        SetupStep = name;
        _stepStarted = System.Diagnostics.Stopwatch.GetTimestamp();
    }

    private void EndStep(string detail, bool skipped = false)
    {
        if (SetupObserver is { } observer && SetupStep is { } name)
        {
            observer(new SmtpSetupStep(name, skipped, Elapsed(_stepStarted), detail));
        }
    }

    private static TimeSpan Elapsed(long started) =>
        TimeSpan.FromTicks((long)((System.Diagnostics.Stopwatch.GetTimestamp() - started) * ((double)TimeSpan.TicksPerSecond / System.Diagnostics.Stopwatch.Frequency)));

    private static string DescribeCapabilities(SmtpCapabilities capabilities)
    {
        var offered = new List<string>();
        if (capabilities.Lines.Count > 0)
        {
            offered.Add(capabilities.Lines[0]);
        }

        if (capabilities.MaxSize is long max)
        {
            offered.Add("SIZE " + max.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var keyword in new[] { "PIPELINING", "STARTTLS", "8BITMIME", "SMTPUTF8", "ENHANCEDSTATUSCODES" })
        {
            if (capabilities.Has(keyword))
            {
                offered.Add(keyword);
            }
        }

        offered.Add(capabilities.AuthMechanisms.Count > 0 ? "AUTH " + string.Join(" ", capabilities.AuthMechanisms) : "no AUTH offered");
        return string.Join(", ", offered);
    }

    private static string DescribeTls(SmtpConnection connection, SmtpCertificateValidator validator)
    {
        var text = new StringBuilder(connection.TlsProtocol?.ToString() ?? "TLS");
        if (connection.RemoteCertificate is { } certificate)
        {
            using var server = new System.Security.Cryptography.X509Certificates.X509Certificate2(certificate);
            text.Append("; certificate ").Append(server.Subject)
                .Append(", issued by ").Append(server.Issuer)
                .Append(", valid to ").Append(server.NotAfter.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                .Append(", SHA-1 ").Append(server.Thumbprint);
        }

        if (validator.AcceptedBy is { } accepted)
        {
            text.Append("; ").Append(accepted);
        }

        return text.ToString();
    }

    private async Task StartTlsAsync(SmtpConnection connection, SmtpCertificateValidator validator, SmtpTransactionStage stage, CancellationToken cancellationToken)
    {
        try
        {
            await connection.StartTlsAsync(Settings.Server, validator.Validate, Settings.ConnectTimeout, stage, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SmtpConnectionException or AuthenticationException && FindPlainText(ex) is { } plain)
        {
            throw new SmtpConfigurationException(
                $"{Settings.Server}:{Settings.Port.ToString(CultureInfo.InvariantCulture)} answered in plain text ('{plain.FirstLine}') where a TLS handshake was expected"
                + (stage == SmtpTransactionStage.Connect
                    ? ": this port does not speak implicit TLS. Use -TlsMode Required (--tls-mode required) for STARTTLS on this port (usually 587 or 25), or the implicit-TLS port (usually 465)."
                    : " after STARTTLS was accepted; the connection was closed."),
                ex);
        }
        catch (AuthenticationException ex)
        {
            if (validator.Failure is not null)
            {
                throw new SmtpCertificateException(
                    $"The TLS certificate of {Settings.Server}:{Settings.Port.ToString(CultureInfo.InvariantCulture)} is not trusted: {validator.Failure}. " +
                    "Trust its CA with TrustedCaCertificatePath, pin it with TrustedCertificateThumbprints, or connect by the name the certificate holds; " +
                    "SkipCertificateValidation turns the check off (test servers only).",
                    ex);
            }

            throw new SmtpConfigurationException(
                $"TLS with {Settings.Server}:{Settings.Port.ToString(CultureInfo.InvariantCulture)} failed: {ex.Message}"
                + (stage == SmtpTransactionStage.Connect ? " If this port does not speak implicit TLS, use -TlsMode Required (--tls-mode required) for STARTTLS." : string.Empty),
                ex);
        }
    }

    private static PlainTextInsteadOfTlsException? FindPlainText(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is PlainTextInsteadOfTlsException plain)
            {
                return plain;
            }
        }

        return null;
    }

    private async Task<SmtpCapabilities> HelloAsync(SmtpConnection connection, CancellationToken cancellationToken)
    {
        var name = Settings.EffectiveClientName;
        await connection.WriteAsync("EHLO " + name + "\r\n", null, Settings.CommandTimeout, SmtpTransactionStage.Hello, cancellationToken).ConfigureAwait(false);
        var reply = await connection.ReadReplyAsync(Settings.CommandTimeout, SmtpTransactionStage.Hello, cancellationToken).ConfigureAwait(false);
        if (reply.IsPositiveCompletion)
        {
            return new SmtpCapabilities(reply.Lines);
        }

        if (reply.IsPermanentNegative)
        {
            await connection.WriteAsync("HELO " + name + "\r\n", null, Settings.CommandTimeout, SmtpTransactionStage.Hello, cancellationToken).ConfigureAwait(false);
            reply = await connection.ReadReplyAsync(Settings.CommandTimeout, SmtpTransactionStage.Hello, cancellationToken).ConfigureAwait(false);
            if (reply.IsPositiveCompletion)
            {
                return SmtpCapabilities.None;
            }
        }

        throw new SmtpConnectionException($"{Settings.Server} refused EHLO and HELO: {reply}", SmtpTransactionStage.Hello, reply);
    }

    private async Task<(string Mechanism, SmtpReply Reply)> AuthenticateAsync(SmtpConnection connection, SmtpCapabilities capabilities, CancellationToken cancellationToken)
    {
        var mechanism = ChooseMechanism(capabilities);
        var name = SmtpCapabilities.MechanismName(mechanism);
        var user = Settings.UserName!;
        var stage = SmtpTransactionStage.Authenticate;
        var timeout = Settings.CommandTimeout;
        SaslMechanism? sasl = null;
        SmtpReply reply;

        // The transcript shows what the server says; a server that echoes an AUTH argument must not put the secret in it.
        connection.LogFilter = line => sasl is null ? line : sasl.Redact(line);
        try
        {
            sasl = await CreateMechanismAsync(mechanism, user, cancellationToken).ConfigureAwait(false);
            if (sasl.InitialResponse() is { } initial)
            {
                await connection.WriteAsync("AUTH " + name + " " + SaslBase64.Encode(initial) + "\r\n", "AUTH " + name + " ***", timeout, stage, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await connection.WriteAsync("AUTH " + name + "\r\n", null, timeout, stage, cancellationToken).ConfigureAwait(false);
            }

            reply = await connection.ReadReplyAsync(timeout, stage, cancellationToken).ConfigureAwait(false);

            // 334: a challenge. A mechanism with nothing more to say leaves the 334 as the final word (refused).
            while (reply.Code == 334 && sasl.Respond(SaslBase64.DecodeChallenge(reply.Text)) is { } response)
            {
                await connection.WriteAsync(SaslBase64.Encode(response) + "\r\n", response.Length == 0 ? "(empty response)" : "***", timeout, stage, cancellationToken).ConfigureAwait(false);
                reply = await connection.ReadReplyAsync(timeout, stage, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (SmtpConnectionException ex) when (sasl is not null)
        {
            throw new SmtpConnectionException(sasl.Redact(ex.Message), ex.Stage, ex.Reply) { TimedOut = ex.TimedOut };
        }

        if (reply.Code == 235)
        {
            return (name, reply);
        }

        var said = sasl.Redact(reply.ToString());
        if (reply.Code == 421 || reply.IsTransientNegative)
        {
            connection.Abort();
            throw new SmtpConnectionException($"{Settings.Server} cannot authenticate {user} now: {said}", stage, reply);
        }

        connection.Abort();
        throw new SmtpAuthenticationException(
            $"{Settings.Server}:{Settings.Port.ToString(CultureInfo.InvariantCulture)} refused the credentials of '{user}' (AUTH {name}): {said}. " +
            (mechanism == SmtpAuthMechanism.XOAuth2 ? "Check the user name and that the token is valid and grants SMTP sending." : "Check the user name and password."),
            reply);
    }

    private SmtpAuthMechanism ChooseMechanism(SmtpCapabilities capabilities)
    {
        var where = $"{Settings.Server}:{Settings.Port.ToString(CultureInfo.InvariantCulture)}";
        if (capabilities.AuthMechanisms.Count == 0)
        {
            throw new SmtpConfigurationException(
                $"{where} does not offer AUTH, but credentials for '{Settings.UserName}' are given. " +
                "Many servers offer AUTH only after STARTTLS; check TlsMode and the port, or remove the credentials to send unauthenticated.");
        }

        var offered = string.Join(" ", capabilities.AuthMechanisms);
        SmtpAuthMechanism mechanism;
        if (Settings.AuthMechanism is { } chosen)
        {
            mechanism = chosen;
        }
        else if (Settings.AccessTokenProvider is not null)
        {
            mechanism = SmtpAuthMechanism.XOAuth2;
        }
        else if (capabilities.Offers(SmtpAuthMechanism.Plain))
        {
            mechanism = SmtpAuthMechanism.Plain;
        }
        else if (capabilities.Offers(SmtpAuthMechanism.Login))
        {
            mechanism = SmtpAuthMechanism.Login;
        }
        else
        {
            throw new SmtpConfigurationException($"{where} offers AUTH {offered}; RfqSender can use PLAIN, LOGIN (with a password) or XOAUTH2 (with an access token).");
        }

        if (!capabilities.Offers(mechanism))
        {
            throw new SmtpConfigurationException($"{where} offers AUTH {offered}, not {SmtpCapabilities.MechanismName(mechanism)} as configured (AuthMechanism).");
        }

        return mechanism;
    }

    private string ReadPassword()
    {
        var password = Settings.ReadPassword();
        if (string.IsNullOrEmpty(password))
        {
            throw new SmtpConfigurationException($"No password is available for '{Settings.UserName}' (give it with -Credential, or in RFQSENDER_SMTP_PASSWORD for rfq).");
        }

        return password!;
    }

    private async Task<SaslMechanism> CreateMechanismAsync(SmtpAuthMechanism mechanism, string user, CancellationToken cancellationToken)
    {
        switch (mechanism)
        {
            case SmtpAuthMechanism.XOAuth2:
                var token = await Settings.AccessTokenProvider!(cancellationToken).ConfigureAwait(false);
                if (string.IsNullOrEmpty(token))
                {
                    throw new SmtpConfigurationException($"The AccessTokenProvider returned no token for {user}.");
                }

                return new SaslXOAuth2Mechanism(user, token);
            case SmtpAuthMechanism.Login:
                return new SaslLoginMechanism(user, ReadPassword());
            default:
                return new SaslPlainMechanism(user, ReadPassword());
        }
    }

    private async Task QuitAsync(CancellationToken cancellationToken)
    {
        var connection = _connection;
        _connection = null;
        if (connection is null)
        {
            return;
        }

        try
        {
            if (!connection.IsBroken)
            {
                var timeout = Settings.CommandTimeout < QuitTimeout ? Settings.CommandTimeout : QuitTimeout;
                await connection.WriteAsync("QUIT\r\n", null, timeout, SmtpTransactionStage.Reset, cancellationToken).ConfigureAwait(false);
                await connection.ReadReplyAsync(timeout, SmtpTransactionStage.Reset, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (SmtpConnectionException)
        {
            // Closing anyway.
        }
        finally
        {
            connection.Dispose();
        }
    }
}
