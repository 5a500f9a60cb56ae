using System.Text;
using RfqSender.Engine.Responses;

namespace RfqSender.Engine.Tests.Responses;

public sealed class ReplyMatcherTests
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("matcher tests secret, long enough");

    private static readonly ReplyCandidate Fabrikam = Candidate(1, "V-FAB", "Fabrikam", "anna@fabrikam.de", "rfq.1@contoso.com");
    private static readonly ReplyCandidate Northwind = Candidate(2, "V-NW", "Northwind", "sales@northwind.example", "rfq.2@contoso.com");
    private static readonly ReplyCandidate Distributor = Candidate(3, "V-DIST", "Distributor", "sales@northwind.example", "rfq.3@contoso.com");
    private static readonly ReplyCandidate FabrikamOtherRfq = Candidate(4, "V-FAB", "Fabrikam", "anna@fabrikam.de", "rfq.4@contoso.com");

    private static ReplyMatcher Matcher(params ReplyCandidate[] candidates) =>
        new(candidates, new ReplyMatcherOptions { ReferenceSecret = Secret, ReplyAddress = "rfq-replies@contoso.com", OwnDomains = new[] { "contoso.com" } });

    [Fact]
    public void In_reply_to_wins_over_older_references_to_another_delivery()
    {
        var message = Eml.Plain("From: x@y.example\nIn-Reply-To: <rfq.2@contoso.com>\nReferences: <rfq.1@contoso.com> <rfq.2@contoso.com>", "text\n");

        var match = Matcher(Fabrikam, Northwind).Match(message);

        Assert.Equal(ReplyMatchMethod.MessageId, match.Method);
        Assert.Same(Northwind, match.Delivery);
        Assert.Equal("<rfq.2@contoso.com>", match.Evidence);
        Assert.Contains("In-Reply-To", match.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_newest_reference_is_used_when_in_reply_to_is_foreign()
    {
        var message = Eml.Plain("From: x@y.example\nIn-Reply-To: <CAB123@mail.gmail.com>\nReferences: <rfq.1@contoso.com> <CAB123@mail.gmail.com>", "text\n");

        var match = Matcher(Fabrikam, Northwind).Match(message);

        Assert.Same(Fabrikam, match.Delivery);
        Assert.Contains("References", match.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_in_the_subject_wins_over_one_in_the_quoted_text()
    {
        var message = Eml.Plain($"From: x@y.example\nSubject: Offer [Ref {Token(2)}]", $"> Reference: {Token(1)}\n");

        var match = Matcher(Fabrikam, Northwind).Match(message);

        Assert.Equal(ReplyMatchMethod.ReferenceToken, match.Method);
        Assert.Same(Northwind, match.Delivery);
        Assert.Equal(Token(2), match.Evidence);
    }

    [Fact]
    public void Tokens_of_two_vendors_in_one_subject_match_neither()
    {
        var message = Eml.Plain($"From: x@gmail.com\nSubject: {Token(1)} {Token(2)}", "text\n");

        var match = Matcher(Fabrikam, Northwind).Match(message);

        Assert.False(match.IsMatched);
        Assert.Equal(2, match.Contenders.Count);
        Assert.Contains("2 vendors", match.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_under_another_secret_does_not_match_and_says_why()
    {
        var foreign = DeliveryReference.Create(1, Encoding.UTF8.GetBytes("someone else's secret of 32 bytes")).Text;
        var candidate = Candidate(1, "V-FAB", "Fabrikam", "anna@fabrikam.de", "rfq.1@contoso.com", reference: foreign);
        var message = Eml.Plain($"From: x@gmail.com\nSubject: Offer {foreign}", "text\n");

        var match = Matcher(candidate).Match(message);

        Assert.False(match.IsMatched);
        Assert.Contains("does not verify", match.Reason, StringComparison.Ordinal);
        Assert.Contains("public mail domain", match.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mistyped_token_is_reported_as_such()
    {
        var token = Token(1);
        var mistyped = token.Substring(0, token.Length - 1) + (token[token.Length - 1] == '7' ? '8' : '7');
        var message = Eml.Plain($"From: x@gmail.com\nSubject: Offer {mistyped}", "text\n");

        var match = Matcher(Fabrikam).Match(message);

        Assert.False(match.IsMatched);
        Assert.Contains(mistyped + " in the subject looks like a reference token but is mistyped", match.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_token_of_a_delivery_not_among_the_candidates_is_reported()
    {
        var message = Eml.Plain($"From: x@gmail.com\nSubject: Offer {Token(99)}", "text\n");

        var match = Matcher(Fabrikam).Match(message);

        Assert.False(match.IsMatched);
        Assert.Contains("names delivery #99, not one of these", match.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plus_address_only_counts_at_the_configured_reply_address()
    {
        var right = Eml.Plain($"From: erp@x.example\nTo: RFQ-Replies+{Token(1).ToLowerInvariant()}@Contoso.com", "text\n");
        var wrong = Eml.Plain($"From: erp@x.example\nTo: someone+{Token(1).ToLowerInvariant()}@elsewhere.example", "text\n");
        var delivered = Eml.Plain($"From: erp@x.example\nTo: undisclosed-recipients:;\nDelivered-To: rfq-replies+{Token(2)}@contoso.com", "text\n");

        Assert.Equal(ReplyMatchMethod.ReplyAddress, Matcher(Fabrikam, Northwind).Match(right).Method);
        Assert.Same(Fabrikam, Matcher(Fabrikam, Northwind).Match(right).Delivery);
        Assert.False(Matcher(Fabrikam, Northwind).Match(wrong).IsMatched);
        Assert.Same(Northwind, Matcher(Fabrikam, Northwind).Match(delivered).Delivery);
    }

    [Fact]
    public void An_address_two_vendors_share_matches_neither()
    {
        var message = Eml.Plain("From: Sales <SALES@northwind.example>", "text\n");

        var match = Matcher(Northwind, Distributor).Match(message);

        Assert.False(match.IsMatched);
        Assert.Equal(new[] { Northwind, Distributor }, match.Contenders);
        Assert.Contains("2 vendors", match.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_vendors_address_with_two_open_deliveries_matches_neither_by_address()
    {
        var message = Eml.Plain("From: anna@fabrikam.de", "text\n");

        var match = Matcher(Fabrikam, FabrikamOtherRfq).Match(message);

        Assert.False(match.IsMatched);
        Assert.Contains("2 deliveries of Fabrikam", match.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Reply_to_counts_as_the_senders_address()
    {
        var message = Eml.Plain("From: noreply@crm.example\nReply-To: anna@fabrikam.de", "text\n");

        var match = Matcher(Fabrikam, Northwind).Match(message);

        Assert.Equal(ReplyMatchMethod.SenderAddress, match.Method);
        Assert.Same(Fabrikam, match.Delivery);
    }

    [Fact]
    public void The_domain_matches_weakly_and_never_for_our_own_or_public_domains()
    {
        var colleague = Matcher(Fabrikam, Northwind).Match(Eml.Plain("From: peter@FABRIKAM.de", "text\n"));
        var ours = Matcher(Fabrikam, Candidate(5, "V-OWN", "Own", "buyer@contoso.com", "rfq.5@contoso.com")).Match(Eml.Plain("From: boss@contoso.com", "text\n"));

        Assert.Equal(ReplyMatchMethod.SenderDomain, colleague.Method);
        Assert.True(colleague.IsWeak);
        Assert.Equal("fabrikam.de", colleague.Evidence);
        Assert.False(ours.IsMatched);
        Assert.Contains("our own domain", ours.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void International_domains_match_in_either_form()
    {
        var mueller = Candidate(6, "V-MUE", "Müller", "Einkauf@Müller.de", "rfq.6@contoso.com");

        var byAddress = Matcher(mueller).Match(Eml.Plain("From: einkauf@xn--mller-kva.de", "text\n"));
        var byDomain = Matcher(mueller).Match(Eml.Plain("From: =?utf-8?q?J=C3=BCrgen?= <juergen@xn--mller-kva.de>", "text\n"));

        Assert.Equal(ReplyMatchMethod.SenderAddress, byAddress.Method);
        Assert.Equal(ReplyMatchMethod.SenderDomain, byDomain.Method);
        Assert.Same(mueller, byDomain.Delivery);
    }

    [Fact]
    public void A_bounce_is_never_matched_by_its_sender()
    {
        var bounce = Eml.Plain(
            "From: MAILER-DAEMON@northwind.example\nTo: purchasing@contoso.com\nSubject: failure notice\nReturn-Path: <>",
            "<nobody@elsewhere.example>: 550 5.1.1 User unknown\n");

        var match = Matcher(Northwind).Match(bounce);

        Assert.False(match.IsMatched);
        Assert.Contains("the bounce's recipients are none of these", match.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_with_nothing_to_go_on_says_what_was_tried()
    {
        var match = Matcher(Fabrikam).Match(Eml.Plain("From: someone@unknown.example", "text\n"));

        Assert.False(match.IsMatched);
        Assert.Equal(ReplyMatchMethod.None, match.Method);
        Assert.Contains("no In-Reply-To or References", match.Reason, StringComparison.Ordinal);
        Assert.Contains("no reference token", match.Reason, StringComparison.Ordinal);
        Assert.Contains("no vendor's address or domain", match.Reason, StringComparison.Ordinal);
        Assert.StartsWith("Unmatched: ", match.ToString(), StringComparison.Ordinal);
    }

    private static string Token(long id) => DeliveryReference.Create(id, Secret).Text;

    private static ReplyCandidate Candidate(long id, string key, string name, string to, string messageId, string? reference = null) => new()
    {
        DeliveryId = id,
        VendorKey = key,
        VendorName = name,
        To = new[] { to },
        MessageId = "<" + messageId + ">",
        Reference = reference ?? Token(id),
    };
}
