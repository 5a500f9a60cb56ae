using RfqSender.Engine.Tests.Support;
namespace RfqSender.Cli.Tests;

/// <summary><c>--vendor-attachment-field</c>: each vendor gets the files its own column names, checked before anything is sent.</summary>
public sealed class VendorAttachmentTests : IDisposable
{
    private readonly TestFolder _folder = new();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private string Vendors(string firstFiles)
    {
        var path = Path.Combine(_folder.Path, "vendors.csv");
        File.WriteAllLines(path, new[]
        {
            "VendorId,Company,Email,Country,Attachments",
            $"D1,Drawing One GmbH,one@d1.example,DE,\"{firstFiles}\"",
            "D2,Plain Two Ltd,two@d2.example,UK,",
        });
        return path;
    }

    [Fact]
    public void Each_vendor_gets_the_files_of_its_own_column_and_no_other_vendor_gets_them()
    {
        var drawing = Path.Combine(_folder.Path, "d1-drawing.pdf");
        var terms = Path.Combine(_folder.Path, "terms-de.txt");
        File.WriteAllBytes(drawing, new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31 });
        File.WriteAllText(terms, "Allgemeine Einkaufsbedingungen");
        var outbox = Path.Combine(_folder.Path, "outbox");

        var run = CliRun.Invoke("send", Repository.Example("rfq.yaml"), "--vendors", Vendors(drawing + "; " + terms), "--store", Path.Combine(_folder.Path, "s.db"), "--pickup", outbox, "--vendor-attachment-field", "Attachments");
        var files = Directory.GetFiles(outbox, "*.eml");
        var one = File.ReadAllText(files.Single(f => f.Contains("[D1]", StringComparison.Ordinal)));
        var two = File.ReadAllText(files.Single(f => f.Contains("[D2]", StringComparison.Ordinal)));

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("filename=d1-drawing.pdf", one.Replace("\"", string.Empty));
        Assert.Contains("filename=terms-de.txt", one.Replace("\"", string.Empty));
        Assert.Contains("cable-spec.pdf", one);
        Assert.DoesNotContain("d1-drawing.pdf", two);
        Assert.Contains("cable-spec.pdf", two);
    }

    [Fact]
    public void A_missing_vendor_file_stops_the_run_before_anything_is_sent_naming_vendor_field_and_file()
    {
        var outbox = Path.Combine(_folder.Path, "outbox");

        var run = CliRun.Invoke("send", Repository.Example("rfq.yaml"), "--vendors", Vendors(Path.Combine(_folder.Path, "missing.pdf")), "--store", Path.Combine(_folder.Path, "s.db"), "--pickup", outbox, "--vendor-attachment-field", "Attachments");

        Assert.True(run.ExitCode == ExitCodes.InvalidInput, run.ToString());
        Assert.Contains("vendor 'Drawing One GmbH' [D1], field 'Attachments': the file", run.Error);
        Assert.Contains("missing.pdf' does not exist", run.Error);
        Assert.False(Directory.Exists(outbox) && Directory.EnumerateFiles(outbox, "*.eml").Any());
    }
}
