using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RfqSender.Graph.Tests.Fakes;

/// <summary>
/// Microsoft Graph, the Entra ID v2 token endpoint and an App Service-style managed identity
/// endpoint, served over HTTPS on 127.0.0.1. Each request is checked as the real service would:
/// paths, headers, bearer tokens it issued, base64 MIME bodies, draft JSON, upload-session ranges,
/// client secrets and signed client assertions. Faults can be queued per operation.
/// </summary>
public sealed class FakeMicrosoftCloud : IAsyncDisposable
{
    private const int ChunkUnit = 320 * 1024;
    private readonly WebApplication _app;
    private readonly object _lock = new();
    private readonly Dictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<GraphFault>> _faults = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FakeDraft> _drafts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FakeUploadSession> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _inFlight = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _maxInFlight = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, FakeMailbox> _mailboxes = new(StringComparer.OrdinalIgnoreCase);
    private int _counter;

    private FakeMicrosoftCloud(WebApplication app)
    {
        _app = app;
    }

    public Uri BaseUrl { get; private set; } = null!;

    public string TenantId { get; } = "8f7e5c1a-3b2d-4c6e-9a0f-1d2e3f4a5b6c";

    public string ClientId { get; } = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

    public string ClientSecret { get; set; } = "s3cr3t~Value.ForTests_Only";

    /// <summary>The certificate registered on the app; client assertions must be signed with its key.</summary>
    public X509Certificate2? RegisteredCertificate { get; set; }

    /// <summary>The secret an App Service-style managed identity endpoint expects in X-IDENTITY-HEADER.</summary>
    public string IdentityHeader { get; } = "identity-header-" + Guid.NewGuid().ToString("N");

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long each Graph request is held, to observe concurrency.</summary>
    public TimeSpan Hold { get; set; }

    public HashSet<string> UnknownMailboxes { get; } = new(StringComparer.OrdinalIgnoreCase);

    public HashSet<string> DeniedMailboxes { get; } = new(StringComparer.OrdinalIgnoreCase);

    public HashSet<string> InvalidRecipients { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Mailboxes the app may read but not change (Mail.Read without Mail.ReadWrite): a move is denied.</summary>
    public HashSet<string> ReadOnlyMailboxes { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The most messages one delta page holds, whatever <c>Prefer: odata.maxpagesize</c> asks for.</summary>
    public int DeltaPageSize { get; set; } = 10;

    /// <summary>The <c>Prefer</c> headers of delta requests, in order.</summary>
    public ConcurrentQueue<string> DeltaPreferences { get; } = new();

    /// <summary>The query strings of delta requests, in order (<c>?$select=...</c>, <c>?$skiptoken=...</c>, <c>?$deltatoken=...</c>).</summary>
    public ConcurrentQueue<string> DeltaQueries { get; } = new();

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public ConcurrentQueue<DeliveredMessage> Delivered { get; } = new();

    public ConcurrentQueue<string> DeletedDrafts { get; } = new();

    public ConcurrentQueue<string> TokenScopes { get; } = new();

    public ConcurrentQueue<IReadOnlyDictionary<string, string>> ManagedIdentityRequests { get; } = new();

    public ConcurrentQueue<JsonElement> AssertionHeaders { get; } = new();

    public ConcurrentQueue<string> Problems { get; } = new();

    public List<FakeUploadSession> UploadSessions
    {
        get
        {
            lock (_lock)
            {
                return _sessions.Values.ToList();
            }
        }
    }

    public string TokenEndpoint => $"{BaseUrl.GetLeftPart(UriPartial.Authority)}/{TenantId}/oauth2/v2.0/token";

    public string ManagedIdentityEndpoint => $"{BaseUrl.GetLeftPart(UriPartial.Authority)}/msi/token";

    public static async Task<FakeMicrosoftCloud> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(TestCertificates.ServerCertificate)));
        var app = builder.Build();
        var fake = new FakeMicrosoftCloud(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseUrl = new Uri(address.Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1"));
        return fake;
    }

    /// <summary>Answers the next request of an operation (token, msi, sendMail, createDraft, addAttachment, createUploadSession, upload, send, delete) with a fault.</summary>
    public void Enqueue(string operation, GraphFault fault) => _faults.GetOrAdd(operation, _ => new ConcurrentQueue<GraphFault>()).Enqueue(fault);

    /// <summary>Accepts a bearer token it did not issue (for transport tests with a fixed token).</summary>
    public void AcceptToken(string token, TimeSpan? lifetime = null)
    {
        lock (_lock)
        {
            _tokens[token] = DateTimeOffset.UtcNow + (lifetime ?? TimeSpan.FromHours(1));
        }
    }

    /// <summary>Makes every token issued so far invalid, as if it had expired.</summary>
    public void RevokeTokens()
    {
        lock (_lock)
        {
            _tokens.Clear();
        }
    }

    public int MaxInFlight(string mailbox)
    {
        lock (_lock)
        {
            return _maxInFlight.TryGetValue(mailbox, out var max) ? max : 0;
        }
    }

    public int Count(string operation) => Requests.Count(r => r.Operation == operation);

    /// <summary>The messages and folders of a mailbox, made empty (an inbox, Deleted Items, Archive) on first use.</summary>
    public FakeMailbox Mailbox(string address) => _mailboxes.GetOrAdd(address, _ => new FakeMailbox());

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var segments = path.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
        if (segments.Length == 4 && segments[1] == "oauth2" && segments[2] == "v2.0" && segments[3] == "token" && context.Request.Method == "POST")
        {
            await TokenAsync(context, segments[0]);
            return;
        }

        if (segments.Length == 2 && segments[0] == "msi" && segments[1] == "token" && context.Request.Method == "GET")
        {
            await ManagedIdentityAsync(context);
            return;
        }

        if (segments.Length == 2 && segments[0] == "upload" && context.Request.Method == "PUT")
        {
            await UploadAsync(context, segments[1]);
            return;
        }

        if (segments.Length >= 4 && segments[0] == "v1.0" && segments[1] == "users")
        {
            var mailbox = segments[2];
            Enter(mailbox);
            try
            {
                if (Hold > TimeSpan.Zero)
                {
                    await Task.Delay(Hold);
                }

                await GraphAsync(context, mailbox, segments.Skip(3).ToArray());
            }
            finally
            {
                Leave(mailbox);
            }

            return;
        }

        Problems.Enqueue($"unexpected request {context.Request.Method} {path}");
        await ErrorAsync(context, "unknown", null, 404, "UnknownRoute", $"No route {path}.");
    }

