using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Sockets;
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
    private static readonly HashSet<string> ConfigurationErrorCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        "ErrorAccessDenied", "AccessDenied", "Authorization_RequestDenied", "ErrorSendAsDenied",
    };

    /// <summary>Graph takes about 4 MB per request; a little is kept for headers and JSON.</summary>
    private const long MaxRequestBytes = 3_900_000;

    private readonly IAccessTokenProvider _tokens;
    private readonly GraphTransportOptions _options;
    private readonly HttpClient _http;
    private readonly Uri _graphBase;
    private readonly string[] _scopes;
    private readonly MimeMessageWriter _writer = new(MimeWriterOptions.Default);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _mailboxGates = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the transport.</summary>
    /// <param name="tokens">Where Graph tokens come from.</param>
    /// <param name="options">Transport options; null for the defaults (global cloud).</param>
    /// <param name="httpHandler">Handler for Graph's HTTP traffic (a proxy, tests); null for the default. Not disposed by the transport.</param>
    public GraphTransport(IAccessTokenProvider tokens, GraphTransportOptions? options = null, HttpMessageHandler? httpHandler = null)
    {
        _tokens = tokens ?? throw new ArgumentNullException(nameof(tokens));
        _options = options ?? new GraphTransportOptions();
        _options.Validate();
        _graphBase = new Uri((_options.GraphBaseUrl ?? GraphCloudEndpoints.For(GraphCloud.Global).GraphBaseUrl).GetLeftPart(UriPartial.Authority) + "/");
        _scopes = new[] { GraphCloudEndpoints.DefaultScope(_graphBase) };
        _http = httpHandler is null ? new HttpClient(CreateHandler(), disposeHandler: true) : new HttpClient(httpHandler, disposeHandler: false);
        _http.Timeout = Timeout.InfiniteTimeSpan;
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

        options ??= new GraphTransportOptions();
        options.GraphBaseUrl ??= authentication.Endpoints.GraphBaseUrl;
        return new GraphTransport(authentication.CreateTokenProvider(httpHandler), options, httpHandler);
    }

    /// <inheritdoc />
    public string Description => $"Microsoft Graph {_graphBase.GetLeftPart(UriPartial.Authority)} ({_tokens.Description})"
        + (_options.Mailbox is null ? string.Empty : $" as {_options.Mailbox}");

    /// <summary>The scope Graph tokens are requested for, e.g. <c>https://graph.microsoft.com/.default</c>.</summary>
    public string Scope => _scopes[0];

    /// <inheritdoc />
    /// <exception cref="GraphAuthorizationException">Graph refused the application (401 after renewal, 403 access denied).</exception>
    /// <exception cref="AuthenticationFailedException">No token could be obtained, for a reason that retrying will not fix.</exception>
    public async Task<DeliveryOutcome> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
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
                : await SendAsync(mailbox, HttpMethod.Post, UserPath(mailbox, "sendMail"), GraphMessageJson.SendMail(message, mailbox, _options.SaveToSentItems), "application/json", GraphRequestKind.Submission, cancellationToken).ConfigureAwait(false);
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
    internal Task<AccessToken> AcquireTokenAsync(CancellationToken cancellationToken) =>
        _tokens.GetTokenAsync(_scopes, forceRefresh: false, cancellationToken);

    /// <summary>
    /// A transport check: reads the mailbox's directory entry (<c>GET /v1.0/users/{mailbox}</c>) and
    /// returns the status and, for a success, who it is or, for a failure, Graph's words.
    /// </summary>
    internal async Task<(int Status, string Detail, string? ErrorCode)> GetMailboxAsync(string mailbox, CancellationToken cancellationToken)
    {
        var token = await AcquireTokenAsync(cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_graphBase, "v1.0/users/" + Uri.EscapeDataString(mailbox) + "?$select=displayName,mail,userPrincipalName"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            if (status is >= 200 and < 300)
            {
                var name = StringProperty(text, "displayName");
                var address = StringProperty(text, "mail") ?? StringProperty(text, "userPrincipalName") ?? mailbox;
                return (status, name is null ? address : $"{name} <{address}>", null);
            }

            var error = GraphError.Parse(text, RequestIdOf(response.Headers));
            return (status, error.Describe(status), error.Code);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return (0, ConnectionFailure(ex, GraphRequestKind.Preparation, false, HttpMethod.Get, request.RequestUri!).Detail ?? ex.Message, null);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        foreach (var gate in _mailboxGates.Values)
        {
            gate.Dispose();
        }

        return default;
    }

    private static HttpMessageHandler CreateHandler()
    {
        var handler = new HttpClientHandler();
        try
        {
            // .NET Framework allows two connections per host unless told otherwise.
            handler.MaxConnectionsPerServer = 4 * GraphTransportOptions.MaxConcurrencyLimit;
        }
        catch (PlatformNotSupportedException)
        {
        }

        return handler;
    }

    private static DeliveryOutcome Accepted(GraphResponse response, string mailbox) =>
        DeliveryOutcome.Sent($"accepted by Microsoft Graph for {mailbox} ({response.Status})");

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
        return await SendAsync(mailbox, HttpMethod.Post, UserPath(mailbox, "sendMail"), body, "text/plain", GraphRequestKind.Submission, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DeliveryOutcome> SendThroughDraftAsync(OutgoingMessage message, string mailbox, CancellationToken cancellationToken)
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

        var created = await SendAsync(mailbox, HttpMethod.Post, UserPath(mailbox, "messages"), GraphMessageJson.Draft(message, mailbox, inline, deleteAfterSubmit: !_options.SaveToSentItems), "application/json", GraphRequestKind.Preparation, cancellationToken).ConfigureAwait(false);
        var draftId = StringProperty(created.Body, "id")
            ?? throw new GraphRequestFailure(new DeliveryOutcome(DeliveryOutcomeKind.Transient, "Graph created the draft but returned no id"));
        var draftPath = UserPath(mailbox, "messages/" + Uri.EscapeDataString(draftId));
        var sent = false;
        try
        {
            foreach (var attachment in separate)
            {
                await SendAsync(mailbox, HttpMethod.Post, draftPath + "/attachments", GraphMessageJson.FileAttachment(attachment), "application/json", GraphRequestKind.Preparation, cancellationToken).ConfigureAwait(false);
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

            var response = await SendAsync(mailbox, HttpMethod.Post, draftPath + "/send", Array.Empty<byte>(), "application/json", GraphRequestKind.Submission, cancellationToken).ConfigureAwait(false);
            return Accepted(response, mailbox);
        }
        catch (GraphRequestFailure failure) when (!sent || failure.Outcome.Kind != DeliveryOutcomeKind.InDoubt)
        {
            // The draft would otherwise stay in Drafts; the next attempt creates a fresh one.
            await TryDeleteAsync(mailbox, draftPath).ConfigureAwait(false);
            throw;
        }
    }

    private async Task UploadAsync(string mailbox, string draftPath, EncodedAttachment attachment, CancellationToken cancellationToken)
    {
        var session = await SendAsync(mailbox, HttpMethod.Post, draftPath + "/attachments/createUploadSession", GraphMessageJson.UploadSession(attachment), "application/json", GraphRequestKind.Preparation, cancellationToken).ConfigureAwait(false);
        var uploadUrl = StringProperty(session.Body, "uploadUrl");
        if (uploadUrl is null || !Uri.TryCreate(uploadUrl, UriKind.Absolute, out var upload) || !GraphCloudEndpoints.IsSecure(upload))
        {
            throw new GraphRequestFailure(new DeliveryOutcome(DeliveryOutcomeKind.Transient, $"Graph returned no usable upload URL for attachment '{attachment.FileName}'"));
        }

        var content = attachment.GetContent();
        for (var start = 0; start < content.Length; start += _options.UploadChunkSize)
        {
            var count = Math.Min(_options.UploadChunkSize, content.Length - start);
            var from = start;
            await SendAsync(mailbox, HttpMethod.Put, upload, () =>
            {
                var chunk = new CompletionTrackingContent(content, from, count, "application/octet-stream");
                chunk.Headers.ContentRange = new ContentRangeHeaderValue(from, from + count - 1, content.Length);
                return chunk;
            }, GraphRequestKind.Preparation, authenticated: false, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task TryDeleteAsync(string mailbox, string draftPath)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_options.RequestTimeout);
            var token = await _tokens.GetTokenAsync(_scopes, forceRefresh: false, timeout.Token).ConfigureAwait(false);
            using var request = new HttpRequestMessage(HttpMethod.Delete, new Uri(_graphBase, draftPath));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
            var gate = GateFor(mailbox);
            await gate.WaitAsync(timeout.Token).ConfigureAwait(false);
            try
            {
                using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or AuthenticationFailedException)
        {
        }
    }

    private Task<GraphResponse> SendAsync(string mailbox, HttpMethod method, string path, byte[] body, string mediaType, GraphRequestKind kind, CancellationToken cancellationToken) =>
        SendAsync(mailbox, method, new Uri(_graphBase, path), () => new CompletionTrackingContent(body, mediaType), kind, authenticated: true, cancellationToken);

    private async Task<GraphResponse> SendAsync(string mailbox, HttpMethod method, Uri url, Func<CompletionTrackingContent> content, GraphRequestKind kind, bool authenticated, CancellationToken cancellationToken)
    {
        var renewed = false;
        var retries = 0;
        var waited = TimeSpan.Zero;
        while (true)
        {
            AccessToken? token = null;
            if (authenticated)
            {
                token = await GetTokenAsync(renewed, cancellationToken).ConfigureAwait(false);
            }

            using var request = new HttpRequestMessage(method, url);
            var body = content();
            request.Content = body;
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
            }

            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            int status;
            string text;
            HttpResponseHeaders headers;
            var gate = GateFor(mailbox);
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.RequestTimeout);
            try
            {
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
                status = (int)response.StatusCode;
                text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                headers = response.Headers;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                throw new GraphRequestFailure(ConnectionFailure(ex, kind, body.Sent, method, url));
            }
            finally
            {
                gate.Release();
            }

            if (status is >= 200 and < 300)
            {
                return new GraphResponse(status, text);
            }

            var error = GraphError.Parse(text, RequestIdOf(headers));
            if (status == 401 && authenticated)
            {
                if (!renewed && _tokens.CanRefresh)
                {
                    renewed = true;
                    continue;
                }

                throw new GraphAuthorizationException(401, error.Code, mailbox,
                    $"Microsoft Graph rejected the token for mailbox {mailbox}{(renewed ? " even after it was renewed" : string.Empty)}: {error.Describe(status)}. "
                    + $"Check that the token is for {_scopes[0].Replace("/.default", string.Empty)} and the app's tenant is the mailbox's.");
            }

            if (status is 429 or 503 or 504)
            {
                var delay = RetryDelay(headers, retries);
                if (retries < _options.MaxThrottleRetries && waited + delay <= _options.MaxThrottleWait)
                {
                    retries++;
                    waited += delay;
                    await _options.Delay(delay, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw new GraphRequestFailure(new DeliveryOutcome(
                    DeliveryOutcomeKind.Transient,
                    $"{error.Describe(status)}; still throttled after {retries} retr{(retries == 1 ? "y" : "ies")}",
                    delay));
            }

            if (status == 403 && authenticated && (error.Code is null || ConfigurationErrorCodes.Contains(error.Code)))
            {
                throw new GraphAuthorizationException(403, error.Code, mailbox,
                    $"Microsoft Graph denied the application access to mailbox {mailbox}: {error.Describe(status)}. "
                    + "Check the Mail.Send application permission and admin consent (Mail.ReadWrite too for attachments over 3 MB), "
                    + "and that the application access policy or RBAC scope includes this mailbox.");
            }

            var kindOfFailure = status is 408 or 500 or 502 ? DeliveryOutcomeKind.Transient : DeliveryOutcomeKind.Permanent;
            throw new GraphRequestFailure(new DeliveryOutcome(kindOfFailure, error.Describe(status)));
        }
    }

    private async Task<AccessToken> GetTokenAsync(bool renew, CancellationToken cancellationToken)
    {
        try
        {
            return await _tokens.GetTokenAsync(_scopes, renew, cancellationToken).ConfigureAwait(false);
        }
        catch (AuthenticationFailedException ex) when (ex.IsTransient)
        {
            throw new GraphRequestFailure(new DeliveryOutcome(DeliveryOutcomeKind.Transient, ex.Message));
        }
    }

    private TimeSpan RetryDelay(HttpResponseHeaders headers, int retries)
    {
        var hint = headers.RetryAfter;
        if (hint?.Delta is TimeSpan delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (hint?.Date is DateTimeOffset date)
        {
            var until = date - DateTimeOffset.UtcNow;
            return until < TimeSpan.Zero ? TimeSpan.Zero : until;
        }

        return TimeSpan.FromTicks(_options.ThrottleBaseDelay.Ticks * (1L << Math.Min(retries, 16)));
    }

    private static DeliveryOutcome ConnectionFailure(Exception ex, GraphRequestKind kind, bool bodySent, HttpMethod method, Uri url)
    {
        var what = ex is OperationCanceledException ? "timed out" : "failed: " + Innermost(ex).Message;
        var target = $"{method} {url.GetLeftPart(UriPartial.Path)}";
        if (kind == GraphRequestKind.Submission && bodySent && !IsConnectFailure(ex))
        {
            return new DeliveryOutcome(DeliveryOutcomeKind.InDoubt, $"{target} {what} after the message was handed over; Graph may have sent it");
        }

        return new DeliveryOutcome(DeliveryOutcomeKind.Transient, $"{target} {what}");
    }

    private static bool IsConnectFailure(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket && socket.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable or SocketError.NetworkUnreachable)
            {
                return true;
            }
        }

        return false;
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }

    private static string? RequestIdOf(HttpResponseHeaders headers) =>
        headers.TryGetValues("request-id", out var values) ? values.FirstOrDefault() : null;

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

    private static string UserPath(string mailbox, string rest) =>
        "v1.0/users/" + Uri.EscapeDataString(mailbox) + "/" + rest;

    private SemaphoreSlim GateFor(string mailbox) =>
        _mailboxGates.GetOrAdd(mailbox, _ => new SemaphoreSlim(_options.MaxConcurrentRequestsPerMailbox, _options.MaxConcurrentRequestsPerMailbox));
}
