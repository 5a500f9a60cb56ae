using System.Net.Sockets;
using Npgsql;

namespace RfqSender.Engine.Tracking.PostgreSql;

/// <summary>
/// Which database failures are worth another try: a connection lost or refused (a restart, a
/// failover), a serialization failure (40001), a deadlock (40P01), a server shutting down or out
/// of connections. Anything else (a constraint, a permission, bad SQL) fails at once.
/// </summary>
internal static class PostgreSqlFaults
{
    public static bool IsTransient(Exception exception) => exception switch
    {
        PostgresException pg => pg.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected
            || pg.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exceptions
            || pg.SqlState.StartsWith("53", StringComparison.Ordinal) // insufficient resources (too many connections)
            || pg.SqlState.StartsWith("57P", StringComparison.Ordinal) // admin shutdown, crash shutdown, cannot connect now
            || pg.IsTransient,
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is IOException or SocketException or TimeoutException,
        IOException or SocketException or TimeoutException => true,
        _ => false,
    };
}
