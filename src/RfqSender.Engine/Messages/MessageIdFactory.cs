using System.Security.Cryptography;
using System.Text;

namespace RfqSender.Engine.Messages;

/// <summary>
/// Derives the Message-ID of a delivery from the RFQ number and the vendor key, so a re-send
/// carries the same id (receivers can de-duplicate) and a reply's In-Reply-To leads back to the
/// delivery. Form: <c>rfq.&lt;16 hex&gt;.&lt;16 hex&gt;@&lt;sender's ASCII domain&gt;</c>, each hex part a
/// truncated SHA-256 of the trimmed RFQ number and vendor key (compared exactly, case included).
/// </summary>
public static class MessageIdFactory
{
    private const string Prefix = "rfq.";
    private const int HashLength = 16;

    /// <summary>Creates the Message-ID (without angle brackets).</summary>
    public static string Create(string rfqNumber, string vendorKey, MailboxAddress from)
    {
        if (from is null)
        {
            throw new ArgumentNullException(nameof(from));
        }

        return Prefix + HashRfqNumber(rfqNumber) + "." + HashVendorKey(vendorKey) + "@" + from.AsciiDomain;
    }

    /// <summary>
    /// The Message-ID of reminder <paramref name="number"/> of a delivery whose own Message-ID is
    /// <paramref name="deliveryMessageId"/>: <c>.r&lt;number&gt;</c> added before the <c>@</c>, so every run sends
    /// the same reminder with the same id (receivers can de-duplicate) and <see cref="TryParse"/> still reads
    /// it as that delivery's (a reply to a reminder that names only it in In-Reply-To matches).
    /// </summary>
    public static string CreateForReminder(string deliveryMessageId, int number)
    {
        if (string.IsNullOrWhiteSpace(deliveryMessageId))
        {
            throw new ArgumentException("The delivery's Message-ID must not be empty.", nameof(deliveryMessageId));
        }

        if (number < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(number), number, "A reminder's number starts at 1.");
        }

        var id = deliveryMessageId.Trim().TrimStart('<').TrimEnd('>');
        var at = id.LastIndexOf('@');
        var suffix = ".r" + number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return at < 0 ? id + suffix : id.Substring(0, at) + suffix + id.Substring(at);
    }

    /// <summary>
    /// A Message-ID for a test message (<c>rfqtest.&lt;32 hex&gt;@&lt;sender's ASCII domain&gt;</c>), new each
    /// time: it is never the id of a delivery, and <see cref="TryParse"/> does not read it as one, so
    /// a test cannot be matched to a vendor or taken for its real message.
    /// </summary>
    public static string CreateForTest(MailboxAddress from)
    {
        if (from is null)
        {
            throw new ArgumentNullException(nameof(from));
        }

        return "rfqtest." + Guid.NewGuid().ToString("N") + "@" + from.AsciiDomain;
    }

    /// <summary>The RFQ part of the id: 16 lower-case hex digits.</summary>
    public static string HashRfqNumber(string rfqNumber) => Hash("rfq\n", rfqNumber, nameof(rfqNumber));

    /// <summary>The vendor part of the id: 16 lower-case hex digits. Vendor keys match ignoring case, so their hash does too.</summary>
    public static string HashVendorKey(string vendorKey) => Hash("vendor\n", vendorKey?.ToUpperInvariant()!, nameof(vendorKey));

    /// <summary>
    /// Reads an id made by <see cref="Create"/>, with or without angle brackets and surrounding white
    /// space (as found in In-Reply-To or References). Returns false for any other id.
    /// </summary>
    public static bool TryParse(string? messageId, out string rfqHash, out string vendorHash)
    {
        rfqHash = vendorHash = string.Empty;
        var id = (messageId ?? string.Empty).Trim();
        if (id.Length > 1 && id[0] == '<' && id[id.Length - 1] == '>')
        {
            id = id.Substring(1, id.Length - 2).Trim();
        }

        var at = id.IndexOf('@');
        if (at < 0 || at == id.Length - 1 || !id.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var parts = id.Substring(Prefix.Length, at - Prefix.Length).Split('.');
        if (parts.Length is not (2 or 3) || !IsHash(parts[0]) || !IsHash(parts[1]) || (parts.Length == 3 && !IsReminderPart(parts[2])))
        {
            return false;
        }

        rfqHash = parts[0].ToLowerInvariant();
        vendorHash = parts[1].ToLowerInvariant();
        return true;
    }

    /// <summary>True when the id (as in In-Reply-To) is the one made for this RFQ and vendor, whatever the domain.</summary>
    public static bool Matches(string? messageId, string rfqNumber, string vendorKey) =>
        TryParse(messageId, out var rfqHash, out var vendorHash)
        && rfqHash == HashRfqNumber(rfqNumber)
        && vendorHash == HashVendorKey(vendorKey);

    private static string Hash(string domainSeparator, string value, string parameterName)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException("The value must not be empty.", parameterName);
        }

        using var sha = SHA256.Create();
        var digest = sha.ComputeHash(Encoding.UTF8.GetBytes(domainSeparator + value.Trim()));
        var sb = new StringBuilder(HashLength);
        for (var i = 0; i < HashLength / 2; i++)
        {
            sb.Append(digest[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    /// <summary>The reminder part of an id made by <see cref="CreateForReminder"/>: <c>r</c> and a number.</summary>
    private static bool IsReminderPart(string text) =>
        text.Length is > 1 and < 6 && (text[0] == 'r' || text[0] == 'R') && text.Skip(1).All(c => c >= '0' && c <= '9');

    private static bool IsHash(string text)
    {
        if (text.Length != HashLength)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            {
                return false;
            }
        }

        return true;
    }
}
