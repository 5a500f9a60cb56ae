using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Tests.Vendors;

public sealed class VendorRecordMapperTests
{
    private static int item;

    private static VendorRecord Pipeline(params (string Name, string? Value)[] fields) =>
        new("pipeline item " + Interlocked.Increment(ref item), null, fields.Select(f => new KeyValuePair<string, string?>(f.Name, f.Value)).ToList());

    [Fact]
    public void Maps_one_pipeline_record()
    {
        var record = Pipeline(("Company", " Acme  GmbH "), ("EmailAddress", "info@acme.example"), ("ContactName", "Anna"), ("Group", "A, B|a"), ("Region", "North"));

        var result = VendorRecordMapper.MapOne(record);

        Assert.True(result.IsValid);
        var vendor = result.Vendor!;
        Assert.Equal("Acme  GmbH", vendor.Name);
        Assert.Equal(VendorKey.FromName("acme gmbh"), vendor.Key);
        Assert.Equal("Anna <info@acme.example>", vendor.To.Single().Mailbox.ToString());
        Assert.Equal(new[] { "A", "B" }, vendor.Categories);
        Assert.Equal("North", vendor.Fields["region"]);
        Assert.Equal(record.Source, vendor.Source);
    }

    [Fact]
    public void Reports_every_problem_of_a_record_with_its_field()
    {
        var record = new VendorRecord("vendors.csv", 7, new[]
        {
            new KeyValuePair<string, string?>("Vendor Name", "Acme"),
            new KeyValuePair<string, string?>("E-Mail", "good@acme.example; bad@; also bad"),
            new KeyValuePair<string, string?>("CC", "x@localhost"),
        });

        var result = VendorRecordMapper.MapOne(record);

        Assert.Null(result.Vendor);
        Assert.Equal(3, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Equal(("vendors.csv", (int?)7, "Acme"), (e.Source, e.Line, e.Vendor)));
        Assert.Equal(new[] { "E-Mail", "E-Mail", "CC" }, result.Errors.Select(e => e.Field));
        Assert.Contains("'bad@' is not of the form name@domain", result.Errors[0].Message);
        Assert.Contains("white space", result.Errors[1].Message);
        Assert.Contains("no dot", result.Errors[2].Message);
        Assert.Equal("vendors.csv:7: field 'E-Mail' (vendor 'Acme'): " + result.Errors[0].Message, result.Errors[0].ToString());
    }

    [Fact]
    public void Same_key_is_merged_and_same_name_with_different_keys_is_not()
    {
        var records = new[]
        {
            Pipeline(("Id", "K1"), ("Name", "Acme"), ("Email", "a@acme.example"), ("Tags", "X"), ("Phone", "")),
            Pipeline(("Id", "K2"), ("Name", "Acme"), ("Email", "b@acme.example")),
            Pipeline(("Id", "k1"), ("Name", "ACME"), ("Email", "A@ACME.example"), ("Cc", "c@acme.example"), ("Tags", "x; Y"), ("Phone", "555")),
        };

        var result = VendorRecordMapper.Map(records);

        Assert.True(result.IsValid);
        Assert.Equal(new[] { "K1", "K2" }, result.Vendors.Select(v => v.Key));
        var merged = result.Vendors[0];
        Assert.Equal("Acme", merged.Name);
        Assert.Equal(new[] { "a@acme.example", "c@acme.example" }, merged.Contacts.Select(c => c.Email));
        Assert.Equal(new[] { "X", "Y" }, merged.Categories);
        Assert.Equal("555", merged.Fields["Phone"]);
    }

    [Fact]
    public void Names_differing_only_in_case_width_and_spacing_are_duplicates()
    {
        var records = new[]
        {
            Pipeline(("Name", "ACME  GmbH"), ("Email", "a@acme.example")),
            Pipeline(("Name", "acme gmbh"), ("Email", "b@acme.example")),
            Pipeline(("Name", "ＡＣＭＥ GmbH"), ("Email", "c@acme.example")),
            Pipeline(("Name", "ACME-GmbH"), ("Email", "d@acme.example")),
        };

        var result = VendorRecordMapper.Map(records);

        Assert.Equal(2, result.Vendors.Count);
        Assert.Equal(3, result.Vendors[0].To.Count());
        Assert.Equal("ACME-GmbH", result.Vendors[1].Name);
    }