    private async Task GraphAsync(HttpContext context, string mailbox, string[] rest)
    {
        var method = context.Request.Method;
        string operation = (method, rest.Length, rest.ElementAtOrDefault(0), rest.ElementAtOrDefault(2), rest.ElementAtOrDefault(3)) switch
        {
            ("POST", 1, "sendMail", _, _) => "sendMail",
            ("POST", 1, "messages", _, _) => "createDraft",
            ("GET", 1, "messages", _, _) => "listMessages",
            ("DELETE", 2, "messages", _, _) => "delete",
            ("POST", 3, "messages", "attachments", _) => "addAttachment",
            ("POST", 3, "messages", "send", _) => "send",
            ("POST", 4, "messages", "attachments", "createUploadSession") => "createUploadSession",
            ("GET", 4, "mailFolders", "messages", "delta") => "delta",
            ("GET", 1, "mailFolders", _, _) => "listFolders",
            ("GET", 3, "mailFolders", "childFolders", _) => "childFolders",
            ("GET", 3, "messages", "$value", _) => "value",
            ("POST", 3, "messages", "move", _) => "move",
            _ => "unknown",
        };

        if (operation == "unknown")
        {
            Problems.Enqueue($"unexpected Graph request {method} {context.Request.Path}");
            await ErrorAsync(context, operation, mailbox, 400, "BadRequest", "Unsupported request.");
            return;
        }

        if (!Authorized(context, out var authProblem))
        {
            await DrainAsync(context);
            await ErrorAsync(context, operation, mailbox, 401, "InvalidAuthenticationToken", authProblem);
            return;
        }

        if (await FaultAsync(context, operation, mailbox))
        {
            return;
        }

        if (DeniedMailboxes.Contains(mailbox))
        {
            await DrainAsync(context);
            await ErrorAsync(context, operation, mailbox, 403, "ErrorAccessDenied", "Access to OData is disabled: Your organization's policy doesn't allow this app to access this mailbox.");
            return;
        }

        if (UnknownMailboxes.Contains(mailbox))
        {
            await DrainAsync(context);
            await ErrorAsync(context, operation, mailbox, 404, "ErrorInvalidUser", $"The requested user '{mailbox}' is invalid.");
            return;
        }

        switch (operation)
        {
            case "sendMail":
                await SendMailAsync(context, mailbox);
                break;
            case "createDraft":
                await CreateDraftAsync(context, mailbox);
                break;
            case "listMessages":
                // What a mailbox reader will ask for; the messages this fake delivered, newest first.
                await JsonAsync(context, operation, mailbox, 200, new { value = Delivered.Reverse().Select(d => new { id = d.GetHashCode().ToString(System.Globalization.CultureInfo.InvariantCulture) }).ToArray() });
                break;
            case "delete":
                lock (_lock)
                {
                    _drafts.Remove(rest[1]);
                }

                DeletedDrafts.Enqueue(rest[1]);
                Record(context, operation, mailbox, 204);
                context.Response.StatusCode = 204;
                break;
            case "addAttachment":
                await AddAttachmentAsync(context, mailbox, rest[1]);
                break;
            case "createUploadSession":
                await CreateUploadSessionAsync(context, mailbox, rest[1]);
                break;
            case "send":
                await SendDraftAsync(context, mailbox, rest[1]);
                break;
            case "delta":
                await DeltaAsync(context, mailbox, rest[1]);
                break;
            case "listFolders":
            case "childFolders":
                await FoldersAsync(context, operation, mailbox, operation == "listFolders" ? null : rest[1]);
                break;
            case "value":
                await ValueAsync(context, mailbox, rest[1]);
                break;
            case "move":
                await MoveAsync(context, mailbox, rest[1]);
                break;
        }
    }

