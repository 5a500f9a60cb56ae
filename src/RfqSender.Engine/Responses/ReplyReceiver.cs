using System.Globalization;
using System.Security.Cryptography;
using RfqSender.Engine.Documents.QuoteSheets;
using RfqSender.Engine.Quotes;
using RfqSender.Engine.Responses.Sources;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Responses;

/// <summary>
/// Reads a source into a store: each new message parsed (MimeKit), classified, matched against the
/// deliveries of the campaigns (by Message-ID, the signed reference token under the store's secret,
/// a plus-addressed reply address, the sender), its files kept under the quotes folder per RFQ and
/// vendor, and recorded with the change it makes to its delivery (<see cref="DeliveryTransitionRules.DecideInbound"/>)
/// in one transaction. A message recorded before changes nothing, so reading a source again is safe.
/// </summary>
public sealed class ReplyReceiver
{
    private readonly IDeliveryStore _store;
    private readonly ReceiveOptions _options;
    private readonly string _quotesFolder;
    private readonly string _readBy;
    private readonly Func<DateTimeOffset> _clock;
    private readonly Dictionary<string, Rfq?> _rfqs = new(StringComparer.Ordinal);
    private QuoteSheetReader? _quoteSheets;

    /// <summary>Creates a receiver over a store; <see cref="ReceiveOptions.QuotesFolder"/> must be set when files are kept.</summary>
    public ReplyReceiver(IDeliveryStore store, ReceiveOptions options, Func<DateTimeOffset>? clock = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _quotesFolder = options.QuotesFolder is { Length: > 0 } folder
            ? Path.GetFullPath(folder)
            : options.KeepFiles ? throw new ArgumentException("The quotes folder is required when files are kept.", nameof(options)) : string.Empty;
        _readBy = string.IsNullOrWhiteSpace(options.ReadBy) ? DeliveryCorrector.CurrentUser : options.ReadBy!;
        _clock = clock ?? (() => store.Clock.GetUtcNow());
    }

    /// <summary>
    /// Reads the messages of <paramref name="source"/> the store has not recorded, and records each;
    /// <paramref name="onReceived"/> hears of every message as it is done.
    /// </summary>
    /// <exception cref="RfqSenderException">The store or the source failed, or a campaign named is not in the store.</exception>
    public async Task<ReceiveResult> ReceiveAsync(IReplySource source, Action<ReceivedReply>? onReceived, CancellationToken cancellationToken)
    {
        if (source is null)
        {
            throw new ArgumentNullException(nameof(source));
        }

        var secret = await _store.GetReferenceSecretAsync(DeliveryReference.CreateSecret(), cancellationToken).ConfigureAwait(false);
        _quoteSheets = new QuoteSheetReader(secret);
        var (deliveries, matcher) = await PrepareAsync(secret, cancellationToken).ConfigureAwait(false);
        var result = new ReceiveResult { Source = source.Description };
        await foreach (var message in source.ReadAsync(_store, cancellationToken).ConfigureAwait(false))
        {
            result.Read++;
            var received = await ReceiveOneAsync(source, message, deliveries, matcher, result, cancellationToken).ConfigureAwait(false);
            if (received.Record is not null)
            {
                if (message.StateAfter is SourceReadState state)
                {
                    await _store.SaveSourceStateAsync(state, cancellationToken).ConfigureAwait(false);
                }

                await source.CompleteAsync(message, cancellationToken).ConfigureAwait(false);
            }

            onReceived?.Invoke(received);
            if (_options.MaxMessages is int max && result.Read >= max)
            {
                break;
            }
        }

        return result;
    }