    [Fact]
    public void A_contact_seen_as_cc_and_then_as_to_becomes_to_once()
    {
        var records = new[]
        {
            Pipeline(("Name", "Acme"), ("Email", "a@acme.example"), ("Cc", "b@acme.example")),
            Pipeline(("Name", "Acme"), ("Email", "Bea <b@acme.example>")),
        };

        var vendor = Assert.Single(VendorRecordMapper.Map(records).Vendors);

        Assert.Equal(new[] { "a@acme.example", "Bea <b@acme.example>" }, vendor.To.Select(c => c.Mailbox.ToString()));
        Assert.Empty(vendor.Cc);
    }

    [Fact]
    public void Accepts_internationalised_domains_and_keeps_both_forms()
    {
        var result = VendorRecordMapper.MapOne(Pipeline(("Name", "Müller"), ("Email", "Jörg Müller <vertrieb@MÜLLER-kabel.example>"), ("Cc", "info@xn--mller-kabel-thb.example")));

        var vendor = result.Vendor!;
        Assert.Equal("vertrieb@müller-kabel.example", vendor.To.Single().Email);
        Assert.Equal("vertrieb@xn--mller-kabel-thb.example", vendor.To.Single().Mailbox.AsciiAddress);
        Assert.Equal("info@müller-kabel.example", vendor.Cc.Single().Email);
    }

    [Fact]
    public void Numbered_address_columns_are_addresses()
    {
        var vendor = VendorRecordMapper.MapOne(Pipeline(("Name", "Acme"), ("Email 1", "a@acme.example"), ("Email2", "b@acme.example"), ("CC 2", "c@acme.example"), ("Name2", "kept"))).Vendor!;

        Assert.Equal(2, vendor.To.Count());
        Assert.Equal("c@acme.example", vendor.Cc.Single().Email);
        Assert.Equal("kept", vendor.Fields["Name2"]);
    }

    [Fact]
    public void Missing_columns_give_one_error_for_the_whole_input()
    {
        var records = Enumerable.Range(1, 5).Select(i => Pipeline(("Vendor", "V" + i), ("Phone", "555"))).ToList();

        var result = VendorRecordMapper.Map(records);

        var error = Assert.Single(result.Errors);
        Assert.Equal(records[0].Source, error.Source);
        Assert.Null(error.Line);
        Assert.Contains("no e-mail address column", error.Message);
        Assert.Contains("'Vendor', 'Phone'", error.Message);
        Assert.Contains("Email, E-mail, Mail", error.Message);
        Assert.Empty(result.Vendors);
    }

    [Fact]
    public void Builder_merges_streamed_records_and_collects_errors()
    {
        var builder = new VendorListBuilder(new VendorReadOptions { Categories = new[] { "cables" } });

        var first = builder.Add(Pipeline(("Name", "Acme"), ("Email", "a@acme.example"), ("Category", "Cables")));
        var bad = builder.Add(Pipeline(("Name", "Beta"), ("Email", "")));
        builder.Add(Pipeline(("Name", "Acme"), ("Email", "b@acme.example")));
        builder.Add(Pipeline(("Name", "Gamma"), ("Email", "g@gamma.example"), ("Category", "Tools")));
        var result = builder.Build();

        Assert.True(first.IsValid);
        Assert.Equal("Email", Assert.Single(bad.Errors).Field);
        Assert.Contains("empty", bad.Errors[0].Message);
        Assert.Equal(2, builder.VendorCount);
        var acme = Assert.Single(result.Vendors);
        Assert.Equal(2, acme.To.Count());
        Assert.Single(result.Errors);
        Assert.Throws<VendorInputException>(() => result.ThrowIfInvalid());
    }

    [Fact]
    public void Contact_name_applies_to_the_first_to_contact_only()
    {
        var vendor = VendorRecordMapper.MapOne(Pipeline(("Name", "Acme"), ("Contact", "Anna"), ("Email", "a@acme.example; b@acme.example"))).Vendor!;

        Assert.Equal(new string?[] { "Anna", null }, vendor.To.Select(c => c.Name));
    }

    [Fact]
    public void Missing_name_column_on_one_record_names_the_field_name()
    {
        var record = Pipeline(("Email", "a@acme.example"));

        var error = Assert.Single(VendorRecordMapper.MapOne(record).Errors);

        Assert.Equal("Name", error.Field);
        Assert.Null(error.Vendor);
        Assert.Contains("no name", error.Message);
    }
}