    private async Task DeltaAsync(HttpContext context, string mailbox, string folderName)
    {
        var box = Mailbox(mailbox);
        var folder = box.Folder(folderName);
        if (folder is null)
        {
            await ErrorAsync(context, "delta", mailbox, 404, "ErrorItemNotFound", "The specified object was not found in the store.");
            return;
        }

        var query = context.Request.Query;
        DeltaQueries.Enqueue(context.Request.QueryString.Value ?? string.Empty);
        var prefer = context.Request.Headers["Prefer"].ToString();
        DeltaPreferences.Enqueue(prefer);
        var asked = Regex.Match(prefer, @"odata\.maxpagesize=(\d+)");
        var size = asked.Success ? Math.Min(DeltaPageSize, int.Parse(asked.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)) : DeltaPageSize;
        var skip = query.TryGetValue("$skiptoken", out var s) ? s.ToString() : null;
        var delta = query.TryGetValue("$deltatoken", out var d) ? d.ToString() : null;
        if (skip is null && delta is null && query["$select"].ToString() is not { Length: > 0 })
        {
            Problems.Enqueue("a full delta read without $select");
            await ErrorAsync(context, "delta", mailbox, 400, "BadRequest", "Ask for the fields you need with $select.");
            return;
        }

        var page = box.Delta(folder.Id, delta, skip, size);
        if (page is null)
        {
            await ErrorAsync(context, "delta", mailbox, 410, "SyncStateNotFound", "The sync state generation is not found or has expired. Please do a full sync.");
            return;
        }

        var link = $"{BaseUrl.GetLeftPart(UriPartial.Authority)}/v1.0/users/{Uri.EscapeDataString(mailbox)}/mailFolders/{Uri.EscapeDataString(folderName)}/messages/delta?";
        var value = page.Value.Changed
            .Select(i => (object)new Dictionary<string, object?>
            {
                ["@odata.type"] = "#microsoft.graph.message",
                ["@odata.etag"] = "W/\"CQAAABYAAAA" + i.Seq + "\"",
                ["id"] = i.Id,
                ["internetMessageId"] = i.InternetMessageId,
                ["receivedDateTime"] = i.ReceivedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            })
            .Concat(page.Value.Removed.Select(id => (object)new Dictionary<string, object> { ["@odata.type"] = "#microsoft.graph.message", ["id"] = id, ["@removed"] = new { reason = "deleted" } }))
            .ToArray();
        var body = new Dictionary<string, object>
        {
            ["@odata.context"] = $"{BaseUrl.GetLeftPart(UriPartial.Authority)}/v1.0/$metadata#Collection(message)",
            ["value"] = value,
        };
        if (page.Value.SkipToken is { } next)
        {
            body["@odata.nextLink"] = link + "$skiptoken=" + Uri.EscapeDataString(next);
        }
        else
        {
            body["@odata.deltaLink"] = link + "$deltatoken=" + Uri.EscapeDataString(page.Value.DeltaToken!);
        }

        await JsonAsync(context, "delta", mailbox, 200, body);
    }

    private async Task FoldersAsync(HttpContext context, string operation, string mailbox, string? parent)
    {
        var box = Mailbox(mailbox);
        var parentFolder = parent is null ? null : box.Folder(parent);
        if (parent is not null && parentFolder is null)
        {
            await ErrorAsync(context, operation, mailbox, 404, "ErrorItemNotFound", "The specified object was not found in the store.");
            return;
        }

        var filter = Regex.Match(context.Request.Query["$filter"].ToString(), @"^displayName eq '((?:[^']|'')*)'$");
        if (!filter.Success)
        {
            Problems.Enqueue("a folder list without a displayName filter: " + context.Request.QueryString);
            await ErrorAsync(context, operation, mailbox, 400, "BadRequest", "Only $filter=displayName eq '...' is supported here.");
            return;
        }

        var found = box.Children(parentFolder?.Id, filter.Groups[1].Value.Replace("''", "'"));
        await JsonAsync(context, operation, mailbox, 200, new { value = found.Select(f => new { id = f.Id, displayName = f.DisplayName }).ToArray() });
    }