    private async Task<ReceivedReply> ReceiveOneAsync(
        IReplySource source,
        SourceMessage message,
        Dictionary<long, DeliveryRecord> deliveries,
        ReplyMatcher matcher,
        ReceiveResult result,
        CancellationToken cancellationToken)
    {
        InboundMessage parsed;
        try
        {
            using var stream = new MemoryStream(message.Content, writable: false);
            parsed = InboundMessage.Load(stream, $"{source.Description} {message}", cancellationToken);
        }
        catch (InboundMessageException ex)
        {
            result.Unreadable++;
            return new ReceivedReply { Source = source.Name, SourceId = message.SourceId, Problem = ex.Message };
        }

        var classification = ReplyClassifier.Classify(parsed);
        var match = matcher.Match(parsed, classification);
        var delivery = match.Delivery is { } candidate && deliveries.TryGetValue(candidate.DeliveryId, out var found) ? found : null;
        var now = _clock();
        var record = Describe(source, message, parsed, classification, match, delivery, now);
        if (parsed.MessageId is string messageId
            && (await _store.GetInboundAsync(new InboundQuery { MessageId = messageId, Max = 1 }, cancellationToken).ConfigureAwait(false)).FirstOrDefault() is InboundRecord known)
        {
            // Read before from another source or folder: its files are kept already, and it changes nothing.
            result.AlreadyRecorded++;
            return new ReceivedReply { Source = source.Name, SourceId = message.SourceId, Record = known };
        }

        if (_options.KeepFiles && classification.Kind != ReplyKind.MailingList)
        {
            Keep(record, message, parsed, delivery);
        }

        if (delivery is not null && classification.Kind == ReplyKind.Reply)
        {
            record.Quotes = await ReadQuotesAsync(parsed, record, delivery, cancellationToken).ConfigureAwait(false);
        }

        var change = delivery is null
            ? null
            : DeliveryTransitionRules.DecideInbound(delivery, record, _readBy, $"{record.Classification} from {record.From ?? "(no sender)"} read from {source.Description} ({message})", now);
        var outcome = await _store.RecordInboundAsync(record, change, cancellationToken).ConfigureAwait(false);
        record.Id = outcome.Id;
        if (!outcome.Recorded)
        {
            result.AlreadyRecorded++;
            return new ReceivedReply { Source = source.Name, SourceId = message.SourceId, Record = record };
        }

        result.Recorded++;
        result.Quotes += record.Quotes.Count(q => q.Status == QuoteStatus.Accepted);
        result.QuotesForReview += record.Quotes.Count(q => q.Status == QuoteStatus.NeedsReview);
        if (outcome.DeliveryChanged)
        {
            // Later messages of this run about the same delivery start from its new state.
            record.ChangedFrom = change!.From;
            record.ChangedTo = change.To;
            delivery!.State = change.To;
            result.DeliveriesChanged++;
        }

        switch (record.Kind)
        {
            case ReplyKind.Reply:
                result.Replies++;
                break;
            case ReplyKind.Bounce:
                result.Bounces++;
                break;
            default:
                result.AutoReplies++;
                break;
        }

        if (record.IsUnmatched)
        {
            result.Unmatched++;
        }

        return new ReceivedReply { Source = source.Name, SourceId = message.SourceId, Record = record, IsNew = true, DeliveryChanged = outcome.DeliveryChanged };
    }

    /// <summary>The returned quote sheets among a reply's attachments, read against its campaign's RFQ (none when the store holds no RFQ for it).</summary>
    private async Task<IReadOnlyList<VendorQuote>> ReadQuotesAsync(InboundMessage parsed, InboundRecord record, DeliveryRecord delivery, CancellationToken cancellationToken)
    {
        if (!parsed.Attachments.Any(a => QuoteSheetIntake.MayBeQuoteSheet(a.SafeFileName)))
        {
            return Array.Empty<VendorQuote>();
        }

        if (!_rfqs.TryGetValue(delivery.RfqNumber, out var rfq))
        {
            _rfqs[delivery.RfqNumber] = rfq = await _store.GetCampaignRfqAsync(delivery.RfqNumber, cancellationToken).ConfigureAwait(false);
        }

        if (rfq is null || rfq.Items.Count == 0)
        {
            return Array.Empty<VendorQuote>();
        }

        var quotes = new List<VendorQuote>();
        for (var i = 0; i < parsed.Attachments.Count; i++)
        {
            var attachment = parsed.Attachments[i];
            if (QuoteSheetIntake.Read(_quoteSheets!, rfq, delivery.VendorKey, attachment.SafeFileName, attachment.ToArray()) is { } quote)
            {
                quote.DeliveryId = delivery.Id;
                quote.VendorName = delivery.VendorName;
                quote.ReceivedAt = record.ReceivedAt;
                quote.FileName = record.Attachments[i].FileName;
                quote.SavedPath = record.Attachments[i].SavedPath;
                quotes.Add(quote);
            }
        }

        return quotes;
    }

    private static InboundRecord Describe(
        IReplySource source,
        SourceMessage message,
        InboundMessage parsed,
        ReplyClassification classification,
        ReplyMatch match,
        DeliveryRecord? delivery,
        DateTimeOffset now)
    {
        var failed = classification.Bounce?.MostSevere;
        return new InboundRecord
        {
            Source = source.Name,
            SourceId = message.SourceId,
            MessageId = parsed.MessageId,
            ReceivedAt = message.ReceivedAt ?? parsed.Date ?? now,
            RecordedAt = now,
            From = parsed.From?.Address,
            FromName = parsed.From?.Name,
            Subject = parsed.Subject,
            Kind = classification.Kind,
            IsOutOfOffice = classification.IsOutOfOffice,
            AwayUntil = classification.AwayUntil,
            BounceSeverity = classification.BounceSeverity,
            BounceStatus = failed?.Status,
            BounceRecipient = failed?.FinalRecipient is { Length: > 0 } recipient ? recipient : null,
            BounceDiagnostic = failed?.DiagnosticCode,
            MatchMethod = delivery is null ? ReplyMatchMethod.None : match.Method,
            MatchEvidence = delivery is null ? null : match.Evidence,
            MatchReason = match.Reason,
            DeliveryId = delivery?.Id,
            RfqNumber = delivery?.RfqNumber,
            VendorKey = delivery?.VendorKey,
            VendorName = delivery?.VendorName,
            NewText = classification.Kind == ReplyKind.Reply ? QuotedTextStripper.Strip(parsed.TextBody) : null,
            Attachments = parsed.Attachments.Select(a => new InboundAttachmentRecord { FileName = a.SafeFileName, ContentType = a.ContentType, Size = a.Size, Sha256 = a.Sha256 }).ToList(),
        };
    }

