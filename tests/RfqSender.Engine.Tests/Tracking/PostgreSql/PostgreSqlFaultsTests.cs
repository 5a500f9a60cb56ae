using Npgsql;
using RfqSender.Engine.Tracking.PostgreSql;

namespace RfqSender.Engine.Tests.Tracking.PostgreSql;

/// <summary>Which database failures the shared store tries again, and which stop at once.</summary>
public sealed class PostgreSqlFaultsTests
{
    [Theory]
    [InlineData("40001", true)] // serialization_failure
    [InlineData("40P01", true)] // deadlock_detected
    [InlineData("57P01", true)] // admin_shutdown (a restart, a failover)
    [InlineData("57P03", true)] // cannot_connect_now (starting up)
    [InlineData("08006", true)] // connection_failure
    [InlineData("53300", true)] // too_many_connections
    [InlineData("23505", false)] // unique_violation
    [InlineData("42501", false)] // insufficient_privilege
    [InlineData("42P01", false)] // undefined_table
    [InlineData("28P01", false)] // invalid_password
    public void A_server_error_is_retried_only_when_another_try_can_succeed(string sqlState, bool transient)
    {
        var error = new PostgresException("test", "ERROR", "ERROR", sqlState);

        Assert.Equal(transient, PostgreSqlFaults.IsTransient(error));
    }

    [Fact]
    public void A_lost_connection_is_retried_and_a_programming_error_is_not()
    {
        Assert.True(PostgreSqlFaults.IsTransient(new NpgsqlException("Exception while reading from stream", new IOException("Connection reset by peer"))));
        Assert.True(PostgreSqlFaults.IsTransient(new System.Net.Sockets.SocketException(111)));
        Assert.True(PostgreSqlFaults.IsTransient(new TimeoutException()));
        Assert.False(PostgreSqlFaults.IsTransient(new InvalidOperationException("Connection is not open")));
        Assert.False(PostgreSqlFaults.IsTransient(new ArgumentException("bad")));
    }
}
