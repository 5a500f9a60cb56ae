namespace RfqSender.Web.Tests.Support;

/// <summary>
/// What a test does when something it needs is missing here: under CI=true it fails, elsewhere it skips,
/// as the other test projects do for their servers.
/// </summary>
internal static class Ci
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static void Require(bool present, string what)
    {
        if (present)
        {
            return;
        }

        if (IsCi)
        {
            throw new InvalidOperationException($"{what} (required under CI=true).");
        }

        Skip.If(true, what);
    }
}
