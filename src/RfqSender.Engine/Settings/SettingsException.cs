namespace RfqSender.Engine.Settings;

/// <summary>A settings file or variable has a value RfqSender cannot use; the message names the file, line and key.</summary>
public sealed class SettingsException : RfqSenderException
{
    /// <summary>Creates the exception.</summary>
    public SettingsException(string source, int? line, string key, string message)
        : base(FailureKind.Configuration, $"{source}{(line is int l ? ":" + l : string.Empty)}: setting '{key}': {message}")
    {
        Source = source;
        Line = line;
        Key = key;
    }

    /// <summary>The file or environment variable.</summary>
    public new string Source { get; }

    /// <summary>The line in the file, when the setting came from one.</summary>
    public int? Line { get; }

    /// <summary>The setting, e.g. <c>smtp.port</c>.</summary>
    public string Key { get; }
}