    private async Task ValueAsync(HttpContext context, string mailbox, string id)
    {
        var item = Mailbox(mailbox).Item(id);
        if (item is null)
        {
            await ErrorAsync(context, "value", mailbox, 404, "ErrorItemNotFound", "The specified object was not found in the store.");
            return;
        }

        Record(context, "value", mailbox, 200);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/plain";
        await context.Response.Body.WriteAsync(item.Mime);
    }

    private async Task MoveAsync(HttpContext context, string mailbox, string id)
    {
        using var document = JsonDocument.Parse(await ReadBodyAsync(context));
        if (ReadOnlyMailboxes.Contains(mailbox))
        {
            await ErrorAsync(context, "move", mailbox, 403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");
            return;
        }

        var box = Mailbox(mailbox);
        var destination = document.RootElement.TryGetProperty("destinationId", out var to) && to.GetString() is { } name ? box.Folder(name) : null;
        var moved = destination is null ? null : box.Move(id, destination.Id);
        if (moved is null)
        {
            await ErrorAsync(context, "move", mailbox, 404, "ErrorItemNotFound", "The specified object was not found in the store.");
            return;
        }

        await JsonAsync(context, "move", mailbox, 201, new { id = moved, parentFolderId = destination!.Id });
    }

    private async Task SendMailAsync(HttpContext context, string mailbox)
    {
        var body = await ReadBodyAsync(context);
        var mediaType = context.Request.ContentType?.Split(';')[0].Trim();
        if (mediaType == "text/plain")
        {
            byte[] mime;
            try
            {
                mime = Convert.FromBase64String(Encoding.ASCII.GetString(body));
            }
            catch (FormatException)
            {
                await ErrorAsync(context, "sendMail", mailbox, 400, "ErrorMimeContentInvalidBase64String", "Invalid base64 string for MIME content.");
                return;
            }

            var text = Encoding.UTF8.GetString(mime);
            var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            var headers = headerEnd < 0 ? string.Empty : text.Substring(0, headerEnd);
            if (headerEnd < 0 || !Regex.IsMatch(headers, "^From: ", RegexOptions.Multiline) || !Regex.IsMatch(headers, "^To: ", RegexOptions.Multiline)
                || !Regex.IsMatch(headers, "^Message-ID: <[^<>@]+@[^<>]+>", RegexOptions.Multiline) || mime.Any(b => b > 127))
            {
                await ErrorAsync(context, "sendMail", mailbox, 400, "ErrorMimeContentInvalid", "The MIME content is not a 7-bit message with From, To and Message-ID.");
                return;
            }

            var recipients = Regex.Matches(headers, @"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+").Select(m => m.Value);
            if (recipients.Any(InvalidRecipients.Contains))
            {
                await ErrorAsync(context, "sendMail", mailbox, 400, "ErrorInvalidRecipients", "At least one recipient isn't valid.");
                return;
            }

            Delivered.Enqueue(new DeliveredMessage { Mailbox = mailbox, Route = "mime", Mime = mime });
            Record(context, "sendMail", mailbox, 202);
            context.Response.StatusCode = 202;
            return;
        }

        if (mediaType != "application/json")
        {
            await ErrorAsync(context, "sendMail", mailbox, 415, "UnsupportedMediaType", $"Content-Type {mediaType} is not supported.");
            return;
        }

        using var document = JsonDocument.Parse(body);
        var message = document.RootElement.GetProperty("message");
        var problem = CheckMessage(message, out var attachments);
        if (problem is not null)
        {
            await ErrorAsync(context, "sendMail", mailbox, 400, "ErrorInvalidRequest", problem);
            return;
        }

        if (Recipients(message).Any(InvalidRecipients.Contains))
        {
            await ErrorAsync(context, "sendMail", mailbox, 400, "ErrorInvalidRecipients", "At least one recipient isn't valid.");
            return;
        }

        Delivered.Enqueue(new DeliveredMessage
        {
            Mailbox = mailbox,
            Route = "json",
            Message = message.Clone(),
            SaveToSentItems = document.RootElement.TryGetProperty("saveToSentItems", out var save) ? save.GetBoolean() : null,
            Attachments = attachments,
        });
        Record(context, "sendMail", mailbox, 202);
        context.Response.StatusCode = 202;
    }

    private async Task CreateDraftAsync(HttpContext context, string mailbox)
    {
        if (context.Request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
        {
            await ErrorAsync(context, "createDraft", mailbox, 415, "UnsupportedMediaType", "Expected application/json.");
            return;
        }

        using var document = JsonDocument.Parse(await ReadBodyAsync(context));
        var problem = CheckMessage(document.RootElement, out var attachments);
        if (problem is not null)
        {
            await ErrorAsync(context, "createDraft", mailbox, 400, "ErrorInvalidRequest", problem);
            return;
        }

        var draft = new FakeDraft { Id = "AAMkAD" + Interlocked.Increment(ref _counter) + "-draft=", Mailbox = mailbox, Message = document.RootElement.Clone() };
        draft.Attachments.AddRange(attachments);
        lock (_lock)
        {
            _drafts[draft.Id] = draft;
        }

        await JsonAsync(context, "createDraft", mailbox, 201, new { id = draft.Id, isDraft = true });
    }

    private async Task AddAttachmentAsync(HttpContext context, string mailbox, string draftId)
    {
        using var document = JsonDocument.Parse(await ReadBodyAsync(context));
        var draft = Draft(draftId, mailbox);
        if (draft is null)
        {
            await ErrorAsync(context, "addAttachment", mailbox, 404, "ErrorItemNotFound", "The specified object was not found in the store.");
            return;
        }

        var problem = CheckAttachment(document.RootElement, out var attachment);
        if (problem is not null)
        {
            await ErrorAsync(context, "addAttachment", mailbox, 400, "ErrorInvalidRequest", problem);
            return;
        }

        lock (_lock)
        {
            draft.Attachments.Add(attachment!);
        }

        await JsonAsync(context, "addAttachment", mailbox, 201, new { id = "att" + Interlocked.Increment(ref _counter) });
    }

    private async Task CreateUploadSessionAsync(HttpContext context, string mailbox, string draftId)
    {
        using var document = JsonDocument.Parse(await ReadBodyAsync(context));
        var draft = Draft(draftId, mailbox);
        if (draft is null)
        {
            await ErrorAsync(context, "createUploadSession", mailbox, 404, "ErrorItemNotFound", "The specified object was not found in the store.");
            return;
        }

        if (!document.RootElement.TryGetProperty("AttachmentItem", out var item)
            || item.GetProperty("attachmentType").GetString() != "file"
            || string.IsNullOrEmpty(item.GetProperty("name").GetString())
            || item.GetProperty("size").GetInt64() <= 0)
        {
            await ErrorAsync(context, "createUploadSession", mailbox, 400, "ErrorInvalidRequest", "AttachmentItem needs attachmentType file, a name and a positive size.");
            return;
        }

        var session = new FakeUploadSession
        {
            Id = Guid.NewGuid().ToString("N"),
            Draft = draft,
            Name = item.GetProperty("name").GetString()!,
            ContentType = item.TryGetProperty("contentType", out var type) ? type.GetString()! : "application/octet-stream",
            Size = item.GetProperty("size").GetInt64(),
        };
        lock (_lock)
        {
            _sessions[session.Id] = session;
            draft.Sessions.Add(session);
        }

        await JsonAsync(context, "createUploadSession", mailbox, 201, new
        {
            uploadUrl = $"{BaseUrl.GetLeftPart(UriPartial.Authority)}/upload/{session.Id}",
            expirationDateTime = DateTimeOffset.UtcNow.AddHours(1).ToString("o"),
            nextExpectedRanges = new[] { "0-" },
        });
    }

    private async Task UploadAsync(HttpContext context, string sessionId)
    {
        var body = await ReadBodyAsync(context);
        FakeUploadSession? session;
        lock (_lock)
        {
            _sessions.TryGetValue(sessionId, out session);
        }

        var mailbox = session?.Draft.Mailbox;
        if (context.Request.Headers.Authorization.Count > 0)
        {
            Problems.Enqueue("an upload request carried an Authorization header");
            await ErrorAsync(context, "upload", mailbox, 401, "InvalidAuthenticationToken", "The upload URL is pre-authenticated; do not send Authorization.");
            return;
        }

        if (session is null)
        {
            await ErrorAsync(context, "upload", mailbox, 404, "ItemNotFound", "Upload session not found.");
            return;
        }

        if (await FaultAsync(context, "upload", mailbox, body))
        {
            return;
        }

        var range = context.Request.Headers.ContentRange.ToString();
        var match = Regex.Match(range, @"^bytes (\d+)-(\d+)/(\d+)$");
        if (!match.Success)
        {
            await ErrorAsync(context, "upload", mailbox, 400, "InvalidContentRange", $"Content-Range '{range}' is not 'bytes start-end/total'.");
            return;
        }

        long start = long.Parse(match.Groups[1].Value), end = long.Parse(match.Groups[2].Value), total = long.Parse(match.Groups[3].Value);
        var length = end - start + 1;
        string? problem = null;
        if (total != session.Size)
        {
            problem = $"total {total} is not the session's size {session.Size}";
        }
        else if (start != session.Received.Length)
        {
            problem = $"range starts at {start}, expected {session.Received.Length}";
        }
        else if (length != body.Length || context.Request.ContentLength != body.Length)
        {
            problem = $"range length {length} but {body.Length} bytes sent";
        }
        else if (length > 4 * 1024 * 1024)
        {
            problem = $"range of {length} bytes exceeds 4 MiB";
        }
        else if (end + 1 < total && length % ChunkUnit != 0)
        {
            problem = $"range of {length} bytes is not a multiple of 320 KiB";
        }

        if (problem is not null)
        {
            Problems.Enqueue("upload: " + problem);
            await ErrorAsync(context, "upload", mailbox, 416, "InvalidRange", problem);
            return;
        }

        lock (_lock)
        {
            session.Received.Write(body);
            session.Ranges.Add(range);
        }

        if (session.Complete)
        {
            lock (_lock)
            {
                session.Draft.Attachments.Add(new FakeAttachment(session.Name, session.ContentType, session.Received.ToArray(), Uploaded: true));
            }

            Record(context, "upload", mailbox, 201);
            context.Response.StatusCode = 201;
            return;
        }

        await JsonAsync(context, "upload", mailbox, 200, new { nextExpectedRanges = new[] { $"{session.Received.Length}-" } });
    }

    private async Task SendDraftAsync(HttpContext context, string mailbox, string draftId)
    {
        await DrainAsync(context);
        var draft = Draft(draftId, mailbox);
        if (draft is null)
        {
            await ErrorAsync(context, "send", mailbox, 404, "ErrorItemNotFound", "The specified object was not found in the store.");
            return;
        }

        if (draft.Sessions.Any(s => !s.Complete))
        {
            await ErrorAsync(context, "send", mailbox, 400, "ErrorInvalidRequest", "An attachment upload is incomplete.");
            return;
        }

        if (Recipients(draft.Message).Any(InvalidRecipients.Contains))
        {
            await ErrorAsync(context, "send", mailbox, 400, "ErrorInvalidRecipients", "At least one recipient isn't valid.");
            return;
        }

        lock (_lock)
        {
            _drafts.Remove(draftId);
        }

        Delivered.Enqueue(new DeliveredMessage { Mailbox = mailbox, Route = "draft", Message = draft.Message, Attachments = draft.Attachments.ToList() });
        Record(context, "send", mailbox, 202);
        context.Response.StatusCode = 202;
    }

    private async Task TokenAsync(HttpContext context, string tenant)
    {
        var form = await context.Request.ReadFormAsync();
        if (await FaultAsync(context, "token", null))
        {
            return;
        }

        string? Field(string name) => form.TryGetValue(name, out var value) ? value.ToString() : null;
        if (tenant != TenantId)
        {
            await OAuthErrorAsync(context, 400, "invalid_tenant", $"AADSTS90002: Tenant '{tenant}' not found.");
            return;
        }

        if (Field("grant_type") != "client_credentials")
        {
            await OAuthErrorAsync(context, 400, "unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type.");
            return;
        }

        if (Field("client_id") != ClientId)
        {
            await OAuthErrorAsync(context, 400, "unauthorized_client", $"AADSTS700016: Application with identifier '{Field("client_id")}' was not found in the directory.");
            return;
        }

        var scope = Field("scope") ?? string.Empty;
        if (!scope.Split(' ').Any(s => s.EndsWith("/.default", StringComparison.Ordinal)))
        {
            await OAuthErrorAsync(context, 400, "invalid_scope", $"AADSTS1002012: The provided value for scope '{scope}' is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.");
            return;
        }

        if (Field("client_secret") is string secret)
        {
            if (secret != ClientSecret)
            {
                await OAuthErrorAsync(context, 401, "invalid_client", "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.");
                return;
            }
        }
        else if (Field("client_assertion") is string assertion)
        {
            var problem = Field("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
                ? "wrong client_assertion_type"
                : VerifyAssertionSafely(assertion);
            if (problem is not null)
            {
                Problems.Enqueue("assertion: " + problem);
                await OAuthErrorAsync(context, 401, "invalid_client", "AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application. " + problem);
                return;
            }
        }
        else
        {
            await OAuthErrorAsync(context, 401, "invalid_client", "AADSTS7000216: 'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.");
            return;
        }

        TokenScopes.Enqueue(scope);
        var token = Issue();
        Record(context, "token", null, 200);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = (int)TokenLifetime.TotalSeconds,
            ["ext_expires_in"] = (int)TokenLifetime.TotalSeconds,
            ["access_token"] = token,
        }));
    }

