using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Tests.Vendors;

public sealed class VendorFileScanTests : IDisposable
{
    private readonly TestFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string RepositoryFile(params string[] parts)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "RfqSender.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(new[] { directory!.FullName }.Concat(parts).ToArray());
    }

    public static IEnumerable<object[]> CsvFiles() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "TestData", "Vendors"), "*.csv", SearchOption.AllDirectories)
            .Select(f => new object[] { Path.GetRelativePath(AppContext.BaseDirectory, f) });

    private static string Describe(Vendor v) =>
        $"{v.Key}|{v.Name}|{string.Join(",", v.Contacts.Select(c => c.ToString()))}|{string.Join(",", v.Categories)}|{string.Join(",", v.Fields.Select(f => f.Key + "=" + f.Value))}";

    [Theory]
    [MemberData(nameof(CsvFiles))]
    public void Streaming_finds_the_same_errors_and_vendors_as_reading_the_whole_file(string relative)
    {
        var path = Path.Combine(AppContext.BaseDirectory, relative);
        var whole = VendorFileReader.Read(path);

        var stream = VendorFileReader.Scan(path);

        Assert.Equal(whole.Errors.Select(e => e.ToString()), stream.Errors.Select(e => e.ToString()));
        // The valid vendors too, which Get-RfqVendor -SkipInvalid and rfq vendors --skip-invalid output.
        Assert.Equal(whole.Vendors.Select(Describe), stream.Vendors().Select(Describe));
    }

    [Fact]
    public void The_example_streams_to_the_same_merged_vendors_with_and_without_a_category_filter()
    {
        var path = RepositoryFile("examples", "vendors.csv");
        var options = new VendorReadOptions { Categories = new[] { "cables" } };

        var stream = VendorFileReader.Scan(path);
        var filtered = VendorFileReader.Scan(path, options);

        Assert.Empty(stream.Errors);
        Assert.Equal(VendorFileReader.Read(path).Vendors.Select(Describe), stream.Vendors().Select(Describe));
        Assert.Equal(VendorFileReader.Read(path, options).Vendors.Select(Describe), filtered.Vendors().Select(Describe));
        Assert.Equal(40, stream.VendorCount);
    }

    [Fact]
    public void Rows_of_one_vendor_far_apart_are_merged_into_its_first_appearance()
    {
        var path = _temp.Combine("v.csv");
        File.WriteAllText(path, "Company,Email,Category\nAcme,a@acme.example,Tools\nBeta,b@beta.example,Tools\nAcme,a2@acme.example,Cables\n");

        var vendors = VendorFileReader.Scan(path).Vendors().ToList();

        Assert.Equal(new[] { "Acme", "Beta" }, vendors.Select(v => v.Name));
        Assert.Equal(new[] { "a@acme.example", "a2@acme.example" }, vendors[0].Contacts.Select(c => c.Email));
        Assert.Equal(new[] { "Tools", "Cables" }, vendors[0].Categories);
    }

    [Fact]
    public void The_callers_check_runs_once_per_vendor_and_its_findings_are_counted()
    {
        var path = _temp.Combine("v.csv");
        File.WriteAllLines(path, new[] { "Company,Email" }.Concat(Enumerable.Range(1, 1500).Select(i => $"Vendor {i},s{i}@v{i}.example")).Append("Vendor 1,other@v1.example"));
        var checkedNames = new List<string>();

        var stream = VendorFileReader.Scan(path, check: v =>
        {
            checkedNames.Add(v.Name);
            return new[] { "problem with " + v.Name };
        });

        Assert.Equal(1500, checkedNames.Count);
        Assert.Equal(1500, stream.ProblemCount);
        Assert.Equal(1000, stream.Problems.Count);
        Assert.Equal(1500, stream.Vendors().Count());
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("utf-8-bom")]
    [InlineData("utf-16le")]
    [InlineData("utf-16be")]
    [InlineData("utf-16le-without-bom")]
    [InlineData("utf-16be-without-bom")]
    [InlineData("windows-1252")]
    public void Streaming_decodes_every_supported_encoding_like_the_whole_file_reader(string encoding)
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        const string Text = "Company;E-Mail;Category\r\nMüller Kabel;\"Jörg Müller\" <vertrieb@müller-kabel.example>;Kabel\r\nCafé Résumé;contact@cafe.example;\"Food\r\nDrinks\"\r\n";
        var bytes = encoding switch
        {
            "utf-8" => new System.Text.UTF8Encoding(false).GetBytes(Text),
            "utf-8-bom" => System.Text.Encoding.UTF8.GetPreamble().Concat(System.Text.Encoding.UTF8.GetBytes(Text)).ToArray(),
            "utf-16le" => System.Text.Encoding.Unicode.GetPreamble().Concat(System.Text.Encoding.Unicode.GetBytes(Text)).ToArray(),
            "utf-16be" => System.Text.Encoding.BigEndianUnicode.GetPreamble().Concat(System.Text.Encoding.BigEndianUnicode.GetBytes(Text)).ToArray(),
            "utf-16le-without-bom" => System.Text.Encoding.Unicode.GetBytes(Text),
            "utf-16be-without-bom" => System.Text.Encoding.BigEndianUnicode.GetBytes(Text),
            _ => System.Text.Encoding.GetEncoding(1252).GetBytes(Text.Replace("müller-kabel", "mueller-kabel")),
        };
        var path = _temp.Combine(encoding + ".csv");
        File.WriteAllBytes(path, bytes);

        var whole = VendorFileReader.Read(path);
        var streamed = VendorFileReader.Scan(path);

        Assert.Empty(whole.Errors);
        Assert.Empty(streamed.Errors);
        Assert.Equal(whole.Vendors.Select(Describe), streamed.Vendors().Select(Describe));
        Assert.Contains(streamed.Vendors(), v => v.Name == "Müller Kabel" && v.To.Single().Name == "Jörg Müller");
        // A line break in a category cell separates categories, as ; and , do.
        Assert.Contains(streamed.Vendors(), v => v.Name == "Café Résumé" && v.Categories.SequenceEqual(new[] { "Food", "Drinks" }));
    }

    [Fact]
    public void The_first_vendor_comes_before_the_file_is_read_to_its_end()
    {
        var text = new System.Text.StringBuilder("Company,Email,Category\n");
        for (var i = 0; i < 50_000; i++)
        {
            text.Append("Vendor ").Append(i).Append(",sales@vendor").Append(i).Append(".example,").Append(i % 2 == 0 ? "cables" : "tools").Append('\n');
        }

        var csv = text.ToString();
        var passes = new List<CountingTextReader>();
        TextReader Open()
        {
            passes.Add(new CountingTextReader(csv));
            return passes[^1];
        }

        var scan = VendorFileScan.ScanCsv("generated.csv", Open, new VendorReadOptions { Categories = new[] { "tools" } }, check: null);

        Assert.True(scan.IsStreamed);
        Assert.Empty(scan.Errors);
        Assert.Equal(50_000, scan.VendorCount);
        Assert.Equal(25_000, scan.SelectedCount);
        Assert.Equal(csv.Length, Assert.Single(passes).CharactersRead);
        using var vendors = scan.Vendors().GetEnumerator();
        Assert.True(vendors.MoveNext());
        Assert.Equal("Vendor 1", vendors.Current.Name);
        Assert.Equal(2, passes.Count);
        Assert.True(passes[1].CharactersRead < csv.Length / 10, $"{passes[1].CharactersRead} of {csv.Length} characters read before the first vendor");
        var count = 1;
        while (vendors.MoveNext())
        {
            count++;
        }

        Assert.Equal(25_000, count);
        Assert.Equal(csv.Length, passes[1].CharactersRead);
    }
}
