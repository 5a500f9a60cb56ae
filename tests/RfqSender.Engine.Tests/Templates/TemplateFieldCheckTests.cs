using RfqSender.Engine.Templates;
using RfqSender.Engine.Tests.Rfqs;

namespace RfqSender.Engine.Tests.Templates;

public class TemplateFieldCheckTests
{
    private static MessageTemplate Body(string text) => MessageTemplate.Parse(text, "body", TemplateMode.Text);

    [Fact]
    public void Unknown_vendor_field_names_the_field_template_position_vendor_and_known_fields()
    {
        var template = Body("Dear {{Contact.Name}},\n\nfor {{Vendor.Name}}\n  region {{Vendor.Regoin}}");
        var vendor = TestRfqs.Vendor(fields: new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Region"] = "North", ["Phone"] = "1" });
        var errors = template.Check(TemplateContext.ForValidation(TestRfqs.Rfq(), vendor));

        var error = Assert.Single(errors);
        Assert.Equal("Vendor.Regoin", error.Field);
        Assert.Equal(4, error.Line);
        Assert.Equal(10, error.Column);
        Assert.Equal("Acme Kabel GmbH", error.Vendor);
        Assert.Equal(
            "Unknown field 'Vendor.Regoin' in template 'body' at line 4, column 10 (vendor 'Acme Kabel GmbH [ACME]'); known Vendor fields: Name, Key, Categories, Region, Phone",
            error.Message);
    }

    [Fact]
    public void Column_present_for_one_vendor_and_missing_for_another_is_an_error_for_that_vendor_only()
    {
        var templates = RfqTemplates.From(TestRfqs.Rfq(text: "{{Vendor.Region}}"));
        var north = TestRfqs.Vendor("North AG", "N", new Dictionary<string, string> { ["Region"] = "North" });
        var other = TestRfqs.Vendor("Other AG", "O", new Dictionary<string, string> { ["Country"] = "FR" });

        var errors = templates.Check(new[] { north, other });

        var error = Assert.Single(errors);
        Assert.Equal("Other AG", error.Vendor);
        Assert.Contains("(vendor 'Other AG [O]')", error.Message);
        var ex = Assert.Throws<TemplateFieldException>(() => templates.Validate(new[] { north, other }));
        Assert.Equal(error.Message, Assert.Single(ex.Errors).Message);
        templates.Validate(north);
    }

    [Fact]
    public void Unknown_rfq_field_is_an_error_whatever_the_vendor()
    {
        var template = Body("{{Rfq.Nmber}}");
        var errors = template.Check(TemplateContext.ForRfq(TestRfqs.Rfq()));
        var error = Assert.Single(errors);
        Assert.Null(error.Vendor);
        Assert.Equal("Rfq.Nmber", error.Field);
        Assert.Contains("Unknown field 'Rfq.Nmber' in template 'body' at line 1, column 1", error.Message);
        Assert.Contains("known Rfq fields: Number, Title, DueDate, Items", error.Message);
    }

    [Fact]
    public void Rfq_only_check_accepts_any_vendor_field()
    {
        var template = Body("{{Vendor.Anything}} {{#each Vendor.Categories}}{{this}}{{/each}} {{Vendor.Name}}");
        Assert.Empty(template.Check(TemplateContext.ForRfq(TestRfqs.Rfq())));
    }

    [Fact]
    public void Extra_rfq_fields_are_known()
    {
        var rfq = TestRfqs.Rfq(fields: new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Project"] = "Plant 2" });
        var template = Body("{{Rfq.project}}");
        Assert.Empty(template.Check(TemplateContext.ForRfq(rfq)));
        Assert.Equal("Plant 2", template.Render(TemplateContext.ForRfq(rfq)));
    }

    [Fact]
    public void Unknown_item_member_inside_each_is_found_even_when_the_list_is_empty()
    {
        var rfq = TestRfqs.Rfq(items: Array.Empty<RfqSender.Engine.Rfqs.LineItem>());
        var errors = Body("{{#each Rfq.Items}}\n{{Part}} {{Prise}}\n{{/each}}").Check(TemplateContext.ForRfq(rfq));
        var error = Assert.Single(errors);
        Assert.Equal("Prise", error.Field);
        Assert.Equal(2, error.Line);
        Assert.Equal(10, error.Column);
        Assert.Contains("known fields here: Part, Description, Quantity, Unit", error.Message);
    }

    [Fact]
    public void Unknown_top_level_name_and_unknown_contact_field_are_reported()
    {
        var errors = Body("{{Vendr.Name}} {{Contact.Phone}}").Check(TemplateContext.ForRfq(TestRfqs.Rfq()));
        Assert.Equal(2, errors.Count);
        Assert.Contains("known fields here: Rfq, Vendor, Contact", errors[0].Message);
        Assert.Contains("known Contact fields: Name, Email", errors[1].Message);
    }

    [Theory]
    [InlineData("{{Rfq.Items}}", "is a list; write {{#each Rfq.Items}}")]
    [InlineData("{{Rfq}}", "is a group of fields, not a value")]
    [InlineData("{{#each Rfq.Number}}x{{/each}}", "is a value, not a list")]
    [InlineData("{{Rfq.Number.Length}}", "'Rfq.Number' is a value, it has no fields")]
    [InlineData("{{#each Rfq.Items}}{{this}}{{/each}}", "is a group of fields, not a value")]
    public void Fields_used_the_wrong_way_are_errors(string text, string fragment)
    {
        var error = Assert.Single(Body(text).Check(TemplateContext.ForRfq(TestRfqs.Rfq())));
        Assert.Contains(fragment, error.Message);
    }

    [Fact]
    public void Invalid_format_is_found_by_the_check()
    {
        var error = Assert.Single(Body("{{Rfq.DueDate:%}}").Check(TemplateContext.ForRfq(TestRfqs.Rfq())));
        Assert.Contains("format '%'", error.Message);
    }

    [Fact]
    public void Render_throws_typed_error_for_unknown_field_when_not_validated()
    {
        var ex = Assert.Throws<TemplateFieldException>(() => Body("{{Vendor.Nope}}").Render(TemplateContext.For(TestRfqs.Rfq(), TestRfqs.Vendor(), TestRfqs.Contact())));
        Assert.Contains("Unknown field 'Vendor.Nope'", ex.Message);
    }

    [Fact]
    public void Validate_throws_with_all_errors()
    {
        var ex = Assert.Throws<TemplateFieldException>(() => Body("{{Vendor.A}} {{Rfq.B}}").Validate(TestRfqs.Rfq(), TestRfqs.Vendor()));
        Assert.Equal(new[] { "Vendor.A", "Rfq.B" }, ex.Errors.Select(e => e.Field));
        Assert.Contains("2 field errors", ex.Message);
    }
}
