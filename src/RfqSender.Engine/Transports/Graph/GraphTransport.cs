using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using RfqSender.Engine.Authentication;
using RfqSender.Engine.Messages;

namespace RfqSender.Engine.Transports.Graph;

/// <summary>
/// Sends messages through Microsoft Graph (Exchange Online) with an app-only token.
/// </summary>
/// <remarks>
/// <para>A message is posted to <c>/users/{mailbox}/sendMail</c> as base64 MIME (our own writer's
/// 7-bit output, so the Message-ID and every header are ours). When an attachment is larger than
/// <see cref="GraphTransportOptions.LargeAttachmentThreshold"/> (or the message would not fit one
/// request), a draft is created from the message's fields with <c>internetMessageId</c> set to our
/// Message-ID, each large attachment is uploaded through an upload session in ranges of
/// <see cref="GraphTransportOptions.UploadChunkSize"/>, and the draft is sent. With
/// <see cref="GraphTransportOptions.SaveToSentItems"/> off, small messages go as JSON with
/// <c>saveToSentItems: false</c>, and drafts carry PidTagDeleteAfterSubmit.</para>
/// <para>Outcomes: 202 is sent. 429, 503 and 504 are retried after <c>Retry-After</c> (else with
/// exponential backoff) within <see cref="GraphTransportOptions.MaxThrottleRetries"/> and
/// <see cref="GraphTransportOptions.MaxThrottleWait"/>, then transient with the hint. 401 renews
/// the token once. 400, 404, 413 and other 4xx are permanent with Graph's code and message. A
/// connection failure before the body was handed over is transient; after it, for the request
/// that sends, in doubt. A 401 after renewal and a 403 <c>ErrorAccessDenied</c> (or
/// <c>ErrorSendAsDenied</c>) throw <see cref="GraphAuthorizationException"/>, and a token that cannot
/// be obtained throws <see cref="AuthenticationFailedException"/>: these are configuration errors
/// that would fail every message alike.</para>
/// <para>Safe for concurrent calls; at most <see cref="GraphTransportOptions.MaxConcurrentRequestsPerMailbox"/>
/// requests are in flight per mailbox.</para>
/// </remarks>
public sealed class GraphTransport : IMessageTransport, IReportsContentStart
{
    /// <summary>Graph takes about 4 MB per request; a little is kept for headers and JSON.</summary>
    private const long MaxRequestBytes = 3_900_000;

    private readonly GraphTransportOptions _options;
    private readonly GraphClient _graph;
    private readonly MimeMessageWriter _writer = new(MimeWriterOptions.Default);

    /// <summary>Creates the transport.</summary>
    /// <param name="tokens">Where Graph tokens come from.</param>
    /// <param name="options">Transport options; null for the defaults (global cloud).</param>
    /// <param name="httpHandler">Handler for Graph's HTTP traffic (a proxy, tests); null for the default. Not disposed by the transport.</param>
    public GraphTransport(IAccessTokenProvider tokens, GraphTransportOptions? options = null, HttpMessageHandler? httpHandler = null)
    {
        if (tokens is null)
        {
            throw new ArgumentNullException(nameof(tokens));
        }

        _options = options ?? new GraphTransportOptions();
        _options.Validate();
        _graph = new GraphClient(tokens, _options, httpHandler);
    }

    /// <summary>
    /// Creates the transport from authentication settings: their token provider, and their
    /// cloud's Graph host unless <paramref name="options"/> names one.
    /// </summary>
    /// <param name="authentication">The tenant, app and credential.</param>
    /// <param name="options">Transport options; null for the defaults.</param>
    /// <param name="httpHandler">Handler for Graph's and the identity service's HTTP traffic; null for the default.</param>
    /// <exception cref="AuthenticationSettingsException">The settings are incomplete or the certificate cannot be loaded.</exception>
    public static GraphTransport Create(GraphAuthenticationSettings authentication, GraphTransportOptions? options = null, HttpMessageHandler? httpHandler = null)
    {
        if (authentication is null)
        {
            throw new ArgumentNullException(nameof(authentication));
        }

        // A copy: the caller's options stay as they were given.
        options = options?.Copy() ?? new GraphTransportOptions();
        options.GraphBaseUrl ??= authentication.Endpoints.GraphBaseUrl;
        return new GraphTransport(authentication.CreateTokenProvider(httpHandler), options, httpHandler);
    }

    /// <inheritdoc />
    public string Description => $"Microsoft Graph {_graph.BaseUrl.GetLeftPart(UriPartial.Authority)} ({_graph.TokenDescription})"
        + (_options.Mailbox is null ? string.Empty : $" as {_options.Mailbox}");

