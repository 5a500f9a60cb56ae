using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Templates;

namespace RfqSender.Engine.Tests.Rfqs;

public class RfqFileLoaderTests
{
    [Fact]
    public void Loads_a_file_with_keys_in_any_case_body_files_extra_fields_and_named_attachments()
    {
        var path = TestRfqs.TestData("Valid", "full.yaml");
        var rfq = RfqFileLoader.Load(path);

        Assert.Equal("RFQ-2026-200", rfq.Number);
        Assert.Equal("Switchgear", rfq.Title);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero), rfq.DueDate);
        Assert.Equal(TimeSpan.Zero, rfq.DueDate.Offset);
        Assert.Equal("purchasing@contoso.example", rfq.From.Address);
        Assert.Equal("RFQ replies", rfq.ReplyTo!.DisplayName);
        Assert.Equal("Dear {{Contact.Name}},\r\n{{#each Rfq.Items}}\r\n* {{Part}} ({{Description}})\r\n{{/each}}\r\nCost centre {{Rfq.CostCentre}}\r\n", rfq.BodyTextTemplate);
        Assert.StartsWith("<ul>", rfq.BodyHtmlTemplate);
        Assert.Equal("Plant 2", rfq.Fields["project"]);
        Assert.Equal("4711", rfq.Fields["COSTCENTRE"]);
        Assert.Equal(2, rfq.Items.Count);
        Assert.Equal("Schaltanlage, 400 V – Größe 2", rfq.Items[0].Description);
        Assert.Equal(3m, rfq.Items[0].Quantity);
        Assert.Equal(1.5m, rfq.Items[1].Quantity);
        Assert.Equal("set", rfq.Items[1].Unit);
        Assert.Equal(string.Empty, rfq.Items[0].Unit);
        Assert.Equal(new[] { "cable-spec.pdf", "Drawing 7.pdf" }, rfq.Attachments.Select(a => a.FileName));
        Assert.All(rfq.Attachments, a => Assert.True(Path.IsPathRooted(a.Path) && File.Exists(a.Path)));
        Assert.Equal(Path.GetFullPath(path), rfq.Source);
    }

    [Fact]
    public void Loaded_rfq_renders()
    {
        var rfq = RfqFileLoader.Load(TestRfqs.TestData("Valid", "full.yaml"));
        var templates = RfqTemplates.From(rfq);
        var context = TemplateContext.For(rfq, TestRfqs.Vendor(), TestRfqs.Contact());
        Assert.Equal("RFQ-2026-200 Plant 2", templates.RenderSubject(context));
        Assert.Equal("Dear Anna Berg,\r\n* SG-1 (Schaltanlage, 400 V – Größe 2)\r\n* SG-2 ()\r\nCost centre 4711\r\n", templates.RenderText(context));
        Assert.Equal("<ul><li>Schaltanlage, 400 V – Größe 2</li><li></li></ul>\n", templates.RenderHtml(context));
    }

    [Theory]
    [InlineData("missing-number", 0, "number", "'number' is required")]
    [InlineData("missing-offset", 3, "dueDate", "'2026-12-15 17:00' has no time zone offset; write e.g. 2026-12-15T17:00:00+01:00")]
    [InlineData("bad-from", 4, "from", "is not a valid e-mail address")]
    [InlineData("bad-reply-to", 5, "replyTo", "is not a valid e-mail address")]
    [InlineData("missing-body", 0, "body", "has no body")]
    [InlineData("body-and-bodypath", 10, "bodyPath", "give either body or bodyPath, not both")]
    [InlineData("missing-body-file", 6, "bodyPath", "the file 'files/nope.txt' does not exist")]
    [InlineData("missing-attachment", 15, "attachments[2]", "the file 'files/drawing.pdf' does not exist")]
    [InlineData("bad-quantity", 11, "items[1].quantity", "'forty' is not a number")]
    [InlineData("zero-quantity", 12, "items[2].quantity", "must be more than 0")]
    [InlineData("item-without-part", 12, "items[2].part", "items[2] has no part")]
    [InlineData("unknown-item-key", 11, "items[1].price", "'price' is not an item key")]
    [InlineData("template-syntax-error", 6, "body", "Template 'body', line 2, column 1: '{{#each Rfq.Items}}' has no matching '{{/each}}'")]
    [InlineData("html-template-error", 10, "bodyHtml", "Template 'bodyHtml', line 1, column 4: the tag '{{Vendor.Name}</p>' is not closed")]
    [InlineData("unknown-rfq-field", 5, "subject", "Unknown field 'Rfq.Nmber' in template 'subject' at line 1, column 5")]
    [InlineData("malformed-yaml", 2, null, "not valid YAML")]
    [InlineData("duplicate-key", 3, "Title", "is given twice (first on line 2)")]
    [InlineData("nested-extra-key", 15, "settings", "'settings' is not a known key")]
    [InlineData("empty", 0, null, "the file is empty")]
    [InlineData("list-root", 1, null, "must be a mapping of keys")]
    public void Malformed_file_reports_file_line_field_and_problem(string name, int line, string? field, string fragment)
    {
        var path = TestRfqs.TestData("Malformed", name + ".yaml");
        var ex = Assert.Throws<RfqDefinitionException>(() => RfqFileLoader.Load(path));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(path, ex.File);
        Assert.Equal(path, error.Source);
        Assert.Equal(line == 0 ? null : line, ex.Line);
        Assert.Equal(field, ex.Field);
        Assert.Contains(fragment, error.Message);
        var location = line == 0 ? path : $"{path}:{line}";
        Assert.StartsWith(field is null ? location + ": " : $"{location}: field '{field}': ", ex.Message);
        Assert.Contains(fragment, ex.Message);
    }

    [Fact]
    public void A_file_with_several_errors_reports_all_of_them()
    {
        var path = TestRfqs.TestData("Malformed", "several-errors.yaml");
        var ex = Assert.Throws<RfqDefinitionException>(() => RfqFileLoader.Load(path));

        Assert.Equal(
            new (int?, string?)[] { (null, "number"), (2, "dueDate"), (10, "items[1].quantity"), (13, "attachments[1]") },
            ex.Errors.Select(e => (e.Line, e.Field)).ToArray());
        Assert.Contains("has 4 errors", ex.Message);
        Assert.Contains("'2026-12-15' has no time zone offset; write e.g. 2026-12-15T00:00:00+01:00", ex.Message);
        Assert.Contains($"{path}:13: field 'attachments[1]': the file 'files/missing.pdf' does not exist", ex.Message);
    }

    [Fact]
    public void Template_field_errors_are_reported_alongside_other_errors()
    {
        using var folder = TestRfqs.TestFolder();
        var path = folder.Write("rfq.yaml", "title: T\ndueDate: 2026-01-01T00:00:00Z\nfrom: a@contoso.example\nsubject: \"{{Rfq.Nope}}\"\nbody: x\n");
        var ex = Assert.Throws<RfqDefinitionException>(() => RfqFileLoader.Load(path));
        Assert.Equal(new[] { "number", "subject" }, ex.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Missing_file_is_a_definition_error()
    {
        var ex = Assert.Throws<RfqDefinitionException>(() => RfqFileLoader.Load(TestRfqs.TestData("Malformed", "no-such-file.yaml")));
        Assert.Contains("does not exist", ex.Message);
        Assert.Null(ex.Line);
    }

    [Fact]
    public void Invalid_utf8_body_file_is_reported()
    {
        using var folder = TestRfqs.TestFolder();
        folder.Write("body.txt", new byte[] { 0x48, 0xC3, 0x28, 0x0A });
        var path = folder.Write("rfq.yaml", "number: N-1\ntitle: T\ndueDate: 2026-01-01T00:00:00+02:00\nfrom: a@contoso.example\nsubject: s\nbodyPath: body.txt\n");
        var ex = Assert.Throws<RfqDefinitionException>(() => RfqFileLoader.Load(path));
        Assert.Equal("bodyPath", ex.Field);
        Assert.Equal(6, ex.Line);
        Assert.Contains("is not valid UTF-8", ex.Message);
    }

    [Theory]
    [InlineData("2026-12-15T17:00:00+01:00", 17, 1)]
    [InlineData("2026-12-15 17:00 +01:00", 17, 1)]
    [InlineData("2026-12-15T17:00-05:00", 17, -5)]
    [InlineData("2026-12-15T16:00:00Z", 16, 0)]
    [InlineData("'2026-12-15T17:00:00.5+0100'", 17, 1)]
    public void Due_date_accepts_offsets_and_z(string text, int hour, int offsetHours)
    {
        using var folder = TestRfqs.TestFolder();
        var path = folder.Write("rfq.yaml", $"number: N-1\ntitle: T\ndueDate: {text}\nfrom: a@contoso.example\nsubject: s\nbody: b\n");
        var rfq = RfqFileLoader.Load(path);
        Assert.Equal(hour, rfq.DueDate.Hour);
        Assert.Equal(TimeSpan.FromHours(offsetHours), rfq.DueDate.Offset);
    }

    [Theory]
    [InlineData("number: \"A\\tB\"", "number", "control characters")]
    [InlineData("number: \"" + "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789X\"", "number", "at most 100")]
    [InlineData("number: [a, b]", "number", "must be text, not a list")]
    [InlineData("number: ''", "number", "must not be empty")]
    public void Number_must_be_short_single_line_text(string numberLine, string field, string fragment)
    {
        using var folder = TestRfqs.TestFolder();
        var path = folder.Write("rfq.yaml", $"{numberLine}\ntitle: T\ndueDate: 2026-01-01T00:00:00Z\nfrom: a@contoso.example\nsubject: s\nbody: b\n");
        var ex = Assert.Throws<RfqDefinitionException>(() => RfqFileLoader.Load(path));
        var error = Assert.Single(ex.Errors);
        Assert.Equal(field, error.Field);
        Assert.Equal(1, error.Line);
        Assert.Contains(fragment, error.Message);
    }

    [Fact]
    public void Parse_reads_text_with_paths_relative_to_the_given_folder()
    {
        var rfq = RfqFileLoader.Parse(
            "number: N-1\ntitle: T\ndueDate: 2026-01-01T00:00:00Z\nfrom: a@contoso.example\nsubject: s\nbodyHtmlPath: templates/body.html\n",
            "stdin",
            TestRfqs.TestData("Valid"));
        Assert.Null(rfq.BodyTextTemplate);
        Assert.Contains("{{#each Rfq.Items}}", rfq.BodyHtmlTemplate);
        Assert.Null(rfq.Source);
    }

    [Fact]
    public void Exact_duplicate_key_is_reported_with_its_line()
    {
        using var folder = TestRfqs.TestFolder();
        var path = folder.Write("rfq.yaml", "number: N-1\ntitle: T\ndueDate: 2026-01-01T00:00:00Z\nfrom: a@contoso.example\nsubject: s\nbody: b\nnumber: N-2\n");
        var ex = Assert.Throws<RfqDefinitionException>(() => RfqFileLoader.Load(path));
        Assert.Equal(7, ex.Line);
        Assert.Contains("Duplicate key number", ex.Message);
    }
}
