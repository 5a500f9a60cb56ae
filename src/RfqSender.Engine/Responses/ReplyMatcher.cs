namespace RfqSender.Engine.Responses;

/// <summary>
/// Matches an inbound message to one of a campaign's deliveries, in layers, strongest first, and
/// records the method: (1) <c>In-Reply-To</c> / <c>References</c>, a bounce's returned message, a
/// read receipt's <c>Original-Message-ID</c> or an enclosed message name a delivery's Message-ID; (2) a delivery's signed reference token is in the
/// subject or text; (3) the message went to a delivery's plus-addressed reply address; (4) the
/// sender's address is one a delivery went to (for a bounce: the failed recipient), then, weaker,
/// the sender's domain is one vendor's (never a public mail domain or one several vendors share).
/// A message that matches nothing, or several vendors at the layer that decides, is unmatched,
/// with the reason. Pure logic: no store, no mailbox.
/// </summary>
public sealed class ReplyMatcher
{
    private readonly ReplyMatcherOptions _options;
    private readonly Dictionary<string, List<ReplyCandidate>> _byMessageId = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<ReplyCandidate>> _byReference = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<ReplyCandidate>> _byAddress = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<ReplyCandidate>> _byDomain = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _publicDomains;
    private readonly HashSet<string> _ownDomains;

    /// <summary>Prepares matching against these deliveries.</summary>
    public ReplyMatcher(IEnumerable<ReplyCandidate> candidates, ReplyMatcherOptions? options = null)
    {
        _options = options ?? new ReplyMatcherOptions();
        _publicDomains = new HashSet<string>(_options.PublicMailDomains.Select(DomainKey), StringComparer.OrdinalIgnoreCase);
        _ownDomains = new HashSet<string>(_options.OwnDomains.Select(DomainKey), StringComparer.OrdinalIgnoreCase);
        foreach (var candidate in candidates ?? throw new ArgumentNullException(nameof(candidates)))
        {
            Index(_byMessageId, Unbracket(candidate.MessageId), candidate);
            Index(_byReference, candidate.Reference?.Trim(), candidate);
            foreach (var address in candidate.To.Concat(candidate.Cc).Select(InboundAddress.Parse))
            {
                Index(_byAddress, address.Key, candidate);
                Index(_byDomain, address.AsciiDomain, candidate);
            }
        }
    }

    /// <summary>Matches a message; it is classified first unless its classification is given.</summary>
    public ReplyMatch Match(InboundMessage message, ReplyClassification? classification = null)
    {
        if (message is null)
        {
            throw new ArgumentNullException(nameof(message));
        }

        classification ??= ReplyClassifier.Classify(message);
        var notes = new List<string>();
        var isBounce = classification.Kind == ReplyKind.Bounce;
        var match = ByMessageId(message, classification, notes)
            ?? ByReferenceToken(message, classification, notes)
            ?? ByReplyAddress(message, notes)
            ?? (isBounce ? ByBouncedRecipient(classification, notes) : BySender(message, notes));
        return match ?? new ReplyMatch { Reason = "no delivery matches: " + string.Join("; ", notes) };
    }

    private ReplyMatch? ByMessageId(InboundMessage message, ReplyClassification classification, List<string> notes)
    {
        var ids = new List<(string Id, string Field)>();
        if (classification.Bounce?.OriginalMessageId is { } original)
        {
            ids.Add((original, "the returned message"));
        }

        if (message.InReplyTo is { } inReplyTo)
        {
            ids.Add((inReplyTo, "In-Reply-To"));
        }

        ids.AddRange(message.References.Reverse().Select(r => (r, "References")));
        if (message.ReturnedMessageId is { } enclosed)
        {
            ids.Add((enclosed, "the message it returns, encloses or reports on"));
        }

        foreach (var (id, field) in ids)
        {
            if (_byMessageId.TryGetValue(id, out var hits))
            {
                return Decide(hits, ReplyMatchMethod.MessageId, "<" + id + ">", $"{field} names the delivery's Message-ID <{id}>", "Message-ID");
            }
        }

        notes.Add(ids.Count == 0 ? "no In-Reply-To or References" : "In-Reply-To and References name none of these deliveries");
        return null;
    }

    private ReplyMatch? ByReferenceToken(InboundMessage message, ReplyClassification classification, List<string> notes)
    {
        var texts = new List<(string? Text, string Where)>
        {
            (message.Subject, "the subject"),
            (classification.Bounce?.OriginalSubject, "the returned subject"),
            (message.TextBody, "the text"),
        };
        var seen = false;
        foreach (var (text, where) in texts)
        {
            var hits = new List<ReplyCandidate>();
            string? evidence = null;
            foreach (var mistyped in DeliveryReference.FindMistyped(text))
            {
                seen = true;
                notes.Add($"{mistyped} in {where} looks like a reference token but is mistyped (its check character is wrong)");
            }

            foreach (var token in DeliveryReference.FindAll(text))
            {
                seen = true;
                if (_options.ReferenceSecret is { } secret && !token.Verify(secret))
                {
                    notes.Add($"the token {token.Text} in {where} does not verify (mistyped, guessed or from another store)");
                }
                else if (_byReference.TryGetValue(token.Text, out var named))
                {
                    hits.AddRange(named);
                    evidence ??= token.Text;
                }
                else
                {
                    notes.Add($"the token {token.Text} in {where} names delivery #{token.DeliveryId}, not one of these");
                }
            }

            if (hits.Count > 0)
            {
                return Decide(hits, ReplyMatchMethod.ReferenceToken, evidence!, $"{where} carries the delivery's reference {evidence}", "reference token");
            }
        }

        if (!seen)
        {
            notes.Add("no reference token");
        }

        return null;
    }

