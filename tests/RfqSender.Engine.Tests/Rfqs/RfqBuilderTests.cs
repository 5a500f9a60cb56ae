using RfqSender.Engine.Tests.Support;
using System.Collections;
using RfqSender.Engine.Rfqs;

namespace RfqSender.Engine.Tests.Rfqs;

public class RfqBuilderTests
{
    private static RfqBuilder Valid() => new()
    {
        Number = "RFQ-2026-300",
        Title = "Cable ties",
        DueDate = new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.FromHours(-5)),
        From = "Purchasing <purchasing@contoso.example>",
        Subject = "{{Rfq.Number}} for {{Vendor.Name}}",
        Body = "{{#each Rfq.Items}}{{Part}} {{/each}}{{Rfq.Site}}",
        BaseDirectory = TestRfqs.TestData("Valid"),
        Fields = { ["Site"] = "Plant 2", ["CostCentre"] = "4711" },
    };

    [Fact]
    public void Builds_from_line_items_hashtables_fields_and_relative_attachments()
    {
        var builder = Valid();
        builder.Items.Add(new LineItem("TIE-200", "Cable tie 200 mm", 5000, "pcs"));
        builder.Items.Add(new Hashtable { ["Part"] = "TIE-300", ["quantity"] = 2.5, ["Unit"] = "box" });
        builder.Items.Add(new Dictionary<string, object> { ["part"] = "TIE-400", ["Quantity"] = "12" });
        builder.Attachments.Add("specs/cable-spec.pdf");
        builder.Fields["Site"] = "Hamburg";
        builder.ReplyTo = "rfq@contoso.example";

        var rfq = builder.Build();

        Assert.Equal("RFQ-2026-300", rfq.Number);
        Assert.Equal(TimeSpan.FromHours(-5), rfq.DueDate.Offset);
        Assert.Equal("rfq@contoso.example", rfq.ReplyTo!.Address);
        Assert.Equal(new[] { "TIE-200", "TIE-300", "TIE-400" }, rfq.Items.Select(i => i.Part));
        Assert.Equal(new[] { 5000m, 2.5m, 12m }, rfq.Items.Select(i => i.Quantity));
        Assert.Equal(Path.Combine(TestRfqs.TestData("Valid"), "specs", "cable-spec.pdf"), rfq.Attachments.Single().Path);
        Assert.Equal("Hamburg", rfq.Fields["site"]);
        Assert.Null(rfq.Source);
    }

    [Fact]
    public void Reads_body_files_relative_to_the_base_directory()
    {
        var builder = Valid();
        builder.Body = null;
        builder.BodyPath = "templates/body.txt";
        builder.BodyHtmlPath = "templates/body.html";
        var rfq = builder.Build();
        Assert.StartsWith("Dear {{Contact.Name}},\r\n", rfq.BodyTextTemplate);
        Assert.StartsWith("<ul>", rfq.BodyHtmlTemplate);
    }

    [Fact]
    public void Missing_parameters_are_all_reported_by_parameter_name()
    {
        var ex = Assert.Throws<RfqDefinitionException>(() => new RfqBuilder().Build());

        Assert.Equal(new[] { "Number", "Title", "DueDate", "From", "Subject", "Body" }, ex.Errors.Select(e => e.Field));
        Assert.All(ex.Errors, e => Assert.Null(e.Line));
        Assert.All(ex.Errors, e => Assert.Equal("New-Rfq", e.Source));
        Assert.Equal("New-Rfq", ex.File);
        Assert.Equal("Number", ex.Field);
        Assert.Contains("New-Rfq: parameter -DueDate: 'DueDate' is required", ex.Message);
    }

    [Fact]
    public void Invalid_values_name_the_parameter()
    {
        var builder = Valid();
        builder.From = "purchasing@@contoso.example";
        builder.ReplyTo = "not an address";
        builder.Number = "RFQ\n1";
        builder.BodyPath = "templates/body.txt";
        builder.Items.Add(new Hashtable { ["Part"] = "", ["Quantity"] = 0 });
        builder.Items.Add(new Hashtable { ["Part"] = "X", ["Quantity"] = "1,5", ["Colour"] = "red" });
        builder.Items.Add(42);
        builder.Attachments.Add("specs/missing.pdf");
        builder.Subject = "{{Rfq.Unknown}}";

        var ex = Assert.Throws<RfqDefinitionException>(() => builder.Build());

        var fields = ex.Errors.Select(e => e.Field).ToList();
        Assert.Equal(
            new[] { "Items[2].Colour", "Items[3]", "Number", "From", "ReplyTo", "BodyPath", "Items[1].Part", "Items[1].Quantity", "Items[2].Quantity", "Attachments[1]", "Subject" },
            fields);
        Assert.Contains("parameter -BodyPath: give either Body or BodyPath, not both", ex.Message);
        Assert.Contains("parameter -Items[2].Quantity: '1,5' is not a number", ex.Message);
        Assert.Contains("parameter -Subject: Unknown field 'Rfq.Unknown'", ex.Message);
    }

    [Fact]
    public void Duplicate_attachment_names_are_rejected()
    {
        var builder = Valid();
        builder.Attachments.Add("specs/cable-spec.pdf");
        builder.Attachments.Add(Path.Combine(TestRfqs.TestData("Valid"), "specs", "cable-spec.pdf"));
        var ex = Assert.Throws<RfqDefinitionException>(() => builder.Build());
        Assert.Equal("Attachments[2]", ex.Field);
        Assert.Contains("two attachments are named 'cable-spec.pdf'", ex.Message);
    }

    [Fact]
    public void Builder_and_file_apply_the_same_rules()
    {
        var builder = Valid();
        builder.Subject = "{{#each Rfq.Items}}";
        var fromBuilder = Assert.Throws<RfqDefinitionException>(() => builder.Build()).Errors.Single();

        using var folder = TestRfqs.TestFolder();
        var path = folder.Write("rfq.yaml", "number: N\ntitle: T\ndueDate: 2026-01-01T00:00:00Z\nfrom: a@contoso.example\nsubject: \"{{#each Rfq.Items}}\"\nbody: b\n");
        var fromFile = Assert.Throws<RfqDefinitionException>(() => RfqFileLoader.Load(path)).Errors.Single();

        Assert.Equal(fromFile.Message, fromBuilder.Message);
        Assert.Equal("Subject", fromBuilder.Field);
        Assert.Equal("subject", fromFile.Field);
    }
}