    /// <summary>The scope Graph tokens are requested for, e.g. <c>https://graph.microsoft.com/.default</c>.</summary>
    public string Scope => _graph.Scope;

    /// <inheritdoc />
    /// <exception cref="GraphAuthorizationException">Graph refused the application (401 after renewal, 403 access denied).</exception>
    /// <exception cref="AuthenticationFailedException">No token could be obtained, for a reason that retrying will not fix.</exception>
    public async Task<TransportOutcome> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        if (message is null)
        {
            throw new ArgumentNullException(nameof(message));
        }

        var mailbox = _options.Mailbox ?? message.From.Address;
        try
        {
            if (NeedsDraft(message))
            {
                return await SendThroughDraftAsync(message, mailbox, cancellationToken).ConfigureAwait(false);
            }

            if (message.ContentStarting is { } starting)
            {
                await starting().ConfigureAwait(false);
            }

            // MIME carries no Bcc (the writer never writes one): a message with Bcc goes as JSON.
            var response = _options.SaveToSentItems && !message.RequiresSmtpUtf8 && message.Bcc.Count == 0
                ? await SendMimeAsync(message, mailbox, cancellationToken).ConfigureAwait(false)
                : await _graph.SendAsync(mailbox, HttpMethod.Post, UserPath(mailbox, "sendMail"), GraphMessageJson.SendMail(message, mailbox, _options.SaveToSentItems), "application/json", GraphRequestKind.Submission, cancellationToken).ConfigureAwait(false);
            return Accepted(response, mailbox);
        }
        catch (GraphRequestFailure failure)
        {
            return failure.Outcome;
        }
    }

    /// <summary>The mailbox messages are sent as when the options name one, else null (the RFQ's From address).</summary>
    internal string? Mailbox => _options.Mailbox;

    /// <summary>A transport check: acquires a Graph token, as the first message would.</summary>
    /// <exception cref="AuthenticationFailedException">No token could be obtained.</exception>
    internal Task<AccessToken> AcquireTokenAsync(CancellationToken cancellationToken) => _graph.AcquireTokenAsync(cancellationToken);

    /// <summary>The HTTP pipeline (tokens, renewal, throttling, per-mailbox gates) this transport sends through.</summary>
    internal GraphClient Client => _graph;

    /// <summary>
    /// A transport check: reads the mailbox's directory entry (<c>GET /v1.0/users/{mailbox}</c>) and
    /// returns the status and, for a success, who it is or, for a failure, Graph's words.
    /// </summary>
    internal async Task<(int Status, string Detail, string? ErrorCode)> GetMailboxAsync(string mailbox, CancellationToken cancellationToken)
    {
        var (status, text, requestId, connectionError) = await _graph.ProbeAsync("v1.0/users/" + Uri.EscapeDataString(mailbox) + "?$select=displayName,mail,userPrincipalName", cancellationToken).ConfigureAwait(false);
        if (connectionError is not null)
        {
            return (0, connectionError, null);
        }

        if (status is >= 200 and < 300)
        {
            var name = StringProperty(text, "displayName");
            var address = StringProperty(text, "mail") ?? StringProperty(text, "userPrincipalName") ?? mailbox;
            return (status, name is null ? address : $"{name} <{address}>", null);
        }

        var error = GraphError.Parse(text, requestId);
        return (status, error.Describe(status), error.Code);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _graph.Dispose();
        return default;
    }

    private static TransportOutcome Accepted(GraphResponse response, string mailbox) =>
        TransportOutcome.Sent($"accepted by Microsoft Graph for {mailbox} ({response.Status})");

    private bool NeedsDraft(OutgoingMessage message)
    {
        if (message.Attachments.Any(a => a.Length > _options.LargeAttachmentThreshold))
        {
            return true;
        }

        // Graph takes about 4 MB per request; base64 adds a third to the encoded MIME.
        var mime = message.Attachments.Sum(a => a.EncodedLength) + Encoding.UTF8.GetByteCount(message.TextBody ?? string.Empty) + Encoding.UTF8.GetByteCount(message.HtmlBody ?? string.Empty);
        return (mime + 2) / 3 * 4 > MaxRequestBytes;
    }

    private async Task<GraphResponse> SendMimeAsync(OutgoingMessage message, string mailbox, CancellationToken cancellationToken)
    {
        byte[] mime;
        using (var buffer = new MemoryStream())
        {
            _writer.Write(message, buffer);
            mime = buffer.ToArray();
        }

        var body = Encoding.ASCII.GetBytes(Convert.ToBase64String(mime));
        return await _graph.SendAsync(mailbox, HttpMethod.Post, UserPath(mailbox, "sendMail"), body, "text/plain", GraphRequestKind.Submission, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TransportOutcome> SendThroughDraftAsync(OutgoingMessage message, string mailbox, CancellationToken cancellationToken)
    {
        var large = message.Attachments.Where(a => a.Length > _options.LargeAttachmentThreshold).ToList();
        var inline = new List<EncodedAttachment>();
        var separate = new List<EncodedAttachment>();
        long budget = MaxRequestBytes - 64 * 1024 - (Encoding.UTF8.GetByteCount(message.HtmlBody ?? message.TextBody ?? string.Empty) * 2);
        foreach (var attachment in message.Attachments.Where(a => a.Length <= _options.LargeAttachmentThreshold))
        {
            var size = GraphMessageJson.InlineSize(attachment);
            if (size <= budget)
            {
                inline.Add(attachment);
                budget -= size;
            }
            else
            {
                separate.Add(attachment);
            }
        }

        var created = await _graph.SendAsync(mailbox, HttpMethod.Post, UserPath(mailbox, "messages"), GraphMessageJson.Draft(message, mailbox, inline, deleteAfterSubmit: !_options.SaveToSentItems), "application/json", GraphRequestKind.Preparation, cancellationToken).ConfigureAwait(false);
        var draftId = StringProperty(created.Body, "id")
            ?? throw new GraphRequestFailure(new TransportOutcome(TransportOutcomeKind.Transient, "Graph created the draft but returned no id"));
        var draftPath = UserPath(mailbox, "messages/" + Uri.EscapeDataString(draftId));
        var sent = false;
        try
        {
            foreach (var attachment in separate)
            {
                await _graph.SendAsync(mailbox, HttpMethod.Post, draftPath + "/attachments", GraphMessageJson.FileAttachment(attachment), "application/json", GraphRequestKind.Preparation, cancellationToken).ConfigureAwait(false);
            }

            foreach (var attachment in large)
            {
                await UploadAsync(mailbox, draftPath, attachment, cancellationToken).ConfigureAwait(false);
            }

            sent = true;
            if (message.ContentStarting is { } starting)
            {
                await starting().ConfigureAwait(false);
            }

            var response = await _graph.SendAsync(mailbox, HttpMethod.Post, draftPath + "/send", Array.Empty<byte>(), "application/json", GraphRequestKind.Submission, cancellationToken).ConfigureAwait(false);
            return Accepted(response, mailbox);
        }
        catch (GraphRequestFailure failure) when (!sent || failure.Outcome.Kind != TransportOutcomeKind.InDoubt)
        {
            // The draft would otherwise stay in Drafts; the next attempt creates a fresh one.
            await _graph.TryDeleteAsync(mailbox, draftPath).ConfigureAwait(false);
            throw;
        }
    }

    private async Task UploadAsync(string mailbox, string draftPath, EncodedAttachment attachment, CancellationToken cancellationToken)
    {
        var session = await _graph.SendAsync(mailbox, HttpMethod.Post, draftPath + "/attachments/createUploadSession", GraphMessageJson.UploadSession(attachment), "application/json", GraphRequestKind.Preparation, cancellationToken).ConfigureAwait(false);
        var uploadUrl = StringProperty(session.Body, "uploadUrl");
        if (uploadUrl is null || !Uri.TryCreate(uploadUrl, UriKind.Absolute, out var upload) || !GraphCloudEndpoints.IsSecure(upload))
        {
            throw new GraphRequestFailure(new TransportOutcome(TransportOutcomeKind.Transient, $"Graph returned no usable upload URL for attachment '{attachment.FileName}'"));
        }

        var content = attachment.GetContent();
        for (var start = 0; start < content.Length; start += _options.UploadChunkSize)
        {
            var count = Math.Min(_options.UploadChunkSize, content.Length - start);
            var from = start;
            await _graph.SendAsync(mailbox, HttpMethod.Put, upload, () =>
            {
                var chunk = new CompletionTrackingContent(content, from, count, "application/octet-stream");
                chunk.Headers.ContentRange = new ContentRangeHeaderValue(from, from + count - 1, content.Length);
                return chunk;
            }, GraphRequestKind.Preparation, authenticated: false, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string? StringProperty(string json, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string UserPath(string mailbox, string rest) => GraphClient.UserPath(mailbox, rest);

}
