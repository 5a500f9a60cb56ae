using RfqSender.Engine.Tests.Support;
namespace RfqSender.Cli.Tests;

/// <summary><c>--encoding</c> and <c>--delimiter</c>: a vendor file read as the user says, where detection would guess otherwise.</summary>
public sealed class VendorFileOptionTests : IDisposable
{
    private readonly TestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Vendors_reads_a_pipe_separated_windows_1252_file_as_told_and_refuses_a_bad_option_with_exit_2()
    {
        var path = Path.Combine(_folder.Path, "pipes.csv");
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        File.WriteAllBytes(path, System.Text.Encoding.GetEncoding(1252).GetBytes("Name|Email\r\nMÃ¼ller|m@m.example\r\n"));

        var guessed = CliRun.Invoke("vendors", path);
        var told = CliRun.Invoke("vendors", path, "--delimiter", "|", "--encoding", "windows-1252", "--json");
        var bad = CliRun.Invoke("vendors", path, "--delimiter", "||");

        Assert.Equal(ExitCodes.InvalidInput, guessed.ExitCode);
        Assert.True(told.ExitCode == ExitCodes.Success, told.ToString());
        Assert.Contains("\"name\":\"MÃ¼ller\"", told.Output);
        Assert.Equal(ExitCodes.InvalidInput, bad.ExitCode);
        Assert.Contains("'||' is not a CSV delimiter", bad.Error);
    }
}
