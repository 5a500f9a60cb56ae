using System.Text;

namespace RfqSender.Engine.Responses;

/// <summary>Names taken from mail (attachment names, vendor keys, RFQ numbers) made safe as one segment of a path.</summary>
internal static class SafeFileNames
{
    /// <summary>
    /// The name with control characters, path separators and characters file systems refuse replaced
    /// by '_', and leading and trailing dots and spaces removed (so it can be neither <c>..</c> nor hidden); may be empty.
    /// </summary>
    public static string Clean(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            sb.Append(c < 32 || "<>:\"/\\|?*".IndexOf(c) >= 0 ? '_' : c);
        }

        return sb.ToString().Trim().Trim('.').Trim();
    }

    /// <summary>The name cleaned and cut to <paramref name="max"/> characters, or <paramref name="fallback"/> when nothing is left.</summary>
    public static string Segment(string? name, string fallback, int max = 80)
    {
        var clean = Clean(name ?? string.Empty);
        clean = clean.Length > max ? clean.Substring(0, max).TrimEnd('.', ' ') : clean;
        return clean.Length == 0 ? fallback : clean;
    }
}
