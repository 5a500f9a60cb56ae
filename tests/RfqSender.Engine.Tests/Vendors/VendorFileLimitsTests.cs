using RfqSender.Engine.Tests.Support;
using System.Text;
using RfqSender.Engine.Documents;
using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Tests.Vendors;

/// <summary>
/// YAML and JSON vendor files are read whole, so they are read within <see cref="DocumentLimits"/>:
/// hostile files are refused with the file and line, real lists of 100,000 vendors are not.
/// </summary>
public sealed class VendorFileLimitsTests : IDisposable
{
    private const int LargeList = 100_000;

    private readonly TestFolder directory = new();

    public void Dispose() => directory.Dispose();

    [Theory]
    [InlineData("vendors-alias-bomb.yaml", 7, "too many aliases/expanded nodes: the aliases (here *l4) would expand the document by more than 1,000,000 nodes (limit 1,000,000)")]
    [InlineData("vendors-recursive-alias.yaml", 6, "the alias *alpha is inside the map it names, so it would repeat without end")]
    [InlineData("vendors-deep-nesting.yaml", 2, "the document is nested more than 64 levels deep (lists and maps inside each other; limit 64)")]
    [InlineData("vendors-deep-nesting.json", 1, "the document is nested more than 64 levels deep (lists and maps inside each other; limit 64)")]
    public void A_hostile_file_is_one_error_with_its_line(string file, int line, string message)
    {
        var path = VendorTestFiles.Hostile(file);

        var result = VendorFileReader.Read(path);

        var error = Assert.Single(result.Errors);
        Assert.Equal((path, (int?)line, message), (error.Source, error.Line, error.Message));
        Assert.Empty(result.Vendors);
    }

    [Theory]
    // The list, the vendor map, two keys and two values: 6 nodes, the 6th on line 2.
    [InlineData("[\n  { \"name\": \"Alpha GmbH\", \"email\": \"sales@alpha.example\" }\n]\n", "nodes", 6, 2, "too many nodes: the document has more than 5 values, lists and maps (limit 5)")]
    // The list, the vendor map and its address map: 3 levels.
    [InlineData("[ { \"name\": \"Alpha GmbH\", \"email\": \"sales@alpha.example\", \"address\": { \"city\": \"Köln\" } } ]", "depth", 3, 1, "the document is nested more than 2 levels deep (lists and maps inside each other; limit 2)")]
    public void Json_counts_every_value_key_and_level_against_the_limits(string json, string limit, int needed, int line, string message)
    {
        DocumentLimits Limits(int value) => limit == "nodes" ? new DocumentLimits(maxNodes: value) : new DocumentLimits(maxDepth: value);
        var path = directory.Write("vendors.json", json);

        var accepted = VendorFileReader.ReadStructured(path, VendorFileFormat.Json, null, Limits(needed));
        var refused = VendorFileReader.ReadStructured(path, VendorFileFormat.Json, null, Limits(needed - 1));

        Assert.Empty(accepted.Errors);
        Assert.Single(accepted.Records);
        var error = Assert.Single(refused.Errors);
        Assert.Equal(((int?)line, message), (error.Line, error.Message));
    }

    [Theory]
    [InlineData(VendorFileFormat.Yaml, "vendors.yaml")]
    [InlineData(VendorFileFormat.Json, "vendors.json")]
    public void A_file_over_the_size_limit_is_refused_before_it_is_read(VendorFileFormat format, string name)
    {
        var path = directory.Write(name, new string(' ', 3 * 1024 * 1024));

        var error = Assert.Single(VendorFileReader.ReadStructured(path, format, null, new DocumentLimits(maxBytes: 2 * 1024 * 1024)).Errors);

        Assert.Equal((path, (int?)null), (error.Source, error.Line));
        Assert.Equal("the file is 3 MB, larger than a YAML or JSON document may be (limit 2 MB); save a longer vendor list as CSV, which is read as a stream", error.Message);
    }

    [Fact]
    public void A_yaml_list_of_100000_vendors_sharing_an_anchor_is_read_within_the_default_limits()
    {
        var yaml = new StringBuilder("terms: &terms { payment: 30 days net, incoterms: DAP Hamburg }\nvendors:\n");
        for (var i = 1; i <= LargeList; i++)
        {
            yaml.Append($"  - key: V{i:D6}\n    name: Vendor {i} GmbH\n    email: sales{i}@vendor{i}.example\n    cc: [archive{i}@vendor{i}.example]\n")
                .Append($"    categories: [Cables, Fasteners]\n    country: DE\n    contact: Anna Berg\n    terms: *terms\n");
        }

        var result = VendorFileReader.Read(directory.Write("large.yaml", yaml.ToString()));

        Assert.Empty(result.Errors);
        Assert.Equal(LargeList, result.Vendors.Count);
        Assert.Equal("30 days net", result.Vendors[LargeList - 1].Fields["terms.payment"]);
    }

    [Fact]
    public void A_json_list_of_100000_vendors_is_read_within_the_default_limits()
    {
        var json = new StringBuilder("{ \"vendors\": [\n");
        for (var i = 1; i <= LargeList; i++)
        {
            json.Append(i > 1 ? ",\n" : string.Empty)
                .Append($"  {{ \"key\": \"V{i:D6}\", \"name\": \"Vendor {i} GmbH\", \"email\": \"sales{i}@vendor{i}.example\", \"cc\": [\"archive{i}@vendor{i}.example\"], ")
                .Append("\"categories\": [\"Cables\", \"Fasteners\"], \"country\": \"DE\", \"contact\": \"Anna Berg\", \"terms\": { \"payment\": \"30 days net\" } }");
        }

        var result = VendorFileReader.Read(directory.Write("large.json", json.Append("\n] }\n").ToString()));

        Assert.Empty(result.Errors);
        Assert.Equal(LargeList, result.Vendors.Count);
    }
}
