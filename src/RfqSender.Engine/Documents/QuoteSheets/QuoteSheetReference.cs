using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RfqSender.Engine.Responses;

namespace RfqSender.Engine.Documents.QuoteSheets;

/// <summary>
/// The reference a quote sheet carries, tying it to one RFQ and one vendor:
/// <c>QS1/&lt;RFQ number&gt;/&lt;vendor key&gt;/&lt;check&gt;</c>, for example
/// <c>QS1/RFQ-2026-114/acme/7K2MXQ0B4D9HT1RA</c>. The check part is 80 bits of an HMAC-SHA256 of
/// the number and the key under the store's secret, in Crockford base 32, so a sheet made for
/// another vendor, or a reference edited to name one, does not verify. In the number and the key,
/// <c>/</c>, <c>%</c> and every character outside printable ASCII are percent-encoded (UTF-8).
/// </summary>
public sealed class QuoteSheetReference
{
    private const string Prefix = "QS1/";
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const int MacBytes = 10;
    private const int MacLength = MacBytes * 8 / 5;

    private QuoteSheetReference(string rfqNumber, string vendorKey, string mac)
    {
        RfqNumber = rfqNumber;
        VendorKey = vendorKey;
        Mac = mac;
        Text = Prefix + Escape(rfqNumber) + "/" + Escape(vendorKey) + "/" + mac;
    }

    /// <summary>The RFQ number the reference names.</summary>
    public string RfqNumber { get; }

    /// <summary>The vendor key the reference names.</summary>
    public string VendorKey { get; }

    /// <summary>The reference as written in the sheet.</summary>
    public string Text { get; }

    private string Mac { get; }

    /// <summary>Creates the reference of one vendor's sheet of one RFQ under the store's secret.</summary>
    public static QuoteSheetReference Create(string rfqNumber, string vendorKey, byte[] secret)
    {
        if (string.IsNullOrEmpty(rfqNumber))
        {
            throw new ArgumentException("An RFQ number must not be empty.", nameof(rfqNumber));
        }

        if (string.IsNullOrEmpty(vendorKey))
        {
            throw new ArgumentException("A vendor key must not be empty.", nameof(vendorKey));
        }

        return new QuoteSheetReference(rfqNumber, vendorKey, ComputeMac(rfqNumber, vendorKey, secret));
    }

    /// <summary>
    /// Reads a reference (surrounding white space allowed; the check part's case is ignored) whose
    /// form is right. It says nothing about the secret: call <see cref="Verify(byte[])"/> for that.
    /// </summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out QuoteSheetReference? reference)
    {
        reference = null;
        var trimmed = text?.Trim() ?? string.Empty;
        if (!trimmed.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var parts = trimmed.Substring(Prefix.Length).Split('/');
        if (parts.Length != 3 || parts[2].Length != MacLength || parts[2].ToUpperInvariant().Any(c => Alphabet.IndexOf(c) < 0))
        {
            return false;
        }

        if (!TryUnescape(parts[0], out var number) || !TryUnescape(parts[1], out var key) || number.Length == 0 || key.Length == 0)
        {
            return false;
        }

        reference = new QuoteSheetReference(number, key, parts[2].ToUpperInvariant());
        return true;
    }

    /// <summary>True when this reference was made under the secret (its check part matches its number and key).</summary>
    public bool Verify(byte[] secret)
    {
        var expected = ComputeMac(RfqNumber, VendorKey, secret);
        var diff = 0;
        for (var i = 0; i < MacLength; i++)
        {
            diff |= expected[i] ^ Mac[i];
        }

        return diff == 0;
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private static string ComputeMac(string rfqNumber, string vendorKey, byte[] secret)
    {
        if (secret is null)
        {
            throw new ArgumentNullException(nameof(secret));
        }

        if (secret.Length < DeliveryReference.MinimumSecretLength)
        {
            throw new ArgumentException($"The secret must be at least {DeliveryReference.MinimumSecretLength} bytes.", nameof(secret));
        }

        using var hmac = new HMACSHA256(secret);
        var digest = hmac.ComputeHash(Encoding.UTF8.GetBytes("rfqsender quote sheet v1\n" + rfqNumber + "\n" + vendorKey));
        var sb = new StringBuilder(MacLength);
        var bits = 0;
        var buffer = 0;
        for (var i = 0; i < MacBytes; i++)
        {
            buffer = (buffer << 8) | digest[i];
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                sb.Append(Alphabet[(buffer >> bits) & 31]);
            }
        }

        return sb.ToString();
    }

    private static string Escape(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is > 0x20 and < 0x7F && b != '/' && b != '%')
            {
                sb.Append((char)b);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    private static bool TryUnescape(string value, out string result)
    {
        result = string.Empty;
        var bytes = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%')
            {
                if (i + 2 >= value.Length
                    || !byte.TryParse(value.Substring(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
                {
                    return false;
                }

                bytes.Add(b);
                i += 2;
            }
            else if (c is > ' ' and < '\u007F')
            {
                bytes.Add((byte)c);
            }
            else
            {
                return false;
            }
        }

        try
        {
            result = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.ToArray());
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
