using System.Text.RegularExpressions;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Templates;

/// <summary>
/// The parsed subject, text body and HTML body templates of an RFQ: parsed once per send, checked
/// against every vendor before the first message, then rendered for each contact.
/// </summary>
public sealed class RfqTemplates
{
    /// <summary>Template name of the subject in messages.</summary>
    public const string SubjectName = "subject";

    /// <summary>Template name of the text body in messages.</summary>
    public const string TextName = "body";

    /// <summary>Template name of the HTML body in messages.</summary>
    public const string HtmlName = "bodyHtml";

    private static readonly Regex LineBreaks = new("[\r\n]+", RegexOptions.CultureInvariant);

    private RfqTemplates(Rfq rfq, MessageTemplate subject, MessageTemplate? text, MessageTemplate? html)
    {
        Rfq = rfq;
        Subject = subject;
        Text = text;
        Html = html;
    }

    /// <summary>The RFQ the templates belong to.</summary>
    public Rfq Rfq { get; }

    /// <summary>The subject template (text mode).</summary>
    public MessageTemplate Subject { get; }

    /// <summary>The plain-text body template, or null.</summary>
    public MessageTemplate? Text { get; }

    /// <summary>The HTML body template, or null.</summary>
    public MessageTemplate? Html { get; }

    /// <summary>Every template that is present: subject, then text, then HTML.</summary>
    public IEnumerable<MessageTemplate> All =>
        new[] { Subject, Text, Html }.Where(t => t is not null).Select(t => t!);

    /// <summary>Parses the templates of an RFQ.</summary>
    /// <exception cref="TemplateException">A template has a syntax error.</exception>
    public static RfqTemplates From(Rfq rfq)
    {
        if (rfq is null)
        {
            throw new ArgumentNullException(nameof(rfq));
        }

        return new RfqTemplates(
            rfq,
            MessageTemplate.Parse(rfq.SubjectTemplate, SubjectName, TemplateMode.Text),
            rfq.BodyTextTemplate is null ? null : MessageTemplate.Parse(rfq.BodyTextTemplate, TextName, TemplateMode.Text),
            rfq.BodyHtmlTemplate is null ? null : MessageTemplate.Parse(rfq.BodyHtmlTemplate, HtmlName, TemplateMode.Html));
    }

    /// <summary>Errors no vendor can fix: unknown <c>Rfq.*</c>, <c>Contact.*</c> or item fields, lists used as values...</summary>
    public IReadOnlyList<TemplateFieldError> CheckRfq() => Check(TemplateContext.ForRfq(Rfq));

    /// <summary>Every field error of the templates for one vendor.</summary>
    public IReadOnlyList<TemplateFieldError> Check(Vendor vendor) => Check(TemplateContext.ForValidation(Rfq, vendor));

    /// <summary>Every field error of the templates for every vendor (RFQ errors once, vendor errors per vendor).</summary>
    public IReadOnlyList<TemplateFieldError> Check(IEnumerable<Vendor> vendors)
    {
        var errors = new List<TemplateFieldError>(CheckRfq());
        foreach (var vendor in vendors)
        {
            errors.AddRange(Check(vendor).Where(e => e.Vendor is not null));
        }

        return errors;
    }

    /// <summary>
    /// Every field tag of the templates (subject, text, HTML) that renders as empty text for this vendor,
    /// without a default; see <see cref="MessageTemplate.FindEmptyFields"/>.
    /// </summary>
    public IReadOnlyList<EmptyFieldFinding> FindEmptyFields(Vendor vendor)
    {
        if (vendor is null)
        {
            throw new ArgumentNullException(nameof(vendor));
        }

        var context = TemplateContext.ForValidation(Rfq, vendor);
        return All.SelectMany(t => t.FindEmptyFields(context)).ToList();
    }

    /// <summary>
    /// The field tags that render as empty text for some of the vendors, one warning per tag with the
    /// vendors concerned, in template order (subject, text, HTML; then line and column). Warnings, not
    /// errors: the messages can be sent. Empty when every field has a value or a default for every vendor.
    /// </summary>
    public IReadOnlyList<EmptyFieldWarning> CheckEmptyFields(IEnumerable<Vendor> vendors)
    {
        if (vendors is null)
        {
            throw new ArgumentNullException(nameof(vendors));
        }

        var templateOrder = All.Select(t => t.Name).ToList();
        var byTag = new Dictionary<(string Template, int Line, int Column), (string Field, List<Vendor> Vendors)>();
        var count = 0;
        foreach (var vendor in vendors)
        {
            count++;
            foreach (var finding in FindEmptyFields(vendor))
            {
                var key = (finding.TemplateName, finding.Line, finding.Column);
                if (!byTag.TryGetValue(key, out var entry))
                {
                    entry = (finding.Field, new List<Vendor>());
                    byTag.Add(key, entry);
                }

                entry.Vendors.Add(vendor);
            }
        }

        return byTag
            .OrderBy(e => templateOrder.IndexOf(e.Key.Template)).ThenBy(e => e.Key.Line).ThenBy(e => e.Key.Column)
            .Select(e => new EmptyFieldWarning(e.Key.Template, e.Key.Line, e.Key.Column, e.Value.Field, e.Value.Vendors, count))
            .ToList();
    }

    /// <summary>Throws when a template uses a field the RFQ or the vendor lacks.</summary>
    /// <exception cref="TemplateFieldException">Lists every error.</exception>
    public void Validate(Vendor vendor) => ThrowIfAny(Check(vendor));

    /// <summary>Throws when a template uses a field the RFQ or any of the vendors lacks.</summary>
    /// <exception cref="TemplateFieldException">Lists every error, naming the vendors.</exception>
    public void Validate(IEnumerable<Vendor> vendors) => ThrowIfAny(Check(vendors));

    /// <summary>Renders the subject; line breaks become single spaces and the ends are trimmed, since a subject is one line.</summary>
    public string RenderSubject(TemplateContext context) =>
        LineBreaks.Replace(Subject.Render(context), " ").Trim();

    /// <summary>Renders the text body, or returns null when the RFQ has none.</summary>
    public string? RenderText(TemplateContext context) => Text?.Render(context);

    /// <summary>Renders the HTML body, or returns null when the RFQ has none.</summary>
    public string? RenderHtml(TemplateContext context) => Html?.Render(context);

    private IReadOnlyList<TemplateFieldError> Check(TemplateContext context) =>
        All.SelectMany(t => t.Check(context)).ToList();

    private static void ThrowIfAny(IReadOnlyList<TemplateFieldError> errors)
    {
        if (errors.Count > 0)
        {
            throw new TemplateFieldException(errors);
        }
    }
}
