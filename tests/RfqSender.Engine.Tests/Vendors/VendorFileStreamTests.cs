using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Tests.Vendors;

public sealed class VendorFileStreamTests : IDisposable
{
    private readonly TempDirectory _temp = new();

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
    public void Streaming_finds_the_same_errors_as_reading_the_whole_file(string relative)
    {
        var path = Path.Combine(AppContext.BaseDirectory, relative);
        var whole = VendorFileReader.Read(path);

        var stream = VendorFileStream.Scan(path);

        Assert.Equal(whole.Errors.Select(e => e.ToString()), stream.Errors.Select(e => e.ToString()));
        if (whole.IsValid)
        {
            Assert.Equal(whole.Vendors.Select(Describe), stream.Vendors().Select(Describe));
        }
    }

    [Fact]
    public void The_example_streams_to_the_same_merged_vendors_with_and_without_a_category_filter()
    {
        var path = RepositoryFile("examples", "vendors.csv");
        var options = new VendorReadOptions { Categories = new[] { "cables" } };

        var stream = VendorFileStream.Scan(path);
        var filtered = VendorFileStream.Scan(path, options);

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

        var vendors = VendorFileStream.Scan(path).Vendors().ToList();

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

        var stream = VendorFileStream.Scan(path, check: v =>
        {
            checkedNames.Add(v.Name);
            return new[] { "problem with " + v.Name };
        });

        Assert.Equal(1500, checkedNames.Count);
        Assert.Equal(1500, stream.ProblemCount);
        Assert.Equal(1000, stream.Problems.Count);
        Assert.Equal(1500, stream.Vendors().Count());
    }
}
