using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Templates;
using RfqSender.Engine.Tests.Rfqs;

namespace RfqSender.Engine.Tests.Templates;

public class MessageTemplateRenderTests
{
    private static TemplateContext Context(Rfq? rfq = null, params string[] categories) =>
        TemplateContext.For(rfq ?? TestRfqs.Rfq(), TestRfqs.Vendor(categories: categories), TestRfqs.Contact());

    private static string Render(string template, TemplateMode mode = TemplateMode.Text, TemplateContext? context = null) =>
        MessageTemplate.Parse(template, "body", mode).Render(context ?? Context());

    [Fact]
    public void Renders_rfq_vendor_and_contact_fields()
    {
        var text = Render("{{Rfq.Number}} / {{Rfq.Title}} / {{Vendor.Name}} [{{Vendor.Key}}] / {{Contact.Name}} <{{Contact.Email}}> / {{Vendor.Country}}");
        Assert.Equal("RFQ-2026-114 / Copper cable, 3 lots / Acme Kabel GmbH [ACME] / Anna Berg <anna.berg@acme.example> / DE", text);
    }

    [Fact]
    public void Names_are_case_insensitive_and_white_space_inside_braces_is_allowed()
    {
        Assert.Equal("RFQ-2026-114|Acme Kabel GmbH", Render("{{ rfq.NUMBER }}|{{  vendor.name\t}}"));
    }

    [Fact]
    public void Default_formats_are_invariant_and_unambiguous()
    {
        var text = Render("{{Rfq.DueDate}}|{{#each Rfq.Items}}{{Quantity}};{{/each}}");
        Assert.Equal("2026-12-15 17:00 +01:00|40;850.5;", text);
    }

    [Fact]
    public void Format_specifiers_apply_to_dates_and_numbers_in_the_invariant_culture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            var text = Render("{{Rfq.DueDate:dd MMM yyyy, HH:mm zzz}}|{{#each Rfq.Items}}{{Quantity:0.00}} {{/each}}|{{Rfq.DueDate:yyyy-MM-dd}}");
            Assert.Equal("15 Dec 2026, 17:00 +01:00|40.00 850.50 |2026-12-15", text);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Each_exposes_item_members_unqualified_with_index_and_number()
    {
        var text = Render("{{#each Rfq.Items}}{{@index}}/{{@number}} {{Part}} x{{quantity}} {{Unit}}\n{{/each}}");
        Assert.Equal("0/1 CU-3x2.5 x40 drum\n1/2 CU-4x16 x850.5 m\n", text);
    }

    [Fact]
    public void Each_body_can_still_reach_outer_fields()
    {
        var text = Render("{{#each Rfq.Items}}{{Rfq.Number}}-{{@number:000}} for {{Vendor.Name}};{{/each}}");
        Assert.Equal("RFQ-2026-114-001 for Acme Kabel GmbH;RFQ-2026-114-002 for Acme Kabel GmbH;", text);
    }

    [Fact]
    public void This_renders_scalar_list_elements()
    {
        var text = Render("{{#each Vendor.Categories}}[{{this}}]{{/each}} {{Vendor.Categories}}", context: Context(null, "Cable", "Copper"));
        Assert.Equal("[Cable][Copper] Cable, Copper", text);
    }

    [Fact]
    public void Nested_each_blocks_iterate_the_inner_list_per_outer_element_with_their_own_index()
    {
        var text = Render("{{#each Rfq.Items}}{{Part}}:{{#each Vendor.Categories}}{{@index}}={{this}}({{Part}}),{{/each}};{{/each}}", context: Context(null, "A", "B"));
        Assert.Equal("CU-3x2.5:0=A(CU-3x2.5),1=B(CU-3x2.5),;CU-4x16:0=A(CU-4x16),1=B(CU-4x16),;", text);
    }

    [Fact]
    public void Empty_list_renders_nothing()
    {
        Assert.Equal("<>", Render("<{{#each Vendor.Categories}}x{{this}}{{/each}}>"));
    }

    [Fact]
    public void Html_mode_escapes_values_but_not_the_template()
    {
        var rfq = TestRfqs.Rfq(fields: new Dictionary<string, string> { ["Note"] = "Tom's <b>\"A&B\"</b>" });
        var text = Render("<p class=\"x\">{{Rfq.Note}}</p>", TemplateMode.Html, Context(rfq));
        Assert.Equal("<p class=\"x\">Tom&#39;s &lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;</p>", text);
    }

    [Fact]
    public void Html_mode_escapes_item_values_and_triple_braces_skip_escaping()
    {
        var rfq = TestRfqs.Rfq(fields: new Dictionary<string, string> { ["Signature"] = "<b>Purchasing</b>" });
        var text = Render("{{#each Rfq.Items}}{{Description}}|{{/each}}{{{Rfq.Signature}}}", TemplateMode.Html, Context(rfq));
        Assert.Equal("NYM-J 3x2.5 mm², 100 m drums|NYY-J &lt;black&gt; &amp; &quot;cut&quot;|<b>Purchasing</b>", text);
    }

