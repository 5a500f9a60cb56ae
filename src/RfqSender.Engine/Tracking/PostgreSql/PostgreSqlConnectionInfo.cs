using System.Security;
using Npgsql;
using RfqSender.Engine.Authentication;

namespace RfqSender.Engine.Tracking.PostgreSql;

/// <summary>
/// The connection string a PostgreSQL store is opened with, and a description of it without any
/// secret. The password is the one given at run time (a credential, <c>RFQSENDER_STORE_PASSWORD</c>)
/// or the connection string's own; Npgsql's <c>PGPASSWORD</c> and password file apply when neither is.
/// </summary>
internal sealed class PostgreSqlConnectionInfo
{
    private PostgreSqlConnectionInfo(string connectionString, string description)
    {
        ConnectionString = connectionString;
        Description = description;
    }

    /// <summary>The full connection string, with the password: never shown.</summary>
    public string ConnectionString { get; }

    /// <summary>Server, port, database, schema and user: what a message may say.</summary>
    public string Description { get; }

    /// <exception cref="RfqSenderException">The connection string cannot be read, or names no host or database.</exception>
    public static PostgreSqlConnectionInfo From(string connectionString, string? userName, SecureString? password, TimeSpan? connectTimeout = null)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or KeyNotFoundException)
        {
            // The builder's message names the keyword at fault, never the value.
            throw new RfqSenderException(FailureKind.Configuration, $"The store connection string cannot be read: {KeywordOnly(ex)}. It is written as Host=...;Database=...;Username=... (see docs/settings.md).", ex);
        }

        if (string.IsNullOrWhiteSpace(builder.Host) || string.IsNullOrWhiteSpace(builder.Database))
        {
            throw new RfqSenderException(FailureKind.Configuration, "The store connection string names no Host or no Database: both are needed (Host=...;Database=...;Username=...).");
        }

        if (!string.IsNullOrEmpty(userName))
        {
            builder.Username = userName;
        }

        if (password is { Length: > 0 })
        {
            builder.Password = SecureText.ToPlainText(password);
        }

        if (connectTimeout is TimeSpan timeout && !System.Text.RegularExpressions.Regex.IsMatch(connectionString, @"(^|;)\s*Timeout\s*=", System.Text.RegularExpressions.RegexOptions.IgnoreCase))
        {
            builder.Timeout = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds));
        }

        builder.ApplicationName ??= "RfqSender";
        builder.PersistSecurityInfo = false;
        var schema = string.IsNullOrWhiteSpace(builder.SearchPath) ? string.Empty : $" (schema {builder.SearchPath!.Split(',')[0].Trim()})";
        var user = string.IsNullOrWhiteSpace(builder.Username) ? string.Empty : $" as {builder.Username}";
        return new PostgreSqlConnectionInfo(builder.ConnectionString, $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}{schema}{user}");
    }

    /// <summary>True when the connection string carries a password of its own (refused in settings files).</summary>
    public static bool HasPassword(string connectionString)
    {
        try
        {
            return !string.IsNullOrEmpty(new NpgsqlConnectionStringBuilder(connectionString).Password);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or KeyNotFoundException)
        {
            return false;
        }
    }

    private static string KeywordOnly(Exception exception)
    {
        var message = exception.Message;
        var cut = message.IndexOf(" (Parameter", StringComparison.Ordinal);
        return cut > 0 ? message.Substring(0, cut) : message;
    }
}
