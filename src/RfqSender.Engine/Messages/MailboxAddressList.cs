namespace RfqSender.Engine.Messages;

/// <summary>Addresses a user gives as a parameter (<c>-Cc a@x.example, b@x.example</c>, <c>--bcc "a@x; b@x"</c>), checked at once.</summary>
public static class MailboxAddressList
{
    /// <summary>Every address of the values (each may hold several, separated by ; or ,); empty for none.</summary>
    /// <exception cref="Settings.SettingsException">A value is not an address; the message names the parameter.</exception>
    public static IReadOnlyList<MailboxAddress> Parse(IEnumerable<string>? values, string parameter)
    {
        var addresses = new List<MailboxAddress>();
        foreach (var text in (values ?? Array.Empty<string>()).SelectMany(v => Vendors.AddressListSplitter.Split(v ?? string.Empty)))
        {
            if (!MailboxAddress.TryParse(text, out var address, out var error))
            {
                throw new Settings.SettingsException(parameter, null, parameter.TrimStart('-'), $"'{text}' is not an e-mail address: {error}");
            }

            if (!addresses.Contains(address))
            {
                addresses.Add(address);
            }
        }

        return addresses;
    }

    /// <summary>One address (a sender).</summary>
    /// <exception cref="Settings.SettingsException">The value is not one address.</exception>
    public static MailboxAddress ParseOne(string value, string parameter) =>
        MailboxAddress.TryParse(value, out var address, out var error)
            ? address
            : throw new Settings.SettingsException(parameter, null, parameter.TrimStart('-'), $"'{value}' is not an e-mail address: {error}");
}
