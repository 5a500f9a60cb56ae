using RfqSender.Engine.Messages;

namespace RfqSender.Engine.Responses;

/// <summary>
/// The plus-addressed reply address of a delivery, <c>local+&lt;reference token&gt;@domain</c>: what a send
/// writes as the Reply-To of each delivery when the RFQ asks for it (<c>plusAddressReplies: true</c>), and
/// what <see cref="ReplyMatcher"/> reads back from a reply's To, Cc, Delivered-To, X-Original-To or
/// Envelope-To. One type does both, so the two cannot drift apart.
/// </summary>
public static class PlusAddressedReplyTo
{
    /// <summary>The longest local part RFC 5321 allows.</summary>
    public const int MaxLocalPartLength = 64;

    /// <summary>The longest base local part that leaves room for '+' and any delivery's token.</summary>
    public const int MaxBaseLocalPartLength = MaxLocalPartLength - 1 - 24;

    /// <summary>The address of one delivery: <paramref name="replyAddress"/> with <c>+</c> and the token after its local part, its display name kept.</summary>
    /// <exception cref="ArgumentException">The address cannot carry a token (<see cref="Problem"/>), or the token is not one.</exception>
    public static MailboxAddress For(MailboxAddress replyAddress, string reference)
    {
        if (replyAddress is null)
        {
            throw new ArgumentNullException(nameof(replyAddress));
        }

        if (Problem(replyAddress) is { } problem)
        {
            throw new ArgumentException(problem, nameof(replyAddress));
        }

        if (!DeliveryReference.TryParse(reference, out var token))
        {
            throw new ArgumentException($"'{reference}' is not a delivery reference token.", nameof(reference));
        }

        return MailboxAddress.Parse(replyAddress.LocalPart + "+" + token.Text + "@" + replyAddress.Domain).WithDisplayName(replyAddress.DisplayName);
    }

    /// <summary>Why the address cannot be plus-addressed (a '+' or quotes in its local part, too long a local part), or null when it can.</summary>
    public static string? Problem(MailboxAddress replyAddress)
    {
        var local = (replyAddress ?? throw new ArgumentNullException(nameof(replyAddress))).LocalPart;
        if (local.IndexOf('+') >= 0)
        {
            return $"the reply address {replyAddress.Address} has a '+' in its local part already; a delivery's token goes after the first '+', so name the address without one";
        }

        if (local.IndexOf('"') >= 0)
        {
            return $"the reply address {replyAddress.Address} has a quoted local part, which cannot carry a token";
        }

        if (local.Length > MaxBaseLocalPartLength)
        {
            return $"the local part of the reply address {replyAddress.Address} is {local.Length} characters long; with '+' and a token it must stay within {MaxLocalPartLength}, so at most {MaxBaseLocalPartLength} are allowed";
        }

        return null;
    }

    /// <summary>Splits <c>local+token@domain</c> into the base local part and a token that parses; false for any other address.</summary>
    public static bool TryParse(InboundAddress address, out string baseLocalPart, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DeliveryReference? token)
    {
        baseLocalPart = string.Empty;
        token = null;
        var local = (address ?? throw new ArgumentNullException(nameof(address))).LocalPart;
        var plus = local.IndexOf('+');
        if (plus < 0 || !DeliveryReference.TryParse(local.Substring(plus + 1), out var parsed))
        {
            return false;
        }

        baseLocalPart = local.Substring(0, plus);
        token = parsed;
        return true;
    }
}
