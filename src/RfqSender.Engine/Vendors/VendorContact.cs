using RfqSender.Engine.Messages;

namespace RfqSender.Engine.Vendors;

/// <summary>A person (or shared mailbox) at a vendor who receives the RFQ.</summary>
public sealed class VendorContact
{
    /// <summary>Creates a contact.</summary>
    public VendorContact(MailboxAddress mailbox, ContactRole role)
    {
        Mailbox = mailbox ?? throw new ArgumentNullException(nameof(mailbox));
        Role = role;
    }

    /// <summary>The contact's address and display name.</summary>
    public MailboxAddress Mailbox { get; }

    /// <summary>The contact's name, or null when only an address is known.</summary>
    public string? Name => Mailbox.DisplayName;

    /// <summary>The contact's address (Unicode domain).</summary>
    public string Email => Mailbox.Address;

    /// <summary>To or Cc.</summary>
    public ContactRole Role { get; }

    /// <inheritdoc />
    public override string ToString() => Role == ContactRole.Cc ? "cc: " + Mailbox : Mailbox.ToString();
}
