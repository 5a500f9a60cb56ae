using Npgsql;
using RfqSender.Engine.Tracking.PostgreSql;

namespace RfqSender.Engine.Tests.Tracking.PostgreSql;

/// <summary>How a shared store's connection string is completed (user, password, timeout) and described without its secret.</summary>
public sealed class PostgreSqlConnectionInfoTests
{
    [Fact]
    public void A_credential_given_at_run_time_wins_and_the_description_names_no_password()
    {
        var info = PostgreSqlConnectionInfo.From("Host=db.contoso.example;Database=rfq;Username=reader;Password=old-secret", "rfq_worker", PostgreSqlTestServer.Secure("new-secret"));
        var built = new NpgsqlConnectionStringBuilder(info.ConnectionString);

        Assert.Equal(("rfq_worker", "new-secret", "RfqSender"), (built.Username, built.Password, built.ApplicationName));
        Assert.Equal("PostgreSQL db.contoso.example:5432/rfq as rfq_worker", info.Description);
        Assert.DoesNotContain("secret", info.Description);
    }

    [Fact]
    public void A_short_connect_timeout_applies_unless_the_connection_string_names_its_own()
    {
        var asked = new NpgsqlConnectionStringBuilder(PostgreSqlConnectionInfo.From("Host=db;Database=rfq", null, null, TimeSpan.FromSeconds(2)).ConnectionString);
        var own = new NpgsqlConnectionStringBuilder(PostgreSqlConnectionInfo.From("Host=db;Database=rfq;Timeout=9", null, null, TimeSpan.FromSeconds(2)).ConnectionString);
        var none = new NpgsqlConnectionStringBuilder(PostgreSqlConnectionInfo.From("Host=db;Database=rfq;Command Timeout=60", null, null, TimeSpan.FromSeconds(2)).ConnectionString);

        Assert.Equal(2, asked.Timeout);
        Assert.Equal(9, own.Timeout);
        Assert.Equal((2, 60), (none.Timeout, none.CommandTimeout));
    }

    [Fact]
    public void A_connection_string_without_host_or_database_is_refused()
    {
        Assert.Contains("no Host or no Database", Assert.Throws<RfqSenderException>(() => PostgreSqlConnectionInfo.From("Database=rfq", null, null)).Message);
        Assert.Contains("no Host or no Database", Assert.Throws<RfqSenderException>(() => PostgreSqlConnectionInfo.From("Host=db", null, null)).Message);
    }
}
