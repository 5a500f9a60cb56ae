namespace RfqSender.Engine.Settings;

/// <summary>
/// Where RfqSender keeps its data when the caller names no path. Each can be moved with an
/// environment variable, which is how runbooks and containers point it at a volume.
/// </summary>
public static class RfqSenderDefaults
{
    /// <summary>Environment variable for the data folder.</summary>
    public const string HomeVariable = "RFQSENDER_HOME";

    /// <summary>Environment variable for the store file.</summary>
    public const string StoreVariable = "RFQSENDER_STORE";

    /// <summary>Environment variable for the pickup folder.</summary>
    public const string PickupVariable = "RFQSENDER_PICKUP";

    /// <summary>
    /// The data folder: <c>$RFQSENDER_HOME</c>, else <c>RfqSender</c> under the user's local
    /// application data (<c>%LOCALAPPDATA%</c> on Windows, <c>~/.local/share</c> on Linux and macOS).
    /// </summary>
    public static string DataDirectory =>
        FromEnvironment(HomeVariable)
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "RfqSender");

    /// <summary>The SQLite store: <c>$RFQSENDER_STORE</c>, else <c>rfqsender.db</c> in <see cref="DataDirectory"/>.</summary>
    public static string StorePath => FromEnvironment(StoreVariable) ?? Path.Combine(DataDirectory, "rfqsender.db");

    /// <summary>The pickup folder: <c>$RFQSENDER_PICKUP</c>, else <c>outbox</c> in <see cref="DataDirectory"/>.</summary>
    public static string PickupFolder => FromEnvironment(PickupVariable) ?? Path.Combine(DataDirectory, "outbox");

    private static string? FromEnvironment(string name)
    {
        var value = Environment.GetEnvironmentVariable(name);
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }
}
