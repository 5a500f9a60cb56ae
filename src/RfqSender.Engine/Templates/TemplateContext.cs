using System.Runtime.CompilerServices;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Templates;

/// <summary>
/// What a template sees when it is rendered for one contact of one vendor:
/// <c>Rfq.*</c> (Number, Title, DueDate, Items, From, FromName, FromEmail, ReplyTo, ReplyToEmail (where replies
/// go: ReplyTo, else From), Attachments (file names) and
/// the extra keys of the RFQ), <c>Vendor.*</c> (Name, Key, Categories and every extra column),
/// <c>Contact.*</c> (Name, Email) and <c>Delivery.*</c> (Reference: the delivery's signed reference
/// token, which a reply quoting the subject carries back; empty where there is no delivery yet, as
/// in a preview or a test send).
/// </summary>
public sealed class TemplateContext
{
    internal const string VendorLabel = "Vendor";

    // What a check sees for {{Delivery.Reference}}: every delivery that is sent has one, so it is never reported as empty.
    private const string SampleReference = "RFQ-1-000000";

    private static readonly ConditionalWeakTable<Rfq, TemplateValue> RfqValues = new();

    private static readonly TemplateValue ItemShape = ItemValue(new LineItem(string.Empty, null, 0m, null));

    private TemplateContext(Rfq rfq, Vendor? vendor, VendorContact? contact, TemplateValue root)
    {
        Rfq = rfq;
        Vendor = vendor;
        Contact = contact;
        Root = root;
    }

    /// <summary>The RFQ.</summary>
    public Rfq Rfq { get; }

    /// <summary>The vendor, or null for a context that checks only the RFQ's own fields.</summary>
    public Vendor? Vendor { get; }

    /// <summary>The contact the message is written to, or null for a validation context.</summary>
    public VendorContact? Contact { get; }

    internal TemplateValue Root { get; }

    internal string? VendorName => Vendor?.Name;

    internal string? VendorDisplay => Vendor?.ToString();

    /// <summary>The context for rendering a message to one contact of a vendor; <paramref name="reference"/> is its delivery's token, or null when it has none.</summary>
    public static TemplateContext For(Rfq rfq, Vendor vendor, VendorContact contact, string? reference = null)
    {
        if (rfq is null)
        {
            throw new ArgumentNullException(nameof(rfq));
        }

        if (vendor is null)
        {
            throw new ArgumentNullException(nameof(vendor));
        }

        if (contact is null)
        {
            throw new ArgumentNullException(nameof(contact));
        }

        return new TemplateContext(rfq, vendor, contact, BuildRoot(RfqValue(rfq), VendorValue(vendor), ContactValue(contact.Name, contact.Email), DeliveryValue(reference)));
    }

    /// <summary>
    /// The context for checking templates against a vendor before sending: the vendor's fields, and
    /// its first To contact (every contact has the same fields).
    /// </summary>
    public static TemplateContext ForValidation(Rfq rfq, Vendor vendor)
    {
        if (rfq is null)
        {
            throw new ArgumentNullException(nameof(rfq));
        }

        if (vendor is null)
        {
            throw new ArgumentNullException(nameof(vendor));
        }

        var contact = vendor.To.FirstOrDefault() ?? vendor.Contacts.FirstOrDefault();
        return new TemplateContext(rfq, vendor, contact, BuildRoot(RfqValue(rfq), VendorValue(vendor), ContactValue(contact?.Name, contact?.Email), DeliveryValue(SampleReference)));
    }

    /// <summary>
    /// A context that knows the RFQ but no vendor: every <c>Vendor.*</c> field is accepted (as empty
    /// text), so <see cref="MessageTemplate.Check"/> reports only errors that no vendor can fix.
    /// </summary>
    public static TemplateContext ForRfq(Rfq rfq)
    {
        if (rfq is null)
        {
            throw new ArgumentNullException(nameof(rfq));
        }

        var anyVendor = TemplateValue.Record(
            VendorLabel,
            new[] { Scalar("Name", string.Empty), Scalar("Key", string.Empty), Member("Categories", ScalarList(Array.Empty<string>())) },
            isOpen: true);
        return new TemplateContext(rfq, null, null, BuildRoot(RfqValue(rfq), anyVendor, ContactValue(null, null), DeliveryValue(SampleReference)));
    }

    private static TemplateValue BuildRoot(TemplateValue rfq, TemplateValue vendor, TemplateValue contact, TemplateValue delivery) =>
        TemplateValue.Record("template", new[]
        {
            Member("Rfq", rfq),
            Member(VendorLabel, vendor),
            Member("Contact", contact),
            Member("Delivery", delivery),
        });

    private static TemplateValue DeliveryValue(string? reference) =>
        TemplateValue.Record("Delivery", new[] { Scalar("Reference", reference ?? string.Empty) });

    private static TemplateValue RfqValue(Rfq rfq) => RfqValues.GetValue(rfq, BuildRfqValue);

    private static TemplateValue BuildRfqValue(Rfq rfq)
    {
        var members = new List<KeyValuePair<string, TemplateValue>>
        {
            Scalar("Number", rfq.Number),
            Scalar("Title", rfq.Title),
            Scalar("DueDate", rfq.DueDate),
            Member("Items", TemplateValue.List(rfq.Items.Select(ItemValue).ToList(), ItemShape)),
            Scalar("From", rfq.From.ToString()),
            Scalar("FromName", rfq.From.DisplayName ?? string.Empty),
            Scalar("FromEmail", rfq.From.Address),
            Scalar("ReplyTo", rfq.ReplyTo?.ToString() ?? string.Empty),
            Scalar("ReplyToEmail", (rfq.ReplyTo ?? rfq.From).Address),
            Member("Attachments", ScalarList(rfq.Attachments.Select(a => a.FileName))),
        };
        members.AddRange(rfq.Fields.Select(f => Scalar(f.Key, f.Value)));
        return TemplateValue.Record("Rfq", members);
    }

    private static TemplateValue ItemValue(LineItem item) =>
        TemplateValue.Record("item", new[]
        {
            Scalar("Part", item.Part),
            Scalar("Description", item.Description),
            Scalar("Quantity", item.Quantity),
            Scalar("Unit", item.Unit),
        });

    private static TemplateValue VendorValue(Vendor vendor)
    {
        var members = new List<KeyValuePair<string, TemplateValue>>
        {
            Scalar("Name", vendor.Name),
            Scalar("Key", vendor.Key),
            Member("Categories", ScalarList(vendor.Categories)),
        };
        members.AddRange(vendor.Fields.Select(f => Scalar(f.Key, f.Value ?? string.Empty)));
        return TemplateValue.Record(VendorLabel, members);
    }

    private static TemplateValue ContactValue(string? name, string? email) =>
        TemplateValue.Record("Contact", new[]
        {
            Scalar("Name", name ?? string.Empty),
            Scalar("Email", email ?? string.Empty),
        });

    private static TemplateValue ScalarList(IEnumerable<string> values) =>
        TemplateValue.List(values.Select(v => TemplateValue.FromScalar(v)).ToList(), TemplateValue.Empty);

    private static KeyValuePair<string, TemplateValue> Scalar(string name, object? value) => Member(name, TemplateValue.FromScalar(value));

    private static KeyValuePair<string, TemplateValue> Member(string name, TemplateValue value) => new(name, value);
}
