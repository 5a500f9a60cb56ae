using System.Globalization;
using System.Text;
using System.Text.Json;
using RfqSender.Engine.Tracking;
using RfqSender.Engine.Transports.Graph;

namespace RfqSender.Engine.Responses.Sources;

/// <summary>
/// A folder (by default the inbox) of an Exchange Online mailbox, shared mailboxes included, read
/// through Microsoft Graph with an app-only token from the same sign-in as Graph sending. Reads are
/// incremental: a delta query on the folder (<c>mailFolders/{folder}/messages/delta</c>, ids only),
/// its <c>@odata.nextLink</c> pages followed, and the final <c>@odata.deltaLink</c> kept in the store
/// as the folder's read state, so the next read asks only for changes. A delta link Graph no longer
/// knows (410 Gone, <c>SyncStateNotFound</c>) starts a full read again; messages recorded already (by
/// their Graph id, or by Message-ID) are skipped. Each new message's MIME is fetched from
/// <c>messages/{id}/$value</c>, one at a time, so memory does not grow with the mailbox; removed items
/// in the delta are ignored. Nothing is deleted or changed, unless
/// <see cref="ReplySourceSettings.MoveProcessedTo"/> names a folder to move each recorded message to
/// (that needs Mail.ReadWrite instead of Mail.Read). Throttling (429, 503, 504) is waited out as for
/// sending; tokens and secrets never appear in a name, a description or an error.
/// </summary>
public sealed class GraphReplySource : IReplySource
{
    /// <summary>How many messages one delta page asks for (<c>Prefer: odata.maxpagesize</c>).</summary>
    public const int PageSize = 50;

    private const string Select = "id,internetMessageId,receivedDateTime";

    // Graph's well-known folder names, by which a folder is named without looking it up.
    private static readonly string[] WellKnownFolders =
    {
        "inbox", "archive", "clutter", "conflicts", "conversationhistory", "deleteditems", "drafts", "junkemail",
        "localfailures", "msgfolderroot", "outbox", "recoverableitemsdeletions", "scheduled", "searchfolders",
        "sentitems", "serverfailures", "syncissues",
    };

