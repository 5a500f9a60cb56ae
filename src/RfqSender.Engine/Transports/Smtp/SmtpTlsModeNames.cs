namespace RfqSender.Engine.Transports.Smtp;

/// <summary>
/// The TLS mode names RfqSender accepts: its own (Required, Opportunistic, None, Implicit, Auto) and
/// those admins know from MailKit-based tools (StartTls, StartTlsWhenAvailable, SslOnConnect).
/// </summary>
public static class SmtpTlsModeNames
{
    private static readonly Dictionary<string, SmtpTlsMode> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["StartTls"] = SmtpTlsMode.Required,
        ["StartTlsWhenAvailable"] = SmtpTlsMode.Opportunistic,
        ["SslOnConnect"] = SmtpTlsMode.Implicit,
    };

    /// <summary>Every accepted name, for messages and completion.</summary>
    public static IReadOnlyList<string> All { get; } =
        Enum.GetNames(typeof(SmtpTlsMode)).Concat(new[] { "StartTls", "StartTlsWhenAvailable", "SslOnConnect" }).ToList();

    /// <summary>The accepted names as one line.</summary>
    public static string Accepted => string.Join(", ", All);

    /// <summary>Reads a mode by any accepted name, ignoring case; false for anything else (numbers included).</summary>
    public static bool TryParse(string? text, out SmtpTlsMode mode)
    {
        var name = (text ?? string.Empty).Trim();
        if (Aliases.TryGetValue(name, out mode))
        {
            return true;
        }

        return Enum.GetNames(typeof(SmtpTlsMode)).Any(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
            && Enum.TryParse(name, ignoreCase: true, out mode);
    }
}