    /// <summary>
    /// Saves the message and, for a reply, its attachments under a folder named by RFQ, vendor, time
    /// and the message's hash, so a message saved again lands on its own files and nothing is overwritten.
    /// </summary>
    private void Keep(InboundRecord record, SourceMessage message, InboundMessage parsed, DeliveryRecord? delivery)
    {
        string hash;
        using (var sha = SHA256.Create())
        {
            hash = InboundAttachment.ToHex(sha.ComputeHash(message.Content)).Substring(0, 12);
        }

        var folder = Path.Combine(
            delivery is null
                ? Path.Combine(_quotesFolder, "unmatched")
                : Path.Combine(_quotesFolder, SafeFileNames.Segment(delivery.RfqNumber, "rfq"), SafeFileNames.Segment(delivery.VendorKey, "vendor")),
            record.ReceivedAt.ToUniversalTime().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + hash);
        try
        {
            Directory.CreateDirectory(folder);
            var eml = Path.Combine(folder, "message.eml");
            if (!File.Exists(eml))
            {
                File.WriteAllBytes(eml, message.Content);
            }

            record.EmlPath = eml;
            if (record.Kind != ReplyKind.Reply)
            {
                return;
            }

            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "message.eml" };
            for (var i = 0; i < parsed.Attachments.Count; i++)
            {
                var attachment = parsed.Attachments[i];
                var name = Unique(names, attachment.SafeFileName);
                var path = Path.Combine(folder, name);
                if (!File.Exists(path))
                {
                    attachment.SaveTo(path);
                }

                record.Attachments[i].FileName = name;
                record.Attachments[i].SavedPath = path;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RfqSenderException(
                FailureKind.Configuration,
                $"The quotes folder '{_quotesFolder}' cannot be written: {ex.Message} Choose a folder the account can write; nothing was recorded of {record.SourceId}.",
                ex);
        }
    }

    private static string Unique(HashSet<string> names, string name)
    {
        var candidate = name;
        for (var n = 2; !names.Add(candidate); n++)
        {
            candidate = Path.GetFileNameWithoutExtension(name) + $" ({n})" + Path.GetExtension(name);
        }

        return candidate;
    }

    /// <summary>The deliveries that may be answered (those sent, or once sent) of the campaigns, and a matcher over them.</summary>
    private async Task<(Dictionary<long, DeliveryRecord>, ReplyMatcher)> PrepareAsync(byte[] secret, CancellationToken cancellationToken)
    {
        var campaigns = await _store.GetCampaignsAsync(null, cancellationToken).ConfigureAwait(false);
        var named = _options.RfqNumbers is { Count: > 0 } numbers ? numbers : null;
        if (named is not null && named.FirstOrDefault(n => !campaigns.Any(c => string.Equals(c.RfqNumber, n, StringComparison.Ordinal))) is string unknown)
        {
            throw new RfqSenderException(FailureKind.InvalidInput, $"The campaign '{unknown}' is not in the store '{_store.Description}'.");
        }

        var deliveries = new Dictionary<long, DeliveryRecord>();
        var ownDomains = new HashSet<string>(_options.OwnDomains, StringComparer.OrdinalIgnoreCase);
        foreach (var campaign in campaigns.Where(c => named is null || named.Contains(c.RfqNumber)))
        {
            if (InboundAddress.Parse(campaign.From).Domain is { Length: > 0 } domain)
            {
                ownDomains.Add(domain);
            }

            foreach (var delivery in await _store.GetDeliveriesAsync(new DeliveryQuery(campaign.RfqNumber), cancellationToken).ConfigureAwait(false))
            {
                if (delivery.SentAt is not null || delivery.State is DeliveryState.Sent or DeliveryState.InDoubt or DeliveryState.Responded)
                {
                    deliveries[delivery.Id] = delivery;
                }
            }
        }

        var candidates = deliveries.Values.Select(d => new ReplyCandidate
        {
            DeliveryId = d.Id,
            VendorKey = d.VendorKey,
            VendorName = d.VendorName,
            To = d.To,
            Cc = d.Cc,
            MessageId = d.MessageId,
            Reference = DeliveryReference.Create(d.Id, secret).Text,
        });
        var matcher = new ReplyMatcher(candidates, new ReplyMatcherOptions
        {
            ReferenceSecret = secret,
            ReplyAddress = _options.ReplyAddress,
            OwnDomains = ownDomains.ToList(),
        });
        return (deliveries, matcher);
    }
}
