using System.Collections;

namespace RfqSender.Engine.Vendors;

/// <summary>
/// The contacts of a vendor as a read-only list whose text is the mailbox list
/// (<c>Anna Berg &lt;anna@x.example&gt;; sales@x.example</c>), so that Export-Csv, string
/// conversion and views show the addresses, not a type name, and a vendor file reads them back.
/// </summary>
public sealed class VendorContactList : IReadOnlyList<VendorContact>
{
    private readonly IReadOnlyList<VendorContact> _contacts;

    /// <summary>Wraps the contacts, in order.</summary>
    public VendorContactList(IEnumerable<VendorContact> contacts) =>
        _contacts = (contacts ?? throw new ArgumentNullException(nameof(contacts))).ToList();

    /// <inheritdoc />
    public int Count => _contacts.Count;

    /// <inheritdoc />
    public VendorContact this[int index] => _contacts[index];

    /// <inheritdoc />
    public IEnumerator<VendorContact> GetEnumerator() => _contacts.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The mailboxes, separated by <c>"; "</c>.</summary>
    public override string ToString() => string.Join("; ", _contacts.Select(c => c.Mailbox.ToString()));
}
