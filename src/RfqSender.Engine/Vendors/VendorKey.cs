using System.Security.Cryptography;
using System.Text;

namespace RfqSender.Engine.Vendors;

/// <summary>
/// Derives the stable key of a vendor whose input has no key column.
/// </summary>
/// <remarks>
/// The rule, which must never change because stored deliveries are keyed by it:
/// <list type="number">
/// <item>Normalise the name: Unicode NFKC, trim, collapse every run of white space to one space,
/// lower-case with the invariant culture (<see cref="NormalizeName"/>).</item>
/// <item>Slug: the normalised name with every run of characters that are not letters or digits
/// replaced by <c>-</c>, leading and trailing <c>-</c> removed, cut to 40 characters
/// (<c>vendor</c> when nothing is left).</item>
/// <item>Key: <c>slug-hash</c>, where hash is the first 8 hex digits of the SHA-256 of the
/// normalised name in UTF-8, e.g. <c>acme-gmbh-1f0c9a2e</c>.</item>
/// </list>
/// Names that differ only in case, width or spacing get the same key (they are the same vendor);
/// names that differ otherwise (<c>Acme GmbH</c>, <c>Acme-GmbH</c>) share a slug but not a hash.
/// </remarks>
public static class VendorKey
{
    private const int MaxSlugLength = 40;

    /// <summary>The key derived from a vendor name (see the rule in the remarks of <see cref="VendorKey"/>).</summary>
    /// <exception cref="ArgumentException">The name is empty or white space.</exception>
    public static string FromName(string name)
    {
        var normalized = NormalizeName(name);
        if (normalized.Length == 0)
        {
            throw new ArgumentException("A vendor name must not be empty.", nameof(name));
        }

        return Slug(normalized) + "-" + Hash(normalized);
    }

    /// <summary>The name in the form compared for identity: NFKC, trimmed, white space collapsed, lower-case.</summary>
    public static string NormalizeName(string name)
    {
        var text = (name ?? throw new ArgumentNullException(nameof(name))).Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }

            sb.Append(c);
        }

        return sb.ToString().ToLowerInvariant();
    }

    private static string Slug(string normalized)
    {
        var sb = new StringBuilder(normalized.Length);
        foreach (var c in normalized)
        {
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(c);
            }
            else if (sb.Length > 0 && sb[sb.Length - 1] != '-')
            {
                sb.Append('-');
            }
        }

        var slug = sb.ToString();
        if (slug.Length > MaxSlugLength)
        {
            // Never cut a surrogate pair in half: the key must stay valid UTF-16.
            var cut = char.IsHighSurrogate(slug[MaxSlugLength - 1]) ? MaxSlugLength - 1 : MaxSlugLength;
            slug = slug.Substring(0, cut);
        }

        slug = slug.Trim('-');
        return slug.Length == 0 ? "vendor" : slug;
    }

    private static string Hash(string normalized)
    {
        using var sha = SHA256.Create();
        var digest = sha.ComputeHash(Encoding.UTF8.GetBytes(normalized));
        var sb = new StringBuilder(8);
        for (var i = 0; i < 4; i++)
        {
            sb.Append(digest[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }
}