    [Fact]
    public void Text_mode_does_not_escape()
    {
        Assert.Equal("CU-3x2.5=NYM-J 3x2.5 mm², 100 m drums;CU-4x16=NYY-J <black> & \"cut\";", Render("{{#each Rfq.Items}}{{Part}}={{Description}};{{/each}}"));
    }

    [Theory]
    [InlineData("a\r\nb {{Rfq.Number}}\r\nc\r\n")]
    [InlineData("a\nb {{Rfq.Number}}\nc\n")]
    [InlineData("a\rb {{Rfq.Number}}\rc")]
    public void Line_endings_of_the_template_are_preserved(string template)
    {
        Assert.Equal(template.Replace("{{Rfq.Number}}", "RFQ-2026-114"), Render(template));
    }

    [Fact]
    public void Block_tags_alone_on_their_line_leave_no_blank_lines()
    {
        var template = "Items:\r\n  {{#each Rfq.Items}}\r\n- {{Part}}\r\n  {{/each}}\r\nEnd";
        Assert.Equal("Items:\r\n- CU-3x2.5\r\n- CU-4x16\r\nEnd", Render(template));
    }

    [Fact]
    public void Inline_block_tags_keep_surrounding_text()
    {
        Assert.Equal("x CU-3x2.5 CU-4x16 y", Render("x {{#each Rfq.Items}}{{Part}} {{/each}}y"));
    }

    [Fact]
    public void Comments_render_nothing()
    {
        Assert.Equal("ab", Render("a{{! this is a note for the author }}b"));
    }

    [Fact]
    public void Bracketed_names_reach_columns_with_spaces()
    {
        var vendor = TestRfqs.Vendor(fields: new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Payment Terms"] = "30 days" });
        var context = TemplateContext.For(TestRfqs.Rfq(), vendor, TestRfqs.Contact());
        Assert.Equal("30 days", Render("{{Vendor.[payment terms]}}", context: context));
    }

    [Fact]
    public void Empty_vendor_field_renders_empty_and_is_not_an_error()
    {
        var vendor = TestRfqs.Vendor(fields: new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Country"] = string.Empty });
        var template = MessageTemplate.Parse("[{{Vendor.Country}}]", "body", TemplateMode.Text);
        var context = TemplateContext.For(TestRfqs.Rfq(), vendor, TestRfqs.Contact());
        Assert.Empty(template.Check(context));
        Assert.Equal("[]", template.Render(context));
    }

    [Fact]
    public void Contact_without_display_name_renders_empty_name()
    {
        var context = TemplateContext.For(TestRfqs.Rfq(), TestRfqs.Vendor(), TestRfqs.Contact("orders@acme.example"));
        Assert.Equal("Dear ,orders@acme.example", Render("Dear {{Contact.Name}},{{Contact.Email}}", context: context));
    }

    [Fact]
    public void Rfq_sender_reply_and_attachment_fields_render()
    {
        var rfq = TestRfqs.Rfq(replyTo: "rfq-replies@contoso.example", attachments: new[] { new RfqAttachment("/tmp/specs/cable-spec.pdf"), new RfqAttachment("/tmp/x.pdf", "Drawing.pdf") });
        var text = Render("{{Rfq.From}}|{{Rfq.FromName}}|{{Rfq.FromEmail}}|{{Rfq.ReplyTo}}|{{Rfq.ReplyToEmail}}|{{Rfq.Attachments}}", context: Context(rfq));
        Assert.Equal("Purchasing <purchasing@contoso.example>|Purchasing|purchasing@contoso.example|rfq-replies@contoso.example|rfq-replies@contoso.example|cable-spec.pdf, Drawing.pdf", text);
    }

    [Fact]
    public void Reply_address_falls_back_to_the_sender()
    {
        Assert.Equal("purchasing@contoso.example", Render("{{Rfq.ReplyToEmail}}"));
    }

    [Fact]
    public void One_parsed_template_renders_for_many_vendors()
    {
        var template = MessageTemplate.Parse("Hello {{Vendor.Name}} ({{Vendor.Country}})", "body", TemplateMode.Text);
        var rfq = TestRfqs.Rfq();
        var a = template.Render(TemplateContext.For(rfq, TestRfqs.Vendor("A", "A"), TestRfqs.Contact()));
        var b = template.Render(TemplateContext.For(rfq, TestRfqs.Vendor("B", "B", new Dictionary<string, string> { ["Country"] = "FR" }), TestRfqs.Contact()));
        Assert.Equal("Hello A (DE)", a);
        Assert.Equal("Hello B (FR)", b);
    }
}
