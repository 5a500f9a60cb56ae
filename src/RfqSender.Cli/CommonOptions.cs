using System.CommandLine;
using RfqSender.Engine.Settings;
using RfqSender.Engine.Operations;
using RfqSender.Engine.Tracking;

namespace RfqSender.Cli;

/// <summary>Options several commands share.</summary>
internal static class CommonOptions
{
    public static Option<string?> Store() => new("--store")
    {
        Description = $"The SQLite store file (default: ${RfqSenderDefaults.StoreVariable}, else {RfqSenderDefaults.StorePath}).",
        HelpName = "file",
    };

    public static Option<string?> StoreConnection() => new("--store-connection")
    {
        Description = $"A PostgreSQL store shared by several senders: its connection string, Host=...;Database=...;Username=... (default: ${SettingsLoader.StoreConnectionVariable}); the password from ${SettingsLoader.StorePasswordVariable} or the connection string.",
        HelpName = "connection-string",
    };

    public static Option<string[]> Category() => new("--category", "-c")
    {
        Description = "Only vendors in this category (repeatable).",
        AllowMultipleArgumentsPerToken = false,
        HelpName = "name",
    };

    public static Option<string?> Encoding() => new("--encoding")
    {
        Description = "The vendor file's text encoding: utf8, windows-1252, unicode, bigendianunicode, latin1, a .NET name or a code page (default: detected).",
        HelpName = "name",
    };

    public static Option<string?> Delimiter() => new("--delimiter")
    {
        Description = "The vendor file's CSV delimiter: , ; | or tab (default: detected from the header line).",
        HelpName = "char",
    };

    public static Option<string?> Log() => new("--log")
    {
        Description = "Append one JSON line per delivery event (sent, deferred, failed, in doubt, reply, bounce, ...) to this file, for a log collector.",
        HelpName = "file",
    };

    public static Option<bool> Json() => new("--json")
    {
        Description = "Write one JSON object per line instead of text.",
    };

    public static Option<bool> SkipInvalid() => new("--skip-invalid")
    {
        Description = "Report invalid vendors but go on with the valid ones.",
    };

    /// <summary>
    /// The engine's operations over the store given (a file, or a PostgreSQL connection string), else the
    /// one the settings name (rfqsender.yaml, RFQSENDER_STORE, RFQSENDER_STORE_CONNECTION), as the sending
    /// commands use; for a missing store, says so on <paramref name="error"/> and gives null (exit 2).
    /// </summary>
    /// <exception cref="SettingsException">Both a file and a connection string were given, or a setting is bad.</exception>
    public static RfqRuntime? OpenExistingStore(string? path, string? connectionString, TextWriter error)
    {
        var runtime = ForStore(path, connectionString);
        if (runtime.StoreExists)
        {
            return runtime;
        }

        error.WriteLine($"rfq: there is no store at '{runtime.StoreDescription}'.");
        runtime.Dispose();
        return null;
    }

    /// <summary>The engine's operations over the store given, else the one the settings name, whether it exists or not.</summary>
    /// <exception cref="SettingsException">Both a file and a connection string were given, or a setting is bad.</exception>
    public static RfqRuntime ForStore(string? path, string? connectionString) => ForStore(path, connectionString, SettingsLoader.Load());

    /// <summary>The engine's operations over the store given, else the one <paramref name="settings"/> name.</summary>
    /// <exception cref="SettingsException">Both a file and a connection string were given.</exception>
    public static RfqRuntime ForStore(string? path, string? connectionString, RfqSenderSettings settings) =>
        RfqRuntime.ForStore(StoreFor(path, connectionString, settings));

    /// <summary>The store given (a file, or a PostgreSQL connection string), else the one the settings name.</summary>
    /// <exception cref="SettingsException">Both a file and a connection string were given, or a setting is bad.</exception>
    public static StoreSettings StoreFor(string? path, string? connectionString) => StoreFor(path, connectionString, SettingsLoader.Load());

    private static StoreSettings StoreFor(string? path, string? connectionString, RfqSenderSettings settings)
    {
        var overrides = new SettingsOverrides
        {
            StorePath = string.IsNullOrEmpty(path) ? null : Path.GetFullPath(path!),
            StoreConnectionString = string.IsNullOrEmpty(connectionString) ? null : connectionString,
        };
        return overrides.ApplyTo(settings).EffectiveStore;
    }

    /// <summary>A password read from the environment as a read-only SecureString (never printed).</summary>
    public static System.Security.SecureString Secure(string text)
    {
        var secure = new System.Security.SecureString();
        foreach (var c in text)
        {
            secure.AppendChar(c);
        }

        secure.MakeReadOnly();
        return secure;
    }

    /// <summary>Says that the store does not know a campaign (exit 2).</summary>
    public static void WriteCampaignNotFound(TextWriter error, string rfqNumber, IDeliveryReader store) =>
        error.WriteLine($"rfq: no campaign '{rfqNumber}' in the store '{store.Description}'; rfq campaigns lists the campaigns it holds.");
}
