using Npgsql;

namespace RfqSender.Engine.Tracking.PostgreSql;

/// <summary>
/// The database server's clock, read on this machine: the machine's clock plus the offset measured
/// against the server (the sample with the shortest round trip, its midpoint). Every sender of a
/// shared store takes its times from here, so a lease means the same to all of them whatever their
/// own clocks say. Measured when the store opens and again every few minutes.
/// </summary>
internal sealed class PostgreSqlServerClock : TimeProvider
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(5);
    private long _offsetTicks;
    private long _measuredAt;

    /// <summary>The server's time minus this machine's, as last measured.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>True when the offset is older than a few minutes.</summary>
    public bool Stale => TimeProvider.System.GetElapsedTime(Interlocked.Read(ref _measuredAt)) > RefreshEvery;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;

    /// <summary>Measures the offset over <paramref name="connection"/> (three samples).</summary>
    public async Task MeasureAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand("SELECT clock_timestamp();", connection);
        TimeSpan? best = null;
        var bestRoundTrip = TimeSpan.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var before = base.GetUtcNow();
            var started = TimeProvider.System.GetTimestamp();
            var server = (DateTime)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            var roundTrip = TimeProvider.System.GetElapsedTime(started);
            if (roundTrip < bestRoundTrip)
            {
                bestRoundTrip = roundTrip;
                var midpoint = before + TimeSpan.FromTicks(roundTrip.Ticks / 2);
                best = new DateTimeOffset(DateTime.SpecifyKind(server, DateTimeKind.Utc)) - midpoint;
            }
        }

        Interlocked.Exchange(ref _offsetTicks, best!.Value.Ticks);
        Interlocked.Exchange(ref _measuredAt, TimeProvider.System.GetTimestamp());
    }
}