    private static readonly HashSet<string> ExpiredDeltaCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        "SyncStateNotFound", "SyncStateInvalid", "ResyncRequired", "ErrorInvalidSyncStateData",
    };

    private static readonly HashSet<string> UnknownMailboxCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        "ErrorInvalidUser", "MailboxNotEnabledForRESTAPI", "MailboxNotFound", "ErrorNonExistentMailbox", "ResourceNotFound",
    };

    private readonly ReplySourceSettings _settings;
    private readonly string _mailbox;
    private readonly GraphClient _graph;
    private string? _moveToId;

    /// <summary>A source over the mailbox folder the settings name; nothing is requested before it is read.</summary>
    /// <exception cref="RfqSenderException">The settings lack the mailbox or the sign-in, or the sign-in settings are incomplete.</exception>
    public GraphReplySource(ReplySourceSettings settings)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        if (string.IsNullOrWhiteSpace(settings.Mailbox))
        {
            throw new RfqSenderException(FailureKind.InvalidInput, "A Graph source needs the mailbox to read (its UPN or SMTP address, e.g. rfq-replies@contoso.com).");
        }

        if (settings.GraphAuthentication is null)
        {
            throw new RfqSenderException(FailureKind.Configuration, "A Graph source needs the app's sign-in (tenant, client id and a secret, certificate, managed identity or access token: the graph: settings or RFQSENDER_GRAPH_* variables).");
        }

        _mailbox = settings.Mailbox!.Trim();
        Folder = FolderName(settings.Folder);
        var options = settings.GraphOptions?.Copy() ?? new GraphTransportOptions();
        options.GraphBaseUrl ??= settings.GraphAuthentication.Endpoints.GraphBaseUrl;
        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new RfqSenderException(FailureKind.Configuration, "The Graph options of the reply source are invalid: " + ex.Message, ex);
        }

        _graph = new GraphClient(settings.GraphAuthentication.CreateTokenProvider(settings.HttpHandler), options, settings.HttpHandler);
        Name = "graph://" + _mailbox.ToLowerInvariant();
    }

    /// <inheritdoc />
    /// <remarks><c>graph://mailbox</c>: the mailbox, never a credential; the folder is the read state's.</remarks>
    public string Name { get; }

    /// <inheritdoc />
    public string Description => $"{Name}/{Folder}";

    /// <summary>The folder read, as named (<c>inbox</c> for the inbox); the store keeps its delta link under it.</summary>
    public string Folder { get; }

    /// <inheritdoc />
    public async IAsyncEnumerable<SourceMessage> ReadAsync(IInboundStore store, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (store is null)
        {
            throw new ArgumentNullException(nameof(store));
        }

        var folderId = await ResolveFolderAsync(Folder, cancellationToken).ConfigureAwait(false);
        if (_settings.MoveProcessedTo is { Length: > 0 } moveTo && _moveToId is null)
        {
            _moveToId = await ResolveFolderAsync(FolderName(moveTo), cancellationToken).ConfigureAwait(false);
        }

        var initial = GraphClient.UserPath(_mailbox, $"mailFolders/{Uri.EscapeDataString(folderId)}/messages/delta?$select={Select}");
        var state = await store.GetSourceStateAsync(Name, Folder, cancellationToken).ConfigureAwait(false);
        var link = state?.DeltaLink is { Length: > 0 } known ? known : initial;
        var restarted = false;
        while (true)
        {
            GraphDeltaPage page;
            try
            {
                var response = await _graph.GetAsync(_mailbox, link, cancellationToken, "odata.maxpagesize=" + PageSize.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
                page = GraphDeltaPage.Parse(response.Body);
            }
            catch (GraphRequestFailure failure) when (!restarted && IsExpiredDelta(failure))
            {
                // Graph forgot the sync state: read the folder whole again; what was recorded is skipped.
                restarted = true;
                link = initial;
                continue;
            }
            catch (Exception ex) when (ex is GraphRequestFailure or GraphAuthorizationException)
            {
                throw Translate(ex, Folder, moving: false);
            }
            catch (JsonException ex)
            {
                throw new RfqSenderException(FailureKind.Transport, $"Reading {Description} failed: Microsoft Graph answered the delta query with something that is not a delta page ({ex.Message}).", ex);
            }

            var ids = page.Messages.Select(m => m.Id).ToList();
            var recorded = ids.Count == 0
                ? (IReadOnlyCollection<string>)Array.Empty<string>()
                : await store.GetRecordedSourceIdsAsync(Name, ids, cancellationToken).ConfigureAwait(false);
            if (_moveToId is not null)
            {
                // Recorded by an earlier read that stopped before moving them.
                foreach (var id in ids.Where(recorded.Contains))
                {
                    await MoveAsync(id, cancellationToken).ConfigureAwait(false);
                }
            }

            foreach (var message in page.Messages.Where(m => !recorded.Contains(m.Id)))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var content = await DownloadAsync(message.Id, cancellationToken).ConfigureAwait(false);
                if (content is null)
                {
                    continue;
                }

                // Until the page is done, a read taken up again asks for this page again (its recorded messages are skipped).
                var after = new SourceReadState { Source = Name, Folder = Folder, DeltaLink = link, UpdatedAt = DateTimeOffset.UtcNow };
                yield return new SourceMessage(message.Id, Folder, content, message.ReceivedAt, after) { Handle = message.Id };
            }

            if (page.NextLink is { Length: > 0 } next)
            {
                link = next;
                continue;
            }

            if (page.DeltaLink is not { Length: > 0 } delta)
            {
                throw new RfqSenderException(FailureKind.Transport, $"Reading {Description} failed: Microsoft Graph answered a delta page with neither @odata.nextLink nor @odata.deltaLink.");
            }

            await store.SaveSourceStateAsync(new SourceReadState { Source = Name, Folder = Folder, DeltaLink = delta, UpdatedAt = DateTimeOffset.UtcNow }, cancellationToken).ConfigureAwait(false);
            yield break;
        }
    }

    /// <inheritdoc />
    /// <remarks>Moves the message to <see cref="ReplySourceSettings.MoveProcessedTo"/> when one is named.</remarks>
    public Task CompleteAsync(SourceMessage message, CancellationToken cancellationToken) =>
        _moveToId is not null && message?.Handle is string id ? MoveAsync(id, cancellationToken) : Task.CompletedTask;

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _graph.Dispose();
        return default;
    }

    private static string FolderName(string? folder)
    {
        var trimmed = (folder ?? string.Empty).Trim().Trim('/');
        return trimmed.Length == 0 || string.Equals(trimmed, "INBOX", StringComparison.OrdinalIgnoreCase) ? "inbox" : trimmed;
    }

    private static string? WellKnown(string name)
    {
        var compact = name.Replace(" ", string.Empty).ToLowerInvariant();
        return WellKnownFolders.FirstOrDefault(w => w == compact);
    }

    private static bool IsExpiredDelta(GraphRequestFailure failure) =>
        failure.Status == 410 || (failure.ErrorCode is { } code && ExpiredDeltaCodes.Contains(code));

    private static string MessagePath(string mailbox, string id, string rest) =>
        GraphClient.UserPath(mailbox, "messages/" + Uri.EscapeDataString(id) + rest);

    /// <summary>A folder's id, or its well-known name: <c>Name</c> or <c>Parent/Child</c> by display names, a single name also under the inbox.</summary>
    private async Task<string> ResolveFolderAsync(string name, CancellationToken cancellationToken)
    {
        var segments = name.Split('/').Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        string? id = null;
        for (var i = 0; i < segments.Count; i++)
        {
            if (i == 0 && WellKnown(segments[0]) is { } wellKnown)
            {
                id = wellKnown;
                continue;
            }

            var found = await FindChildAsync(id, segments[i], name, cancellationToken).ConfigureAwait(false);
            if (found is null && i == 0 && segments.Count == 1)
            {
                found = await FindChildAsync("inbox", segments[0], name, cancellationToken).ConfigureAwait(false);
            }

            id = found ?? throw new RfqSenderException(
                FailureKind.InvalidInput,
                $"The mailbox {_mailbox} has no folder '{name}'. Name a folder that exists: a well-known name (inbox, archive, deleteditems...) or its display name, Parent/Child for a subfolder.");
        }

        return id ?? "inbox";
    }

    private async Task<string?> FindChildAsync(string? parentId, string displayName, string named, CancellationToken cancellationToken)
    {
        var filter = Uri.EscapeDataString($"displayName eq '{displayName.Replace("'", "''")}'");
        var path = GraphClient.UserPath(_mailbox, (parentId is null ? "mailFolders" : $"mailFolders/{Uri.EscapeDataString(parentId)}/childFolders") + $"?$filter={filter}&$select=id,displayName");
        GraphResponse response;
        try
        {
            response = await _graph.GetAsync(_mailbox, path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is GraphRequestFailure or GraphAuthorizationException)
        {
            throw Translate(ex, named, moving: false);
        }

        using var document = JsonDocument.Parse(response.Body);
        return document.RootElement.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
                .Where(f => f.TryGetProperty("displayName", out var n) && string.Equals(n.GetString(), displayName, StringComparison.OrdinalIgnoreCase))
                .Select(f => f.GetProperty("id").GetString())
                .FirstOrDefault(i => !string.IsNullOrEmpty(i))
            : null;
    }

    private async Task<byte[]?> DownloadAsync(string id, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        try
        {
            await _graph.GetToStreamAsync(_mailbox, MessagePath(_mailbox, id, "/$value"), buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (GraphRequestFailure failure) when (failure.Status == 404)
        {
            // Deleted or moved by someone else since the delta listed it.
            return null;
        }
        catch (Exception ex) when (ex is GraphRequestFailure or GraphAuthorizationException)
        {
            throw Translate(ex, Folder, moving: false);
        }

        return buffer.ToArray();
    }

    private async Task MoveAsync(string id, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes("{\"destinationId\":" + JsonSerializer.Serialize(_moveToId) + "}");
        try
        {
            await _graph.SendAsync(_mailbox, HttpMethod.Post, MessagePath(_mailbox, id, "/move"), body, "application/json", GraphRequestKind.Preparation, cancellationToken).ConfigureAwait(false);
        }
        catch (GraphRequestFailure failure) when (failure.Status == 404)
        {
            // Moved or deleted by someone else already.
        }
        catch (Exception ex) when (ex is GraphRequestFailure or GraphAuthorizationException)
        {
            throw Translate(ex, _settings.MoveProcessedTo ?? string.Empty, moving: true);
        }
    }

    /// <summary>Graph's failure in the engine's words, with what to fix; Graph's own code and text, never a token.</summary>
    private RfqSenderException Translate(Exception ex, string folder, bool moving)
    {
        var permission = moving || _settings.MoveProcessedTo is { Length: > 0 } ? "Mail.ReadWrite" : "Mail.Read";
        if (ex is GraphAuthorizationException denied)
        {
            var detail = denied.GraphDetail ?? $"Graph {denied.StatusCode} {denied.ErrorCode}";
            var what = denied.StatusCode == 401
                ? $"Microsoft Graph rejected the token for mailbox {_mailbox} ({detail}). Check the app's tenant, client id and credential, and that the token is for {_graph.Scope.Replace("/.default", string.Empty)}. "
                : $"Microsoft Graph denied the application access to mailbox {_mailbox} ({detail}). ";
            return new RfqSenderException(
                FailureKind.Configuration,
                what + $"Reading replies needs the {permission} application permission (Microsoft Graph, not delegated)"
                + (moving ? " to move processed messages" : _settings.MoveProcessedTo is { Length: > 0 } ? " (moving processed messages)" : string.Empty)
                + " with admin consent granted in the tenant; when an Exchange application access policy (New-ApplicationAccessPolicy) or RBAC for Applications scopes the app, it must include this mailbox.");
        }

        var failure = (GraphRequestFailure)ex;
        if (failure.Status == 404)
        {
            return failure.ErrorCode is { } code && UnknownMailboxCodes.Contains(code)
                ? new RfqSenderException(FailureKind.InvalidInput, $"Microsoft Graph does not know the mailbox {_mailbox} ({failure.Message}). Name an Exchange Online mailbox by its UPN or SMTP address (a shared mailbox works).")
                : new RfqSenderException(FailureKind.InvalidInput, $"The mailbox {_mailbox} has no folder '{folder}' ({failure.Message}). Name a folder that exists: a well-known name (inbox, archive, deleteditems...) or its display name.");
        }

        var hint = failure.Outcome.Kind == Transports.TransportOutcomeKind.Transient ? " Read again later: what was recorded stays, and the next read goes on from there." : string.Empty;
        return new RfqSenderException(FailureKind.Transport, $"Reading {Description} failed: {failure.Message}.{hint}", ex);
    }
}
