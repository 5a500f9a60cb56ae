using System.Collections;

namespace RfqSender.Engine.Transports.Graph;

/// <summary>How <see cref="GraphTransport"/> talks to Microsoft Graph.</summary>
public sealed class GraphTransportOptions
{
    /// <summary>Environment variable for <see cref="Mailbox"/>.</summary>
    public const string MailboxVariable = "RFQSENDER_GRAPH_MAILBOX";

    /// <summary>Environment variable for <see cref="SaveToSentItems"/>: <c>true</c> or <c>false</c>.</summary>
    public const string SaveToSentItemsVariable = "RFQSENDER_GRAPH_SAVE_TO_SENT_ITEMS";

    /// <summary>The most requests per mailbox Exchange Online serves at once; more are throttled.</summary>
    public const int MaxConcurrencyLimit = 4;

    /// <summary>Upload session ranges must be multiples of 320 KiB (except the last).</summary>
    public const int UploadChunkUnit = 320 * 1024;

    /// <summary>The largest range one upload-session request may carry (4 MiB).</summary>
    public const int MaxUploadChunkSize = 4 * 1024 * 1024;

    /// <summary>
    /// The Graph host, e.g. <c>https://graph.microsoft.us</c>; null takes it from the
    /// authentication settings' cloud (<see cref="GraphTransport.Create"/>), else the global cloud.
    /// </summary>
    public Uri? GraphBaseUrl { get; set; }

    /// <summary>
    /// The mailbox (UPN, SMTP address or object id) whose <c>sendMail</c> is called; null sends
    /// through each message's From address. A shared mailbox works like any other: the app needs
    /// Mail.Send on it, no licence or password.
    /// </summary>
    public string? Mailbox { get; set; }

    /// <summary>True (default) keeps a copy of each message in the mailbox's Sent Items.</summary>
    public bool SaveToSentItems { get; set; } = true;

    /// <summary>Requests in flight per mailbox, 1 to 4. Default 4.</summary>
    public int MaxConcurrentRequestsPerMailbox { get; set; } = MaxConcurrencyLimit;

    /// <summary>Retries of one request answered 429, 503 or 504 before the message is deferred. Default 3.</summary>
    public int MaxThrottleRetries { get; set; } = 3;

    /// <summary>Longest total wait for throttling within one message before it is deferred instead. Default 2 minutes.</summary>
    public TimeSpan MaxThrottleWait { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>First wait after 429/503/504 without <c>Retry-After</c>; doubled per retry. Default 2 seconds.</summary>
    public TimeSpan ThrottleBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Time limit of one HTTP request. Default 100 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// Attachments larger than this (default 3 MiB) are sent through a draft and an upload session,
    /// because Graph takes at most about 4 MB in one request.
    /// </summary>
    public long LargeAttachmentThreshold { get; set; } = 3 * 1024 * 1024;

    /// <summary>Bytes per upload-session request: a multiple of 320 KiB, at most 4 MiB. Default 3,276,800 (10 × 320 KiB).</summary>
    public int UploadChunkSize { get; set; } = 10 * UploadChunkUnit;

    /// <summary>How the transport waits between retries; tests replace it to observe waits without sleeping.</summary>
    internal Func<TimeSpan, CancellationToken, Task> Delay { get; set; } = (delay, ct) => Task.Delay(delay, ct);

    /// <summary>Reads <see cref="Mailbox"/>, <see cref="SaveToSentItems"/> and the Graph host (<c>RFQSENDER_GRAPH_BASE_URL</c>) from environment variables.</summary>
    /// <param name="environment">The variables; null for the process environment.</param>
    /// <exception cref="RfqSenderException">A variable has a value that cannot be used.</exception>
    public static GraphTransportOptions FromEnvironment(IDictionary? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariables();
        string? Read(string name)
        {
            var value = environment.Contains(name) ? environment[name] as string : null;
            return string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
        }

        var options = new GraphTransportOptions { Mailbox = Read(MailboxVariable) };
        if (Read(SaveToSentItemsVariable) is string save)
        {
            options.SaveToSentItems = bool.TryParse(save, out var flag)
                ? flag
                : throw new RfqSenderException($"{SaveToSentItemsVariable} is '{save}'; use true or false.");
        }

        if (Read(Authentication.GraphAuthenticationSettings.GraphBaseUrlVariable) is string url)
        {
            options.GraphBaseUrl = Uri.TryCreate(url, UriKind.Absolute, out var parsed) && Authentication.GraphCloudEndpoints.IsSecure(parsed)
                ? parsed
                : throw new RfqSenderException($"{Authentication.GraphAuthenticationSettings.GraphBaseUrlVariable} is '{url}', not an absolute https URL.");
        }

        return options;
    }

    /// <summary>A copy of these options that can be changed without changing them.</summary>
    public GraphTransportOptions Copy() => (GraphTransportOptions)MemberwiseClone();

    /// <summary>Checks the values and throws <see cref="ArgumentOutOfRangeException"/> naming the bad one.</summary>
    public void Validate()
    {
        if (MaxConcurrentRequestsPerMailbox is < 1 or > MaxConcurrencyLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxConcurrentRequestsPerMailbox), MaxConcurrentRequestsPerMailbox, $"MaxConcurrentRequestsPerMailbox must be between 1 and {MaxConcurrencyLimit}.");
        }

        if (MaxThrottleRetries is < 0 or > 20)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxThrottleRetries), MaxThrottleRetries, "MaxThrottleRetries must be between 0 and 20.");
        }

        if (MaxThrottleWait < TimeSpan.Zero || ThrottleBaseDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxThrottleWait), MaxThrottleWait, "Throttling waits must not be negative.");
        }

        if (RequestTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RequestTimeout), RequestTimeout, "RequestTimeout must be positive.");
        }

        if (UploadChunkSize <= 0 || UploadChunkSize > MaxUploadChunkSize || UploadChunkSize % UploadChunkUnit != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(UploadChunkSize), UploadChunkSize, "UploadChunkSize must be a multiple of 327680 (320 KiB) and at most 4 MiB.");
        }

        if (LargeAttachmentThreshold < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(LargeAttachmentThreshold), LargeAttachmentThreshold, "LargeAttachmentThreshold must not be negative.");
        }

        if (GraphBaseUrl is not null && (!GraphBaseUrl.IsAbsoluteUri || !Authentication.GraphCloudEndpoints.IsSecure(GraphBaseUrl)))
        {
            throw new ArgumentOutOfRangeException(nameof(GraphBaseUrl), GraphBaseUrl, "GraphBaseUrl must be an absolute https URL.");
        }
    }
}