    private ReplyMatch? ByReplyAddress(InboundMessage message, List<string> notes)
    {
        var hits = new List<ReplyCandidate>();
        string? evidence = null;
        foreach (var address in message.To.Concat(message.Cc).Select(a => a.Address).Concat(message.DeliveredTo))
        {
            var parsed = InboundAddress.Parse(address);
            if (!PlusAddressedReplyTo.TryParse(parsed, out var local, out var token) || !IsReplyAddressBase(local, parsed.AsciiDomain))
            {
                continue;
            }

            if (_options.ReferenceSecret is { } secret && !token.Verify(secret))
            {
                notes.Add($"the reply address {address} carries a token that does not verify");
            }
            else if (_byReference.TryGetValue(token.Text, out var named))
            {
                hits.AddRange(named);
                evidence ??= address;
            }
        }

        return hits.Count == 0
            ? null
            : Decide(hits, ReplyMatchMethod.ReplyAddress, evidence!, $"it went to the delivery's reply address {evidence}", "reply address");
    }

    private bool IsReplyAddressBase(string localPart, string domain)
    {
        if (_options.ReplyAddress is null)
        {
            return true;
        }

        var configured = new InboundAddress(null, _options.ReplyAddress);
        return string.Equals(configured.LocalPart, localPart, StringComparison.OrdinalIgnoreCase)
            && string.Equals(configured.AsciiDomain, domain, StringComparison.OrdinalIgnoreCase);
    }

    private ReplyMatch? ByBouncedRecipient(ReplyClassification classification, List<string> notes)
    {
        var recipients = classification.Bounce?.Recipients ?? Array.Empty<DeliveryStatusRecipient>();
        foreach (var recipient in recipients)
        {
            foreach (var address in new[] { recipient.FinalRecipient, recipient.OriginalRecipient })
            {
                if (address is not null && _byAddress.TryGetValue(InboundAddress.Parse(address).Key, out var hits))
                {
                    return Decide(hits, ReplyMatchMethod.BouncedRecipient, address, $"the bounce names {address}, an address the delivery went to", "failed recipient");
                }
            }
        }

        notes.Add(recipients.Count == 0 ? "the bounce names no recipient" : "the bounce's recipients are none of these deliveries' addresses");
        return null;
    }

    private ReplyMatch? BySender(InboundMessage message, List<string> notes)
    {
        var senders = new[] { message.From }.Concat(message.ReplyTo).Where(a => a is not null && a.Address.Length > 0).Select(a => a!).ToList();
        if (senders.Count == 0)
        {
            notes.Add("no sender address");
            return null;
        }

        foreach (var sender in senders)
        {
            if (_byAddress.TryGetValue(sender.Key, out var hits))
            {
                return Decide(hits, ReplyMatchMethod.SenderAddress, sender.Address, $"the sender {sender.Address} is an address the delivery went to", "sender address");
            }
        }

        var from = senders[0];
        if (_publicDomains.Contains(from.AsciiDomain))
        {
            notes.Add($"the sender {from.Address} is at a public mail domain");
        }
        else if (_ownDomains.Contains(from.AsciiDomain))
        {
            notes.Add($"the sender {from.Address} is at our own domain");
        }
        else if (from.AsciiDomain.Length > 0 && _byDomain.TryGetValue(from.AsciiDomain, out var hits))
        {
            return Decide(hits, ReplyMatchMethod.SenderDomain, from.Domain, $"only the sender's domain {from.Domain} is the vendor's (weak)", "sender domain");
        }
        else
        {
            notes.Add($"the sender {from.Address} is no vendor's address or domain");
        }

        return null;
    }

    /// <summary>One delivery: matched. Several: unmatched, naming them (several vendors, or one vendor's several deliveries).</summary>
    private static ReplyMatch Decide(List<ReplyCandidate> hits, ReplyMatchMethod method, string evidence, string reason, string layer)
    {
        var distinct = hits.GroupBy(h => h.DeliveryId).Select(g => g.First()).ToList();
        if (distinct.Count == 1)
        {
            return new ReplyMatch { Delivery = distinct[0], Method = method, Evidence = evidence, Reason = reason };
        }

        var vendors = distinct.Select(d => d.VendorKey).Distinct(StringComparer.OrdinalIgnoreCase).Count();
        var what = vendors > 1 ? $"{vendors} vendors" : $"{distinct.Count} deliveries of {distinct[0].VendorName}";
        return new ReplyMatch
        {
            Reason = $"the {layer} {evidence} fits {what}: {string.Join(", ", distinct)}",
            Contenders = distinct,
        };
    }

    private static void Index(Dictionary<string, List<ReplyCandidate>> index, string? key, ReplyCandidate candidate)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            return;
        }

        if (!index.TryGetValue(key!, out var list))
        {
            index[key!] = list = new List<ReplyCandidate>();
        }

        if (!list.Contains(candidate))
        {
            list.Add(candidate);
        }
    }

    private static string DomainKey(string domain) => new InboundAddress(null, "x@" + domain).AsciiDomain;

    private static string Unbracket(string? value)
    {
        var text = (value ?? string.Empty).Trim();
        return text.Length > 1 && text[0] == '<' && text[text.Length - 1] == '>' ? text.Substring(1, text.Length - 2).Trim() : text;
    }
}