    private async Task ManagedIdentityAsync(HttpContext context)
    {
        var query = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
        ManagedIdentityRequests.Enqueue(query);
        if (context.Request.Headers["X-IDENTITY-HEADER"].ToString() != IdentityHeader)
        {
            await OAuthErrorAsync(context, 401, "invalid_request", "The X-IDENTITY-HEADER is missing or wrong.");
            return;
        }

        if (!query.TryGetValue("api-version", out var version) || version != "2019-08-01" || !query.TryGetValue("resource", out var resource) || string.IsNullOrEmpty(resource))
        {
            await OAuthErrorAsync(context, 400, "invalid_request", "api-version 2019-08-01 and resource are required.");
            return;
        }

        var token = Issue();
        Record(context, "msi", null, 200);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["access_token"] = token,
            ["expires_on"] = (DateTimeOffset.UtcNow + TokenLifetime).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["resource"] = resource,
            ["token_type"] = "Bearer",
            ["client_id"] = query.TryGetValue("client_id", out var client) ? client : "system-assigned-client-id",
        }));
    }

    private string? VerifyAssertionSafely(string assertion)
    {
        try
        {
            return VerifyAssertion(assertion);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or JsonException or FormatException)
        {
            return "malformed assertion: " + ex.Message;
        }
    }

    private string? VerifyAssertion(string assertion)
    {
        if (RegisteredCertificate is null)
        {
            return "no certificate is registered";
        }

        var parts = assertion.Split('.');
        if (parts.Length != 3)
        {
            return "not a JWS compact serialization";
        }

        using var header = JsonDocument.Parse(Base64Url(parts[0]));
        using var payload = JsonDocument.Parse(Base64Url(parts[1]));
        AssertionHeaders.Enqueue(header.RootElement.Clone());
        var h = header.RootElement;
        var alg = h.GetProperty("alg").GetString();
        var sha256Thumbprint = ToBase64Url(SHA256.HashData(RegisteredCertificate.RawData));
        var sha1Thumbprint = ToBase64Url(SHA1.HashData(RegisteredCertificate.RawData));
        var matches = (h.TryGetProperty("x5t#S256", out var s256) && s256.GetString() == sha256Thumbprint)
            || (h.TryGetProperty("x5t", out var s1) && s1.GetString() == sha1Thumbprint);
        if (!matches)
        {
            return "x5t/x5t#S256 does not match the registered certificate";
        }

        using var rsa = RegisteredCertificate.GetRSAPublicKey()!;
        var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        var signature = Base64Url(parts[2]);
        var padding = alg switch { "RS256" => RSASignaturePadding.Pkcs1, "PS256" => RSASignaturePadding.Pss, _ => null };
        if (padding is null || !rsa.VerifyData(signed, signature, HashAlgorithmName.SHA256, padding))
        {
            return $"signature ({alg}) does not verify with the registered certificate's key";
        }

        var p = payload.RootElement;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (p.GetProperty("aud").GetString()?.TrimEnd('/') != TokenEndpoint)
        {
            return $"aud '{p.GetProperty("aud").GetString()}' is not the token endpoint";
        }

        if (p.GetProperty("iss").GetString() != ClientId || p.GetProperty("sub").GetString() != ClientId)
        {
            return "iss and sub must be the client id";
        }

        static long Seconds(JsonElement value) => value.ValueKind == JsonValueKind.String ? long.Parse(value.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : value.GetInt64();
        if (Seconds(p.GetProperty("exp")) <= now || (p.TryGetProperty("nbf", out var nbf) && Seconds(nbf) > now + 300))
        {
            return "the assertion is expired or not yet valid";
        }

        if (!p.TryGetProperty("jti", out var jti) || string.IsNullOrEmpty(jti.GetString()))
        {
            return "jti is missing";
        }

        return null;
    }

    private static string? CheckMessage(JsonElement message, out List<FakeAttachment> attachments)
    {
        attachments = new List<FakeAttachment>();
        if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("subject", out var subject) || subject.ValueKind != JsonValueKind.String)
        {
            return "subject is required";
        }

        if (!message.TryGetProperty("body", out var body) || body.GetProperty("contentType").GetString()?.ToLowerInvariant() is not ("text" or "html")
            || body.GetProperty("content").ValueKind != JsonValueKind.String)
        {
            return "body must have contentType text or html and content";
        }

        if (!message.TryGetProperty("toRecipients", out var to) || to.GetArrayLength() == 0 || to.EnumerateArray().Any(r => !r.GetProperty("emailAddress").TryGetProperty("address", out _)))
        {
            return "toRecipients must hold emailAddress entries";
        }

        if (message.TryGetProperty("internetMessageId", out var id) && !Regex.IsMatch(id.GetString() ?? string.Empty, "^<[^<>@]+@[^<>]+>$"))
        {
            return "internetMessageId must be <left@right>";
        }

        if (message.TryGetProperty("internetMessageHeaders", out var headers) && headers.EnumerateArray().Any(h => !h.GetProperty("name").GetString()!.StartsWith("x-", StringComparison.OrdinalIgnoreCase)))
        {
            return "internetMessageHeaders may only hold x- headers";
        }

        if (message.TryGetProperty("attachments", out var list))
        {
            foreach (var item in list.EnumerateArray())
            {
                var problem = CheckAttachment(item, out var attachment);
                if (problem is not null)
                {
                    return problem;
                }

                attachments.Add(attachment!);
            }
        }

        return null;
    }

    private static string? CheckAttachment(JsonElement item, out FakeAttachment? attachment)
    {
        attachment = null;
        if (item.GetProperty("@odata.type").GetString() != "#microsoft.graph.fileAttachment")
        {
            return "attachments must be #microsoft.graph.fileAttachment";
        }

        try
        {
            attachment = new FakeAttachment(item.GetProperty("name").GetString()!, item.GetProperty("contentType").GetString()!, Convert.FromBase64String(item.GetProperty("contentBytes").GetString()!), Uploaded: false);
            return null;
        }
        catch (FormatException)
        {
            return "contentBytes is not base64";
        }
    }

    private static IEnumerable<string> Recipients(JsonElement message) =>
        new[] { "toRecipients", "ccRecipients" }
            .Where(name => message.TryGetProperty(name, out _))
            .SelectMany(name => message.GetProperty(name).EnumerateArray())
            .Select(r => r.GetProperty("emailAddress").GetProperty("address").GetString()!);

    private FakeDraft? Draft(string id, string mailbox)
    {
        lock (_lock)
        {
            return _drafts.TryGetValue(id, out var draft) && string.Equals(draft.Mailbox, mailbox, StringComparison.OrdinalIgnoreCase) ? draft : null;
        }
    }

    private bool Authorized(HttpContext context, out string problem)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            problem = "Access token is empty.";
            return false;
        }

        lock (_lock)
        {
            if (_tokens.TryGetValue(header.Substring(7), out var expires) && expires > DateTimeOffset.UtcNow)
            {
                problem = string.Empty;
                return true;
            }
        }

        problem = "Lifetime validation failed, the token is expired.";
        return false;
    }

    private async Task<bool> FaultAsync(HttpContext context, string operation, string? mailbox, byte[]? alreadyRead = null)
    {
        if (!_faults.TryGetValue(operation, out var queue) || !queue.TryDequeue(out var fault))
        {
            return false;
        }

        if (alreadyRead is null)
        {
            await DrainAsync(context);
        }

        if (fault.AbortAfterBody)
        {
            Record(context, operation, mailbox, 0);
            context.Abort();
            return true;
        }

        if (fault.RetryAfter is not null)
        {
            context.Response.Headers["Retry-After"] = fault.RetryAfter;
        }

        await ErrorAsync(context, operation, mailbox, fault.Status, fault.Code ?? "Fault", fault.Message ?? "Injected failure.");
        return true;
    }

    private string Issue()
    {
        var token = "fake-access-token-" + Guid.NewGuid().ToString("N");
        lock (_lock)
        {
            _tokens[token] = DateTimeOffset.UtcNow + TokenLifetime;
        }

        return token;
    }

    private void Enter(string mailbox)
    {
        lock (_lock)
        {
            var now = _inFlight[mailbox] = (_inFlight.TryGetValue(mailbox, out var n) ? n : 0) + 1;
            _maxInFlight[mailbox] = Math.Max(now, _maxInFlight.TryGetValue(mailbox, out var max) ? max : 0);
        }
    }

    private void Leave(string mailbox)
    {
        lock (_lock)
        {
            _inFlight[mailbox]--;
        }
    }

    private void Record(HttpContext context, string operation, string? mailbox, int status) =>
        Requests.Enqueue(new RecordedRequest(operation, context.Request.Method, context.Request.Path.Value ?? string.Empty, mailbox, status,
            context.Request.Headers.ContentRange.Count > 0 ? context.Request.Headers.ContentRange.ToString() : null,
            context.Request.Headers.Authorization.Count > 0));

    private static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private static async Task DrainAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
        }
    }

    private async Task ErrorAsync(HttpContext context, string operation, string? mailbox, int status, string code, string message)
    {
        Record(context, operation, mailbox, status);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers["request-id"] = "req-" + Interlocked.Increment(ref _counter);
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { error = new { code, message, innerError = new { date = DateTimeOffset.UtcNow.ToString("s") } } }));
    }

    private async Task OAuthErrorAsync(HttpContext context, int status, string error, string description)
    {
        Record(context, "token", null, status);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { error, error_description = description, error_codes = new[] { 0 }, timestamp = DateTimeOffset.UtcNow.ToString("u") }));
    }

    private async Task JsonAsync(HttpContext context, string operation, string? mailbox, int status, object value)
    {
        Record(context, operation, mailbox, status);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(value));
    }

    private static byte[] Base64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }

    private static string ToBase64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
