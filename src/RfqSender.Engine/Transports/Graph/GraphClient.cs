using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Sockets;
using RfqSender.Engine.Authentication;

namespace RfqSender.Engine.Transports.Graph;

/// <summary>
/// Microsoft Graph's HTTP pipeline, shared by whatever talks to a mailbox (the send transport now, a
/// mailbox reader later): an access token on every request, a 401 renews it once and the request is
/// retried; 429, 503 and 504 wait for <c>Retry-After</c> (else back off exponentially) within
/// <see cref="GraphTransportOptions.MaxThrottleRetries"/> and <see cref="GraphTransportOptions.MaxThrottleWait"/>;
/// at most <see cref="GraphTransportOptions.MaxConcurrentRequestsPerMailbox"/> requests in flight per
/// mailbox; each request bounded by <see cref="GraphTransportOptions.RequestTimeout"/>.
/// </summary>
/// <remarks>
/// A failed request throws <see cref="GraphRequestFailure"/> (its outcome: transient, permanent with
/// Graph's code and message, or in doubt when the body of a <see cref="GraphRequestKind.Submission"/>
/// was handed over), or <see cref="GraphAuthorizationException"/> for a 401 after renewal and a 403
/// access denied. Tokens never appear in messages: only Graph's own error text and request id do.
/// </remarks>
internal sealed class GraphClient : IDisposable
{
    private static readonly HashSet<string> ConfigurationErrorCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        "ErrorAccessDenied", "AccessDenied", "Authorization_RequestDenied", "ErrorSendAsDenied",
    };

    private readonly IAccessTokenProvider _tokens;
    private readonly GraphTransportOptions _options;
    private readonly HttpClient _http;
    private readonly string[] _scopes;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _mailboxGates = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the client for the Graph host of <paramref name="options"/> (the global cloud when it names none).</summary>
    /// <param name="tokens">Where Graph tokens come from.</param>
    /// <param name="options">Timeouts, throttling limits and concurrency per mailbox (already validated).</param>
    /// <param name="httpHandler">Handler for the HTTP traffic (a proxy, tests); null for the default. Not disposed by the client.</param>
    public GraphClient(IAccessTokenProvider tokens, GraphTransportOptions options, HttpMessageHandler? httpHandler)
    {
        _tokens = tokens ?? throw new ArgumentNullException(nameof(tokens));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        BaseUrl = new Uri((_options.GraphBaseUrl ?? GraphCloudEndpoints.For(GraphCloud.Global).GraphBaseUrl).GetLeftPart(UriPartial.Authority) + "/");
        _scopes = new[] { GraphCloudEndpoints.DefaultScope(BaseUrl) };
        _http = httpHandler is null ? new HttpClient(CreateHandler(), disposeHandler: true) : new HttpClient(httpHandler, disposeHandler: false);
        _http.Timeout = Timeout.InfiniteTimeSpan;
    }

    /// <summary>The Graph host, e.g. <c>https://graph.microsoft.com/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The scope tokens are requested for, e.g. <c>https://graph.microsoft.com/.default</c>.</summary>
    public string Scope => _scopes[0];

    /// <summary>Where the tokens come from (for descriptions; never the token).</summary>
    public string TokenDescription => _tokens.Description;

    /// <summary><c>v1.0/users/{mailbox}/{rest}</c>, the mailbox escaped.</summary>
    public static string UserPath(string mailbox, string rest) =>
        "v1.0/users/" + Uri.EscapeDataString(mailbox) + "/" + rest;

    /// <summary>Acquires a token as the first request would.</summary>
    /// <exception cref="AuthenticationFailedException">No token could be obtained.</exception>
    public Task<AccessToken> AcquireTokenAsync(CancellationToken cancellationToken) =>
        _tokens.GetTokenAsync(_scopes, forceRefresh: false, cancellationToken);

    /// <summary>GET <paramref name="path"/> (relative to <see cref="BaseUrl"/>, e.g. <c>v1.0/users/x/messages?$top=10</c>, or absolute, e.g. a delta link).</summary>
    /// <param name="mailbox">The mailbox the request is for (its concurrency limit applies).</param>
    /// <param name="path">Where.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <param name="prefer">A <c>Prefer</c> header (e.g. <c>odata.maxpagesize=50</c>), or null.</param>
    public Task<GraphResponse> GetAsync(string mailbox, string path, CancellationToken cancellationToken, string? prefer = null) =>
        SendAsync(mailbox, HttpMethod.Get, Resolve(path), null, GraphRequestKind.Preparation, authenticated: true, cancellationToken, prefer: prefer);

    /// <summary>GET <paramref name="path"/> and copy the response body (e.g. a message's <c>/$value</c> MIME) to <paramref name="destination"/>.</summary>
    public Task<GraphResponse> GetToStreamAsync(string mailbox, string path, Stream destination, CancellationToken cancellationToken) =>
        SendAsync(mailbox, HttpMethod.Get, Resolve(path), null, GraphRequestKind.Preparation, authenticated: true, cancellationToken, destination ?? throw new ArgumentNullException(nameof(destination)));

    /// <summary>Sends <paramref name="body"/> (JSON, base64 MIME...) with <paramref name="method"/> to <paramref name="path"/>.</summary>
    public Task<GraphResponse> SendAsync(string mailbox, HttpMethod method, string path, byte[] body, string mediaType, GraphRequestKind kind, CancellationToken cancellationToken) =>
        SendAsync(mailbox, method, Resolve(path), () => new CompletionTrackingContent(body, mediaType), kind, authenticated: true, cancellationToken);

    /// <summary>
    /// Sends one request through the pipeline; <paramref name="content"/> makes a fresh body for each
    /// try (null for none). <paramref name="authenticated"/> false sends no token (upload-session URLs
    /// carry their own). With <paramref name="responseBody"/> the response body is copied there instead
    /// of read as text. <paramref name="prefer"/> is sent as the <c>Prefer</c> header.
    /// </summary>
    public async Task<GraphResponse> SendAsync(string mailbox, HttpMethod method, Uri url, Func<CompletionTrackingContent>? content, GraphRequestKind kind, bool authenticated, CancellationToken cancellationToken, Stream? responseBody = null, string? prefer = null)
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
            var body = content?.Invoke();
            request.Content = body;
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
            }

            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (prefer is not null)
            {
                request.Headers.TryAddWithoutValidation("Prefer", prefer);
            }

            int status;
            string text;
            HttpResponseHeaders headers;
            var gate = GateFor(mailbox);
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.RequestTimeout);
            try
            {
                using var response = await _http.SendAsync(request, responseBody is null ? HttpCompletionOption.ResponseContentRead : HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                status = (int)response.StatusCode;
                headers = response.Headers;
                if (responseBody is not null && status is >= 200 and < 300)
                {
                    await response.Content.CopyToAsync(responseBody).ConfigureAwait(false);
                    text = string.Empty;
                }
                else
                {
                    text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                throw new GraphRequestFailure(ConnectionFailure(ex, kind, body?.Sent ?? false, method, url));
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

                throw new GraphAuthorizationException(401, error.Code, mailbox, error.Describe(status),
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

                throw new GraphRequestFailure(new TransportOutcome(
                    TransportOutcomeKind.Transient,
                    $"{error.Describe(status)}; still throttled after {retries} retr{(retries == 1 ? "y" : "ies")}",
                    delay));
            }

            if (status == 403 && authenticated && (error.Code is null || ConfigurationErrorCodes.Contains(error.Code)))
            {
                throw new GraphAuthorizationException(403, error.Code, mailbox, error.Describe(status),
                    $"Microsoft Graph denied the application access to mailbox {mailbox}: {error.Describe(status)}. "
                    + "Check the Mail.Send application permission and admin consent (Mail.ReadWrite too for attachments over 3 MB), "
                    + "and that the application access policy or RBAC scope includes this mailbox.");
            }

            var kindOfFailure = status is 408 or 500 or 502 ? TransportOutcomeKind.Transient : TransportOutcomeKind.Permanent;
            throw new GraphRequestFailure(new TransportOutcome(kindOfFailure, error.Describe(status)), status, error.Code);
        }
    }

    /// <summary>
    /// One GET without retries, renewal or exceptions for HTTP failures: the status and body, or
    /// status 0 and what went wrong on the connection (a transport check's view).
    /// </summary>
    public async Task<(int Status, string Body, string? RequestId, string? ConnectionError)> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        var token = await AcquireTokenAsync(cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(HttpMethod.Get, Resolve(path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync().ConfigureAwait(false), RequestIdOf(response.Headers), null);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return (0, string.Empty, null, ConnectionFailure(ex, GraphRequestKind.Preparation, false, HttpMethod.Get, request.RequestUri!).Detail ?? ex.Message);
        }
    }

    /// <summary>DELETE <paramref name="path"/>, once, ignoring any failure (clean-up of a draft).</summary>
    public async Task TryDeleteAsync(string mailbox, string path)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_options.RequestTimeout);
            var token = await _tokens.GetTokenAsync(_scopes, forceRefresh: false, timeout.Token).ConfigureAwait(false);
            using var request = new HttpRequestMessage(HttpMethod.Delete, Resolve(path));
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

    /// <inheritdoc />
    public void Dispose()
    {
        _http.Dispose();
        foreach (var gate in _mailboxGates.Values)
        {
            gate.Dispose();
        }
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

    private Uri Resolve(string path) => Uri.TryCreate(path, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.OrdinalIgnoreCase)
        ? absolute
        : new Uri(BaseUrl, path);

    private async Task<AccessToken> GetTokenAsync(bool renew, CancellationToken cancellationToken)
    {
        try
        {
            return await _tokens.GetTokenAsync(_scopes, renew, cancellationToken).ConfigureAwait(false);
        }
        catch (AuthenticationFailedException ex) when (ex.IsTransient)
        {
            throw new GraphRequestFailure(new TransportOutcome(TransportOutcomeKind.Transient, ex.Message));
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

    private static TransportOutcome ConnectionFailure(Exception ex, GraphRequestKind kind, bool bodySent, HttpMethod method, Uri url)
    {
        var what = ex is OperationCanceledException ? "timed out" : "failed: " + Innermost(ex).Message;
        var target = $"{method} {url.GetLeftPart(UriPartial.Path)}";
        if (kind == GraphRequestKind.Submission && bodySent && !IsConnectFailure(ex))
        {
            return new TransportOutcome(TransportOutcomeKind.InDoubt, $"{target} {what} after the message was handed over; Graph may have sent it");
        }

        return new TransportOutcome(TransportOutcomeKind.Transient, $"{target} {what}");
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

    private SemaphoreSlim GateFor(string mailbox) =>
        _mailboxGates.GetOrAdd(mailbox, _ => new SemaphoreSlim(_options.MaxConcurrentRequestsPerMailbox, _options.MaxConcurrentRequestsPerMailbox));
}
