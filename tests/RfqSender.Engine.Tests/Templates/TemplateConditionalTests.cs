using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Templates;
using RfqSender.Engine.Tests.Rfqs;
using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Tests.Templates;

public class TemplateConditionalTests
{
    private static Vendor VendorWith(string field, string value) =>
        TestRfqs.Vendor(fields: new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Country"] = "DE", [field] = value });

    private static string Render(string template, Vendor? vendor = null, VendorContact? contact = null, TemplateMode mode = TemplateMode.Text, Rfq? rfq = null) =>
        MessageTemplate.Parse(template, "body", mode).Render(TemplateContext.For(rfq ?? TestRfqs.Rfq(), vendor ?? TestRfqs.Vendor(), contact ?? TestRfqs.Contact()));

    [Theory]
    [InlineData("5 %", "[discount 5 %]")]
    [InlineData("0", "[discount 0]")]
    [InlineData("", "[no discount]")]
    [InlineData("  ", "[no discount]")]
    public void If_takes_the_first_branch_for_a_value_and_else_for_an_empty_one(string discount, string expected)
    {
        Assert.Equal(expected, Render("[{{#if Vendor.Discount}}discount {{Vendor.Discount}}{{else}}no discount{{/if}}]", VendorWith("Discount", discount)));
    }

    [Fact]
    public void If_without_else_renders_nothing_when_empty()
    {
        Assert.Equal("ab", Render("a{{#if Vendor.Discount}}x{{/if}}b", VendorWith("Discount", string.Empty)));
    }

    [Fact]
    public void Keywords_are_case_insensitive()
    {
        Assert.Equal("no", Render("{{#IF Vendor.Discount}}yes{{ ELSE }}no{{/If}}", VendorWith("Discount", string.Empty)));
    }

    [Fact]
    public void Dear_line_with_if_and_else()
    {
        const string template = "Dear {{#if Contact.Name}}{{Contact.Name}}{{else}}Sir or Madam{{/if}},";
        Assert.Equal("Dear Anna Berg,", Render(template));
        Assert.Equal("Dear Sir or Madam,", Render(template, contact: TestRfqs.Contact("quotes@boltnut.example.com")));
    }

    [Fact]
    public void Lists_are_true_when_they_have_elements()
    {
        Assert.Equal("cats: Cables, Tools|none", Render("{{#if Vendor.Categories}}cats: {{Vendor.Categories}}{{else}}none{{/if}}", TestRfqs.Vendor(categories: new[] { "Cables", "Tools" }))
            + "|" + Render("{{#if Vendor.Categories}}cats{{else}}none{{/if}}"));
        Assert.Equal("items", Render("{{#if Rfq.Items}}items{{/if}}"));
    }

    [Fact]
    public void Standalone_block_lines_leave_no_blank_lines()
    {
        const string template = "Dear customer,\n{{#if Vendor.Discount}}\nYour discount: {{Vendor.Discount}}\n{{else}}\nNo discount.\n{{/if}}\nRegards";
        Assert.Equal("Dear customer,\nYour discount: 5 %\nRegards", Render(template, VendorWith("Discount", "5 %")));
        Assert.Equal("Dear customer,\nNo discount.\nRegards", Render(template, VendorWith("Discount", string.Empty)));
    }

    [Fact]
    public void If_nests_inside_each_and_sees_the_element_and_the_outer_scopes()
    {
        var rfq = TestRfqs.Rfq(items: new[] { new LineItem("P-1", null, 1m, "m"), new LineItem("P-2", "Bolt", 2m, null) });
        const string template = "{{#each Rfq.Items}}{{@number}}. {{Part}}{{#if Description}} ({{Description}}){{else}} for {{Vendor.Name}}{{/if}}{{#if Unit}}, {{Unit}}{{/if}};{{/each}}";
        Assert.Equal("1. P-1 for Acme Kabel GmbH, m;2. P-2 (Bolt);", Render(template, rfq: rfq));
    }

    [Fact]
    public void Each_nests_inside_if_and_if_nests_inside_if()
    {
        const string template = "{{#if Rfq.Items}}{{#each Rfq.Items}}{{Part}} {{/each}}{{#if Vendor.Country}}from {{Vendor.Country}}{{else}}?{{/if}}{{else}}nothing{{/if}}";
        Assert.Equal("CU-3x2.5 CU-4x16 from DE", Render(template));
    }

    [Fact]
    public void Values_in_both_branches_are_html_escaped()
    {
        var html = "{{#if Vendor.Note}}<b>{{Vendor.Note}}</b>{{else}}{{Vendor.Name}}{{/if}}";
        Assert.Equal("<b>a &amp; b</b>", Render(html, VendorWith("Note", "a & b"), mode: TemplateMode.Html));
    }

    [Fact]
    public void Unknown_field_in_the_condition_is_an_error()
    {
        var template = MessageTemplate.Parse("x\n{{#if Vendor.Discont}}y{{/if}}", "body", TemplateMode.Text);
        var error = Assert.Single(template.Check(TemplateContext.ForValidation(TestRfqs.Rfq(), VendorWith("Discount", "5"))));
        Assert.Equal("Vendor.Discont", error.Field);
        Assert.Equal(2, error.Line);
        Assert.Equal("Acme Kabel GmbH", error.Vendor);
        Assert.Contains("Unknown field 'Vendor.Discont'", error.Message);
    }

    [Fact]
    public void Unknown_fields_in_either_branch_are_errors_whichever_branch_the_vendor_takes()
    {
        var template = MessageTemplate.Parse("{{#if Vendor.Discount}}{{Vendor.Rebate}}{{else}}{{Rfq.Nothing}}{{/if}}", "body", TemplateMode.Text);
        var errors = template.Check(TemplateContext.ForValidation(TestRfqs.Rfq(), VendorWith("Discount", string.Empty)));
        Assert.Equal(new[] { "Vendor.Rebate", "Rfq.Nothing" }, errors.Select(e => e.Field));
        Assert.Throws<TemplateFieldException>(() => RfqTemplates.From(TestRfqs.Rfq(text: "{{#if Vendor.Discount}}{{Vendor.Rebate}}{{/if}}")).Validate(VendorWith("Discount", string.Empty)));
    }

    [Fact]
    public void Unknown_field_inside_if_inside_each_is_an_error_even_when_the_list_is_empty()
    {
        var rfq = TestRfqs.Rfq(items: Array.Empty<LineItem>());
        var template = MessageTemplate.Parse("{{#each Rfq.Items}}{{#if Prat}}x{{/if}}{{/each}}", "body", TemplateMode.Text);
        var error = Assert.Single(template.Check(TemplateContext.ForRfq(rfq)));
        Assert.Equal("Prat", error.Field);
    }

    [Fact]
    public void A_group_of_fields_cannot_be_a_condition()
    {
        var template = MessageTemplate.Parse("{{#if Vendor}}x{{/if}}", "body", TemplateMode.Text);
        var error = Assert.Single(template.Check(TemplateContext.ForValidation(TestRfqs.Rfq(), TestRfqs.Vendor())));
        Assert.Contains("is a group of fields", error.Message);
    }

    [Theory]
    [InlineData("{{#if Vendor.Name}}x", 1, "{{#if Vendor.Name}}", "has no matching '{{/if}}'")]
    [InlineData("{{#if}}x{{/if}}", 1, "{{#if}}", "needs a field to test")]
    [InlineData("{{#if Vendor.Name ?? \"x\"}}x{{/if}}", 1, "{{#if Vendor.Name ?? \"x\"}}", "is not a valid field name")]
    [InlineData("{{#each Rfq.Items}}{{#if @index}}x{{/if}}{{/each}}", 20, "{{#if @index}}", "cannot test a position")]
    [InlineData("x{{else}}y", 2, "{{else}}", "only be used inside {{#if")]
    [InlineData("{{#each Rfq.Items}}{{else}}{{/each}}", 20, "{{else}}", "only be used inside {{#if")]
    [InlineData("{{#if Vendor.Name}}a{{else}}b{{else}}c{{/if}}", 30, "{{else}}", "second '{{else}}'")]
    [InlineData("{{#if Vendor.Name}}a{{/each}}", 21, "{{/each}}", "closes '{{#if Vendor.Name}}'")]
    [InlineData("{{#each Rfq.Items}}a{{/if}}", 21, "{{/if}}", "closes '{{#each Rfq.Items}}'")]
    [InlineData("a{{/if}}", 2, "{{/if}}", "has no matching '{{#if")]
    [InlineData("{{{else}}}", 1, "{{{else}}}", "cannot use triple braces")]
    public void Block_syntax_errors_name_the_tag_and_position(string text, int column, string tag, string fragment)
    {
        var ex = Assert.Throws<TemplateException>(() => MessageTemplate.Parse(text, "body", TemplateMode.Text));
        Assert.Equal(column, ex.Column);
        Assert.Equal(tag, ex.Tag);
        Assert.Contains(fragment, ex.Problem);
    }
}
