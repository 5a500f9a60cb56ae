using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace RfqSender.Engine.Responses;

/// <summary>
/// The reference token of one delivery, for subjects, bodies and plus-addressed reply addresses:
/// <c>RFQ-&lt;id&gt;-&lt;check&gt;</c>, for example <c>RFQ-3Z-K7Q2MX</c>. The id is the store's delivery id
/// in Crockford base 32; the check part is five characters of an HMAC-SHA256 of the id under the
/// store's secret, then one character that a single mistyped character always breaks (a weighted
/// sum modulo 32 with odd weights). So a mistyped token does not parse, and a guessed or altered
/// one does not verify: neither can name another vendor's delivery. Case is ignored.
/// </summary>
public sealed class DeliveryReference
{
    /// <summary>The least secret length, in bytes.</summary>
    public const int MinimumSecretLength = 16;

    private const string Prefix = "RFQ-";
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const int MacLength = 5;
    private const int MaxIdLength = 13;

    private static readonly Regex Candidate = new(
        @"(?<![0-9A-Za-z])RFQ-([0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{1," + MaxIdLength + @"})-([0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{" + (MacLength + 1) + @"})(?![0-9A-Za-z])",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    private DeliveryReference(long deliveryId, string text)
    {
        DeliveryId = deliveryId;
        Text = text;
    }

    /// <summary>The store's id of the delivery the token names.</summary>
    public long DeliveryId { get; }

    /// <summary>The token in its canonical (upper-case) form.</summary>
    public string Text { get; }

    /// <summary>Creates the token of a delivery under the store's secret.</summary>
    public static DeliveryReference Create(long deliveryId, byte[] secret)
    {
        if (deliveryId <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(deliveryId), "A delivery id is positive.");
        }

        var id = Encode(deliveryId);
        var body = id + Mac(deliveryId, secret);
        return new DeliveryReference(deliveryId, Prefix + id + "-" + body.Substring(id.Length) + CheckCharacter(body));
    }

    /// <summary>A new random secret for a store (32 bytes). It is the store's to keep; never log it.</summary>
    public static byte[] CreateSecret()
    {
        var secret = new byte[32];
        using var random = RandomNumberGenerator.Create();
        random.GetBytes(secret);
        return secret;
    }

    /// <summary>
    /// Reads a token (surrounding white space allowed, case ignored) whose form and check character
    /// are right. It says nothing about the secret: call <see cref="Verify(byte[])"/> for that.
    /// </summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DeliveryReference? reference)
    {
        reference = null;
        var match = Candidate.Match(text?.Trim() ?? string.Empty);
        if (!match.Success || match.Index != 0 || match.Length != text!.Trim().Length)
        {
            return false;
        }

        return TryRead(match, out reference);
    }

    /// <summary>Every well-formed token in a text (subject, body), in order, each once.</summary>
    public static IReadOnlyList<DeliveryReference> FindAll(string? text)
    {
        var found = new List<DeliveryReference>();
        foreach (Match match in Candidate.Matches(text ?? string.Empty))
        {
            if (TryRead(match, out var reference) && !found.Any(f => f.Text == reference.Text))
            {
                found.Add(reference);
            }
        }

        return found;
    }

    /// <summary>Text in a token's shape whose check character is wrong: a mistyped token, in order.</summary>
    internal static IReadOnlyList<string> FindMistyped(string? text) =>
        Candidate.Matches(text ?? string.Empty).Cast<Match>()
            .Where(m => !TryRead(m, out _))
            .Select(m => m.Value.ToUpperInvariant())
            .Distinct()
            .ToList();

    /// <summary>True when <paramref name="text"/> is a well-formed token made under this secret.</summary>
    public static bool Verify(string? text, byte[] secret) => TryParse(text, out var reference) && reference.Verify(secret);

    /// <summary>True when this token was made under the secret (its HMAC part matches its id).</summary>
    public bool Verify(byte[] secret)
    {
        var expected = Create(DeliveryId, secret).Text;
        var diff = expected.Length ^ Text.Length;
        for (var i = 0; i < Math.Min(expected.Length, Text.Length); i++)
        {
            diff |= expected[i] ^ Text[i];
        }

        return diff == 0;
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private static bool TryRead(Match match, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DeliveryReference? reference)
    {
        reference = null;
        var id = match.Groups[1].Value.ToUpperInvariant();
        var tail = match.Groups[2].Value.ToUpperInvariant();
        if (id[0] == '0' || !TryDecode(id, out var deliveryId))
        {
            return false;
        }

        var body = id + tail.Substring(0, MacLength);
        if (CheckCharacter(body) != tail[MacLength])
        {
            return false;
        }

        reference = new DeliveryReference(deliveryId, Prefix + id + "-" + tail);
        return true;
    }

    private static string Mac(long deliveryId, byte[] secret)
    {
        if (secret is null)
        {
            throw new ArgumentNullException(nameof(secret));
        }

        if (secret.Length < MinimumSecretLength)
        {
            throw new ArgumentException($"The secret must be at least {MinimumSecretLength} bytes.", nameof(secret));
        }

        using var hmac = new HMACSHA256(secret);
        var digest = hmac.ComputeHash(Encoding.UTF8.GetBytes("rfqsender delivery reference v1\n" + deliveryId.ToString(CultureInfo.InvariantCulture)));
        ulong bits = 0;
        for (var i = 0; i < 8; i++)
        {
            bits = (bits << 8) | digest[i];
        }

        var sb = new StringBuilder(MacLength);
        for (var i = 0; i < MacLength; i++)
        {
            sb.Append(Alphabet[(int)(bits >> (64 - 5 * (i + 1))) & 31]);
        }

        return sb.ToString();
    }

    /// <summary>Weights 1, 3, 5, ... (all odd, so each is invertible modulo 32): changing any one character changes the sum.</summary>
    private static char CheckCharacter(string body)
    {
        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            sum += (2 * i + 1) * Alphabet.IndexOf(body[i]);
        }

        return Alphabet[sum % 32];
    }

    private static string Encode(long value)
    {
        var sb = new StringBuilder();
        for (var v = (ulong)value; v > 0; v >>= 5)
        {
            sb.Insert(0, Alphabet[(int)(v & 31)]);
        }

        return sb.ToString();
    }

    private static bool TryDecode(string text, out long value)
    {
        value = 0;
        foreach (var c in text)
        {
            var digit = Alphabet.IndexOf(c);
            if (digit < 0 || value > (long.MaxValue >> 5))
            {
                return false;
            }

            value = (value << 5) | (long)digit;
        }

        return value > 0;
    }
}
