using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Tests.Vendors;

/// <summary>
/// Rows with one vendor key are merged into one vendor, whose message goes to all their addresses
/// together; so rows that share a key but name different companies are an error, never a merge.
/// </summary>
public sealed class DuplicateVendorKeyTests : IDisposable
{
    private readonly TestFolder directory = new();

    public void Dispose() => directory.Dispose();

    private static VendorRecord Item(int number, string key, string name, string email) => new(
        $"pipeline item {number}",
        null,
        new List<KeyValuePair<string, string?>> { new("VendorId", key), new("Company", name), new("Email", email) });

    [Fact]
    public void A_csv_key_given_to_two_companies_is_an_error_at_the_later_row_naming_both_rows_and_names()
    {
        var path = VendorTestFiles.Hostile("vendors-duplicate-key.csv");

        var result = VendorFileReader.Read(path);

        var error = Assert.Single(result.Errors);
        Assert.Equal((path, (int?)4, "VendorId", "Totally Different Corp"), (error.Source, error.Line, error.Field, error.Vendor));
        Assert.Contains("the key 'V1' is already the key of 'Alpha GmbH' on line 2; this row names 'Totally Different Corp'", error.Message);
        Assert.Throws<VendorInputException>(() => result.ThrowIfInvalid());
        Assert.Equal(new[] { "sales@alpha.example" }, result.Vendors.Single(v => v.Key == "V1").Contacts.Select(c => c.Email));
    }

    [Fact]
    public void Streaming_the_csv_finds_the_same_error_and_never_merges_the_other_company()
    {
        var path = VendorTestFiles.Hostile("vendors-duplicate-key.csv");

        var stream = VendorFileReader.Scan(path);

        Assert.Equal(VendorFileReader.Read(path).Errors.Select(e => e.ToString()), stream.Errors.Select(e => e.ToString()));
        var vendors = stream.Vendors().ToList();
        Assert.Equal(new[] { "V1", "V2" }, vendors.Select(v => v.Key));
        Assert.Equal(new[] { "sales@alpha.example" }, vendors[0].Contacts.Select(c => c.Email));
    }

    [Fact]
    public void A_json_key_given_to_two_companies_is_an_error_with_both_lines()
    {
        var path = VendorTestFiles.Hostile("vendors-duplicate-key.json");

        var error = Assert.Single(VendorFileReader.Read(path).Errors);

        Assert.Equal((path, (int?)5, "id", "Totally Different Corp"), (error.Source, error.Line, error.Field, error.Vendor));
        Assert.Contains("the key 'V1' is already the key of 'Alpha GmbH' on line 3", error.Message);
    }

    [Fact]
    public void A_yaml_key_given_to_two_companies_is_an_error_with_both_lines()
    {
        var path = directory.Write("vendors.yaml", "- { key: V1, name: Alpha GmbH, email: sales@alpha.example }\n- { key: V1, name: Beta AG, email: info@beta.example }\n");

        var error = Assert.Single(VendorFileReader.Read(path).Errors);

        Assert.Equal((int?)2, error.Line);
        Assert.Contains("the key 'V1' is already the key of 'Alpha GmbH' on line 1; this row names 'Beta AG'", error.Message);
    }

    [Theory]
    [InlineData("Alpha GmbH", "alpha gmbh", true)]
    [InlineData("Alpha GmbH", "  ALPHA   GmbH ", true)]
    [InlineData("Alpha\u00A0GmbH", "Alpha GmbH", true)]
    [InlineData("Alpha GmbH", "Alpha GmbH.", false)]
    [InlineData("Alpha GmbH", "Alpha-GmbH", false)]
    [InlineData("Alpha GmbH", "Alpha AG", false)]
    [InlineData("Alpha GmbH", "Alpha", false)]
    public void Names_agree_when_they_differ_only_in_case_width_or_spacing(string first, string second, bool agree)
    {
        var text = $"Id,Name,Email\nV1,{first},a@alpha.example\nV1,{second},b@alpha.example\n";
        var path = directory.Write("vendors.csv", text);

        var whole = VendorFileReader.Read(path);
        var streamed = VendorFileReader.Scan(path);

        Assert.Equal(agree, whole.IsValid);
        Assert.Equal(agree, streamed.Errors.Count == 0);
        var merged = whole.Vendors.Single();
        Assert.Equal(first, merged.Name);
        Assert.Equal(agree ? new[] { "a@alpha.example", "b@alpha.example" } : new[] { "a@alpha.example" }, merged.Contacts.Select(c => c.Email));
        Assert.Equal(merged.Contacts.Select(c => c.Email), streamed.Vendors().Single().Contacts.Select(c => c.Email));
    }

    [Fact]
    public void Pipeline_items_with_one_key_and_two_companies_are_an_error_naming_both_items()
    {
        var builder = new VendorListBuilder();

        builder.Add(Item(1, "V1", "Alpha GmbH", "sales@alpha.example"));
        builder.Add(Item(2, "V2", "Beta AG", "info@beta.example"));
        var third = builder.Add(Item(3, "V1", "Totally Different Corp", "ceo@different.example"));
        var result = builder.Build();

        var error = Assert.Single(result.Errors);
        Assert.Same(error, Assert.Single(third.Errors));
        Assert.Null(third.Vendor);
        Assert.Equal(("pipeline item 3", (int?)null, "VendorId"), (error.Source, error.Line, error.Field));
        Assert.Contains("the key 'V1' is already the key of 'Alpha GmbH' in pipeline item 1; this row names 'Totally Different Corp'", error.Message);
        Assert.Equal("pipeline item 3: field 'VendorId' (vendor 'Totally Different Corp'): " + error.Message, error.ToString());
        Assert.DoesNotContain(result.Vendors.SelectMany(v => v.Contacts), c => c.Email == "ceo@different.example");
    }

    [Fact]
    public void Vendor_objects_from_two_files_with_one_key_and_two_companies_are_an_error_naming_both_files()
    {
        var first = VendorFileReader.Read(directory.Write("a.csv", "Id,Name,Email\nV1,Alpha GmbH,sales@alpha.example\n")).Vendors.Single();
        var second = VendorFileReader.Read(directory.Write("b.csv", "Id,Name,Email\n\nV1,Beta AG,info@beta.example\n")).Vendors.Single();
        var builder = new VendorListBuilder();

        builder.Add(first);
        builder.Add(second);

        var error = Assert.Single(builder.Build().Errors);
        Assert.Equal(second.Source, error.Source);
        Assert.EndsWith("b.csv:3", error.Source);
        Assert.Contains($"the key 'V1' is already the key of 'Alpha GmbH' in {first.Source}; this row names 'Beta AG'", error.Message);
    }

    [Fact]
    public void The_merger_refuses_two_vendors_with_one_key_and_different_names()
    {
        var rows = VendorFileReader.ReadRecords(VendorTestFiles.Hostile("vendors-duplicate-key.csv")).Records;
        var alpha = VendorRecordMapper.MapOne(rows[0]).Vendor!;
        var other = VendorRecordMapper.MapOne(rows[2]).Vendor!;

        var error = Assert.Throws<ArgumentException>(() => VendorMerger.Merge(alpha, other));

        Assert.Contains("'Alpha GmbH'", error.Message);
        Assert.Contains("'Totally Different Corp'", error.Message);
    }
}
