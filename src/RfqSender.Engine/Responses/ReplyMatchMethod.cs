namespace RfqSender.Engine.Responses;

/// <summary>How an inbound message was matched to a delivery, strongest first.</summary>
public enum ReplyMatchMethod
{
    /// <summary>Not matched.</summary>
    None,

    /// <summary>In-Reply-To or References (a bounce: the returned Message-ID) names the delivery's Message-ID. Exact.</summary>
    MessageId,

    /// <summary>The delivery's signed reference token is in the subject or the text. Exact: a mistyped or guessed token does not verify.</summary>
    ReferenceToken,

    /// <summary>The message went to the delivery's plus-addressed reply address (replies+&lt;token&gt;@...). Exact.</summary>
    ReplyAddress,

    /// <summary>The sender's address is one the vendor's delivery went to. Good, but the vendor may have several RFQs open.</summary>
    SenderAddress,

    /// <summary>A bounce names an address the vendor's delivery went to as the failed recipient.</summary>
    BouncedRecipient,

    /// <summary>Only the sender's domain is one of the vendor's (a colleague, say). Weak: shown as such.</summary>
    SenderDomain,

    /// <summary>Assigned to the delivery by a person, after it was read unmatched (or weakly matched).</summary>
    Assigned,
}
