namespace RfqSender.Cli.Tests;

/// <summary>
/// rfq's --user is the same override as the cmdlets' -Credential: it names SMTP, so a run that
/// names another transport is refused with the contradiction named, not sent with --user ignored.
/// </summary>
[Collection(nameof(EnvironmentVariableCollection))]
public sealed class UserOptionTests : IDisposable
{
    private readonly Engine.Tests.Support.TestFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void User_with_the_pickup_transport_is_a_contradiction_as_credential_is()
    {
        var run = CliRun.Invoke(
            "send", Repository.Example("rfq.yaml"), "--vendors", Repository.Example("vendors.csv"), "--what-if",
            "--store", Path.Combine(_temp.Path, "store.db"), "--transport", "pickup", "--pickup", Path.Combine(_temp.Path, "outbox"), "--user", "bob");

        Assert.True(run.ExitCode == ExitCodes.InvalidInput, run.ToString());
        Assert.Contains("--user", run.Error);
        Assert.False(File.Exists(Path.Combine(_temp.Path, "store.db")));
    }
}
