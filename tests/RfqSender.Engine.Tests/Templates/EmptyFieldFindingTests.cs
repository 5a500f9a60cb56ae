using RfqSender.Engine.Messages;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Templates;
using RfqSender.Engine.Tests.Rfqs;
using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Tests.Templates;

public class EmptyFieldFindingTests
{
    private static Vendor Vendor(string key, string contact, string terms = "", string? source = null) =>
        new(
            key,
            "Vendor " + key,
            new[] { new VendorContact(MailboxAddress.Parse(contact), ContactRole.To) },
            Array.Empty<string>(),
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Terms"] = terms },
            source);

    [Fact]
    public void Finds_each_field_tag_that_renders_empty_for_a_vendor_with_template_line_and_column()
    {
        var rfq = TestRfqs.Rfq(subject: "RFQ {{Rfq.Number}} {{Vendor.Terms}}", text: "Dear {{Contact.Name}},\n terms {{ Vendor.Terms }}\n{{Contact.Email}}", html: "<p>{{Contact.Name}}</p>");
        var templates = RfqTemplates.From(rfq);

        var findings = templates.FindEmptyFields(Vendor("V2", "sales@beta.example"));

        Assert.Equal(
            new[] { ("subject", 1, 20, "Vendor.Terms"), ("body", 1, 6, "Contact.Name"), ("body", 2, 8, "Vendor.Terms"), ("bodyHtml", 1, 4, "Contact.Name") },
            findings.Select(f => (f.TemplateName, f.Line, f.Column, f.Field)));
        Assert.Equal("{{ Vendor.Terms }}", findings[2].Tag);
        Assert.All(findings, f => Assert.Equal("V2", f.Vendor!.Key));
        Assert.Empty(templates.FindEmptyFields(Vendor("V1", "Anna Alpha <anna@alpha.example>", "30 days")));
    }

    [Fact]
    public void Fields_with_a_default_or_in_an_if_branch_not_taken_are_not_findings()
    {
        var rfq = TestRfqs.Rfq(text: "Dear {{Contact.Name ?? \"Sir or Madam\"}}, {{Vendor.Terms ?? \"\"}}{{#if Vendor.Terms}}terms {{Vendor.Terms}}{{else}}{{Contact.Name}}{{/if}}");
        var templates = RfqTemplates.From(rfq);

        var finding = Assert.Single(templates.FindEmptyFields(Vendor("V2", "sales@beta.example")));

        Assert.Equal(1, finding.Line);
        Assert.Equal("Contact.Name", finding.Field);
        Assert.True(finding.Column > 60);
        Assert.Empty(templates.FindEmptyFields(Vendor("V3", "sales@gamma.example", "30 days")));
    }

    [Fact]
    public void A_tag_inside_each_is_found_once_per_vendor_when_some_element_renders_it_empty()
    {
        var rfq = TestRfqs.Rfq(
            text: "{{#each Rfq.Items}}{{Part}} {{Unit}} {{@number}};{{/each}}",
            items: new[] { new LineItem("P-1", null, 1m, "m"), new LineItem("P-2", null, 2m, null), new LineItem("P-3", null, 3m, null) });

        var finding = Assert.Single(RfqTemplates.From(rfq).FindEmptyFields(Vendor("V1", "a@b.example")));

        Assert.Equal("Unit", finding.Field);
    }

    [Fact]
    public void Unknown_fields_are_left_to_check_and_do_not_throw()
    {
        var templates = RfqTemplates.From(TestRfqs.Rfq(text: "{{Vendor.Discount}} {{#if Vendor.Nope}}x{{/if}} {{Contact.Name}}"));

        var finding = Assert.Single(templates.FindEmptyFields(Vendor("V1", "a@b.example")));

        Assert.Equal("Contact.Name", finding.Field);
    }

    [Fact]
    public void Warnings_group_the_vendors_per_tag_and_name_the_first_five_with_their_source_lines()
    {
        var templates = RfqTemplates.From(TestRfqs.Rfq(text: "Dear {{Contact.Name}},\n{{Vendor.Terms}}"));
        var vendors = new[] { Vendor("V1", "Anna <a@v1.example>", "x", "/data/vendors.csv:2") }
            .Concat(Enumerable.Range(2, 7).Select(i => Vendor($"V{i}", $"v{i}@vendors.example", "x", $"/data/vendors.csv:{i + 1}")))
            .Append(Vendor("V9", "Nina <n@v9.example>", string.Empty))
            .ToList();

        var warnings = templates.CheckEmptyFields(vendors);

        Assert.Equal(2, warnings.Count);
        var name = warnings[0];
        Assert.Equal(("body", 1, 6, "Contact.Name", 9), (name.TemplateName, name.Line, name.Column, name.Field, name.VendorsChecked));
        Assert.Equal(new[] { "V2", "V3", "V4", "V5", "V6", "V7", "V8" }, name.Vendors.Select(v => v.Key));
        Assert.Equal(
            "{{Contact.Name}} (body, line 1) renders empty for 7 of 9 vendors (V2 (vendors.csv:3), V3 (vendors.csv:4), V4 (vendors.csv:5), V5 (vendors.csv:6), V6 (vendors.csv:7), and 2 more): "
            + "give it a default ({{Contact.Name ?? \"...\"}}) or fill it in the vendor file",
            name.Message);
        Assert.Equal("{{Vendor.Terms}} (body, line 2) renders empty for 1 of 9 vendors (V9): give it a default ({{Vendor.Terms ?? \"...\"}}) or fill it in the vendor file", warnings[1].Message);
    }

    [Fact]
    public void No_warnings_when_every_field_has_a_value_or_a_default()
    {
        var templates = RfqTemplates.From(TestRfqs.Rfq(text: "Dear {{Contact.Name ?? \"Sir or Madam\"}}, {{Vendor.Name}}"));

        Assert.Empty(templates.CheckEmptyFields(new[] { Vendor("V1", "a@b.example"), Vendor("V2", "Bob <b@b.example>") }));
    }
}
