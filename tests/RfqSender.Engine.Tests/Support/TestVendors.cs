using RfqSender.Engine.Messages;
using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Tests.Support;

/// <summary>Vendors built in code for tests that are not about vendor input.</summary>
public static class TestVendors
{
    public static Vendor Create(string key, string name, string to, string? cc = null, string[]? categories = null, Dictionary<string, string>? fields = null)
    {
        var contacts = new List<VendorContact> { new(MailboxAddress.Parse(to), ContactRole.To) };
        if (cc is not null)
        {
            contacts.Add(new VendorContact(MailboxAddress.Parse(cc), ContactRole.Cc));
        }

        return new Vendor(
            key,
            name,
            contacts,
            categories ?? Array.Empty<string>(),
            fields ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));
    }

    public static IReadOnlyList<Vendor> Many(int count, string prefix = "v") =>
        Enumerable.Range(1, count)
            .Select(i => Create($"{prefix}{i:D4}", $"Vendor {i}", $"sales{i}@vendor{i}.example", categories: new[] { i % 2 == 0 ? "Cable" : "Fasteners" }))
            .ToList();
}
