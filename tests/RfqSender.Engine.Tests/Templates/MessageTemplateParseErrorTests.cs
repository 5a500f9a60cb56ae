using RfqSender.Engine.Templates;

namespace RfqSender.Engine.Tests.Templates;

public class MessageTemplateParseErrorTests
{
    [Theory]
    [InlineData("Hello {{Vendor.Name", 1, 7, "{{Vendor.Name", "is not closed")]
    [InlineData("line one\n  x {{Vendor.Name} y\n", 2, 5, "{{Vendor.Name} y", "is not closed with '}}'")]
    [InlineData("a {{Vendor.{{Name}} b", 1, 3, "{{Vendor.", "is not closed")]
    [InlineData("a\nb\n{{#each Rfq.Items}}{{Part}}", 3, 1, "{{#each Rfq.Items}}", "has no matching '{{/each}}'")]
    [InlineData("{{#each Rfq.Items}}\n  {{#each Vendor.Categories}}x\n{{/each}}", 1, 1, "{{#each Rfq.Items}}", "has no matching '{{/each}}'")]
    [InlineData("ok\r\n  {{/each}}", 2, 3, "{{/each}}", "has no matching '{{#each")]
    [InlineData("x {{}} y", 1, 3, "{{}}", "is empty")]
    [InlineData("x {{   }} y", 1, 3, "{{   }}", "is empty")]
    [InlineData("{{#with Vendor}}x{{/with}}", 1, 1, "{{#with Vendor}}", "unknown block")]
    [InlineData("{{#each Rfq.Items}}x{{/with}}", 1, 21, "{{/with}}", "unknown block end")]
    [InlineData("{{#each}}x{{/each}}", 1, 1, "{{#each}}", "needs a list")]
    [InlineData("\n\n    {{Vendor..Name}}", 3, 5, "{{Vendor..Name}}", "is not a valid field name")]
    [InlineData("{{Vendor Name}}", 1, 1, "{{Vendor Name}}", "is not a valid field name")]
    [InlineData("{{@index}}", 1, 1, "{{@index}}", "only be used inside")]
    [InlineData("{{@position}}", 1, 1, "{{@position}}", "is not a valid field name")]
    [InlineData("{{Rfq.DueDate:}}", 1, 1, "{{Rfq.DueDate:}}", "empty format")]
    [InlineData("x {{{Vendor.Name}} y", 1, 3, "{{{Vendor.Name}} y", "is not closed with '}}}'")]
    public void Syntax_errors_name_template_line_column_and_tag(string text, int line, int column, string tag, string fragment)
    {
        var ex = Assert.Throws<TemplateException>(() => MessageTemplate.Parse(text, "bodyHtml", TemplateMode.Html));
        Assert.Equal("bodyHtml", ex.TemplateName);
        Assert.Equal(line, ex.Line);
        Assert.Equal(column, ex.Column);
        Assert.Equal(tag, ex.Tag);
        Assert.Contains(fragment, ex.Message);
        Assert.StartsWith($"Template 'bodyHtml', line {line}, column {column}: ", ex.Message);
        Assert.IsAssignableFrom<RfqSenderException>(ex);
    }

    [Fact]
    public void Template_name_can_be_a_file_path()
    {
        var ex = Assert.Throws<TemplateException>(() => MessageTemplate.Parse("{{/each}}", "templates/body.html", TemplateMode.Html));
        Assert.Contains("Template 'templates/body.html', line 1, column 1", ex.Message);
    }

    [Fact]
    public void Lone_closing_braces_and_single_braces_are_literal_text()
    {
        var template = MessageTemplate.Parse("a } b }} c { d", "subject", TemplateMode.Text);
        Assert.Equal("a } b }} c { d", template.Render(TemplateContext.ForRfq(Rfqs.TestRfqs.Rfq())));
    }
}
