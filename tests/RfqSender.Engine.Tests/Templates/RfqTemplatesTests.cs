using RfqSender.Engine.Templates;
using RfqSender.Engine.Tests.Rfqs;

namespace RfqSender.Engine.Tests.Templates;

public class RfqTemplatesTests
{
    [Fact]
    public void Parses_all_templates_once_and_renders_each_for_a_context()
    {
        var rfq = TestRfqs.Rfq(
            subject: "RFQ {{Rfq.Number}}\r\n for\n{{Vendor.Name}}  ",
            text: "Dear {{Contact.Name}} & co",
            html: "<p>Dear {{Contact.Name}} &amp; {{Vendor.Name}}</p>");
        var templates = RfqTemplates.From(rfq);
        var context = TemplateContext.For(rfq, TestRfqs.Vendor("A & B <AG>", "AB"), TestRfqs.Contact());

        Assert.Equal(TemplateMode.Text, templates.Subject.Mode);
        Assert.Equal(TemplateMode.Html, templates.Html!.Mode);
        Assert.Equal("RFQ RFQ-2026-114  for A & B <AG>", templates.RenderSubject(context));
        Assert.Equal("Dear Anna Berg & co", templates.RenderText(context));
        Assert.Equal("<p>Dear Anna Berg &amp; A &amp; B &lt;AG&gt;</p>", templates.RenderHtml(context));
    }

    [Fact]
    public void Missing_body_parts_render_as_null()
    {
        var rfq = TestRfqs.Rfq(text: null, html: "<p>{{Rfq.Title}}</p>");
        var templates = RfqTemplates.From(rfq);
        var context = TemplateContext.For(rfq, TestRfqs.Vendor(), TestRfqs.Contact());
        Assert.Null(templates.Text);
        Assert.Null(templates.RenderText(context));
        Assert.Equal("<p>Copper cable, 3 lots</p>", templates.RenderHtml(context));
        Assert.Equal(2, templates.All.Count());
    }

    [Fact]
    public void Parse_error_names_the_template()
    {
        var ex = Assert.Throws<TemplateException>(() => RfqTemplates.From(TestRfqs.Rfq(html: "<p>\n{{#each Rfq.Items}}</p>")));
        Assert.Equal("bodyHtml", ex.TemplateName);
        Assert.Equal(2, ex.Line);
    }

    [Fact]
    public void Check_reports_errors_of_every_template_with_its_name()
    {
        var rfq = TestRfqs.Rfq(subject: "{{Vendor.X}}", text: "{{Rfq.Y}}", html: "{{Contact.Z}}");
        var errors = RfqTemplates.From(rfq).Check(TestRfqs.Vendor());
        Assert.Equal(new[] { "subject", "body", "bodyHtml" }, errors.Select(e => e.TemplateName));
        Assert.Equal(new[] { "Acme Kabel GmbH", null, null }, errors.Select(e => e.Vendor));
    }
}
