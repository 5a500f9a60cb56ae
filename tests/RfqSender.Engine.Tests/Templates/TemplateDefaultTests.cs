using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Templates;
using RfqSender.Engine.Tests.Rfqs;
using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Tests.Templates;

public class TemplateDefaultTests
{
    private static Vendor VendorWith(string field, string value) =>
        TestRfqs.Vendor(fields: new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Country"] = "DE", [field] = value });

    private static string Render(string template, Vendor? vendor = null, VendorContact? contact = null, TemplateMode mode = TemplateMode.Text, Rfq? rfq = null) =>
        MessageTemplate.Parse(template, "body", mode).Render(TemplateContext.For(rfq ?? TestRfqs.Rfq(), vendor ?? TestRfqs.Vendor(), contact ?? TestRfqs.Contact()));

    [Fact]
    public void Default_replaces_an_empty_value()
    {
        var nameless = TestRfqs.Contact("quotes@boltnut.example.com");
        Assert.Equal("Dear Sir or Madam,", Render("Dear {{Contact.Name ?? \"Sir or Madam\"}},", contact: nameless));
    }

    [Fact]
    public void Default_is_not_used_when_the_value_is_present()
    {
        Assert.Equal("Dear Anna Berg,", Render("Dear {{Contact.Name ?? \"Sir or Madam\"}},"));
    }

    [Fact]
    public void White_space_only_value_counts_as_empty()
    {
        Assert.Equal("Terms: none", Render("Terms: {{Vendor.Terms ?? 'none'}}", VendorWith("Terms", "   ")));
    }

    [Theory]
    [InlineData("{{Vendor.Terms??\"x\"}}", "x")]
    [InlineData("{{ Vendor.Terms   ??   'it''s' }}", "it's")]
    [InlineData("{{Vendor.Terms ?? \"say \"\"hi\"\"\"}}", "say \"hi\"")]
    [InlineData("{{Vendor.Terms ?? 'a ?? b: c'}}", "a ?? b: c")]
    [InlineData("{{Vendor.Terms ?? \"\"}}", "")]
    [InlineData("{{Vendor.[Payment Terms] ?? \"30 days\"}}", "30 days")]
    public void Default_is_a_quoted_text_that_may_contain_colons_question_marks_and_doubled_quotes(string template, string expected)
    {
        var vendor = TestRfqs.Vendor(fields: new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Terms"] = string.Empty, ["Payment Terms"] = string.Empty });
        Assert.Equal(expected, Render(template, vendor));
    }

    [Fact]
    public void Format_applies_to_the_value_and_the_default_is_written_as_it_is()
    {
        var rfq = TestRfqs.Rfq(items: new[] { new LineItem("P-1", null, 2.5m, null) });
        Assert.Equal("2.50 pieces", Render("{{#each Rfq.Items}}{{Quantity:0.00}} {{Unit ?? \"pieces\"}}{{/each}}", rfq: rfq));
        Assert.Equal("2026-12-15", Render("{{Rfq.DueDate:yyyy-MM-dd ?? \"soon\"}}"));
    }

    [Fact]
    public void Default_is_html_escaped_in_html_bodies_but_not_in_triple_braces_or_text()
    {
        var nameless = TestRfqs.Contact("quotes@boltnut.example.com");
        const string tag = "{{Contact.Name ?? \"Sales & <Quotes>\"}}";
        Assert.Equal("<p>Sales &amp; &lt;Quotes&gt;</p>", Render("<p>" + tag + "</p>", contact: nameless, mode: TemplateMode.Html));
        Assert.Equal("<p>Sales & <Quotes></p>", Render("<p>{" + tag + "}</p>", contact: nameless, mode: TemplateMode.Html));
        Assert.Equal("Sales & <Quotes>", Render(tag, contact: nameless));
    }

    [Fact]
    public void Default_works_inside_each()
    {
        var rfq = TestRfqs.Rfq(items: new[] { new LineItem("P-1", null, 1m, "m"), new LineItem("P-2", "Bolt", 2m, "pc") });
        Assert.Equal("P-1: (no description);P-2: Bolt;", Render("{{#each Rfq.Items}}{{Part}}: {{Description ?? \"(no description)\"}};{{/each}}", rfq: rfq));
    }

    [Fact]
    public void Unknown_field_with_a_default_is_still_an_error()
    {
        var template = MessageTemplate.Parse("Dear {{Contact.Nmae ?? \"Sir or Madam\"}}", "body", TemplateMode.Text);
        var error = Assert.Single(template.Check(TemplateContext.ForValidation(TestRfqs.Rfq(), TestRfqs.Vendor())));
        Assert.Equal("Contact.Nmae", error.Field);
        Assert.Contains("Unknown field 'Contact.Nmae'", error.Message);
    }

    [Fact]
    public void Missing_vendor_column_with_a_default_is_still_an_error_naming_the_vendor()
    {
        var template = MessageTemplate.Parse("{{Vendor.Discount ?? \"none\"}}", "body", TemplateMode.Text);
        var error = Assert.Single(template.Check(TemplateContext.ForValidation(TestRfqs.Rfq(), TestRfqs.Vendor())));
        Assert.Equal("Acme Kabel GmbH", error.Vendor);
    }

    [Theory]
    [InlineData("{{Contact.Name ?? Sir}}", "must be quoted")]
    [InlineData("{{Contact.Name ?? \"Sir}}", "not closed")]
    [InlineData("{{Contact.Name ??}}", "must be quoted")]
    [InlineData("{{Contact.Name ?? \"a\" \"b\"}}", "after the default")]
    [InlineData("{{?? \"x\"}}", "not a valid field name")]
    [InlineData("{{@number ?? \"x\"}}", "cannot have a default")]
    public void Malformed_defaults_are_syntax_errors(string text, string fragment)
    {
        var ex = Assert.Throws<TemplateException>(() => MessageTemplate.Parse("{{#each Rfq.Items}}" + text + "{{/each}}", "body", TemplateMode.Text));
        Assert.Contains(fragment, ex.Problem);
        Assert.Equal(20, ex.Column);
    }
}
