using System.Text.RegularExpressions;
using RfqSender.Engine.Messages;

namespace RfqSender.Engine.Vendors;

/// <summary>
/// Turns raw <see cref="VendorRecord"/>s into validated <see cref="Vendor"/>s: matches column
/// names loosely, parses and validates addresses, splits categories, derives keys and merges
/// duplicates. Every error of every record is reported, never just the first.
/// </summary>
/// <remarks>
/// Columns (matched ignoring case, spaces, <c>-</c>, <c>_</c> and <c>.</c>):
/// name (Name, Vendor, Company, Supplier, ... Name), key (Key, Id, VendorId, VendorKey, SupplierId, ...),
/// To addresses (Email, E-mail, Mail, EmailAddress, Contacts, To, Email 2, ...), Cc addresses
/// (Cc, CcEmail, Copy, ...), display name of the first To contact (Contact, ContactName, ...),
/// categories (Category, Categories, Group, Groups, Tag, Tags, ...). Address cells may hold several
/// mailboxes separated by <c>;</c> or <c>,</c> (<c>"Berg, Anna &lt;anna@x.example&gt;"</c> stays whole);
/// category cells are split on <c>;</c>, <c>,</c> and <c>|</c>. Nested contacts
/// (<c>contacts[0].email</c>, <c>contacts[0].name</c>, <c>contacts[0].cc</c> or <c>.role</c>) come
/// from YAML and JSON lists of contact maps. Every other column becomes a free field of the vendor.
/// Without a key column the key is <see cref="VendorKey.FromName"/> of the name.
/// </remarks>
public static class VendorRecordMapper
{
    private static readonly Regex GroupField = new(
        @"^(?<prefix>[^\[\].]+?)\s*(?<index>\[\d+\])?\.(?<property>[^\[\].]+)$",
        RegexOptions.CultureInvariant);

    private static readonly char[] CategorySeparators = { ';', ',', '|', '\r', '\n' };

    /// <summary>
    /// Maps every record, merges duplicates (see <see cref="VendorListBuilder"/>), applies the
    /// category filter of <paramref name="options"/> and returns the vendors with every error.
    /// When no record has a name column or none has an address column, the result holds one
    /// error saying so instead of one per record.
    /// </summary>
    public static VendorReadResult Map(IEnumerable<VendorRecord> records, VendorReadOptions? options = null)
    {
        if (records is null)
        {
            throw new ArgumentNullException(nameof(records));
        }

        return MapRead(records.ToList(), options, Array.Empty<VendorInputError>(), headerLine: null);
    }

    private static bool IsHeader(string? header, string name) => string.Equals(header?.Trim(), name, StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<KeyValuePair<string, string>> ExportedFields(string value)
    {
        foreach (var part in value.Split(new[] { "; " }, StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            if (equals > 0)
            {
                yield return new KeyValuePair<string, string>(part.Substring(0, equals).Trim(), part.Substring(equals + 1).Trim());
            }
        }
    }

    /// <summary>
    /// Maps one record to a vendor, or to every error that prevents it (missing name, invalid
    /// address with the field as written, no To address, ...). Merging is up to the caller:
    /// <see cref="Map"/> or <see cref="VendorListBuilder"/>.
    /// </summary>
    public static VendorMappingResult MapOne(VendorRecord record)
    {
        if (record is null)
        {
            throw new ArgumentNullException(nameof(record));
        }

        string? name = null;
        string? nameHeader = null;
        string? key = null;
        string? contactName = null;
        string? emailHeader = null;
        var toTexts = new List<(string Field, string Text)>();
        var ccTexts = new List<(string Field, string Text)>();
        var categories = new List<string>();
        var freeFields = new List<KeyValuePair<string, string>>();
        var groups = new List<VendorContactGroup>();

        // A vendor list exported from RfqSender's own objects (Get-RfqVendor | Export-Csv) has To
        // and Cc columns and a Contacts column that repeats them all, and its free fields in one
        // Fields column ("Country=DE; Region=EU"): read it back as the vendors it came from.
        var exported = record.Fields.Any(f => IsHeader(f.Key, "To")) && record.Fields.Any(f => IsHeader(f.Key, "Contacts"));

        foreach (var pair in record.Fields)
        {
            var header = pair.Key ?? string.Empty;
            var value = pair.Value?.Trim() ?? string.Empty;
            if (exported && IsHeader(header, "Contacts"))
            {
                continue;
            }

            if (exported && IsHeader(header, "Fields"))
            {
                freeFields.AddRange(ExportedFields(value));
                continue;
            }

            var match = GroupField.Match(header);
            if (match.Success)
            {
                var id = match.Groups["prefix"].Value + match.Groups["index"].Value;
                var group = groups.FirstOrDefault(g => g.Id == id);
                if (group is null)
                {
                    group = new VendorContactGroup(id, match.Groups["prefix"].Value);
                    groups.Add(group);
                }

                group.Fields.Add((header, match.Groups["property"].Value, value));
                continue;
            }

            switch (VendorColumns.Classify(header))
            {
                case VendorColumn.Name:
                    nameHeader ??= header;
                    if (name is null && value.Length > 0)
                    {
                        name = value;
                    }

                    break;
                case VendorColumn.Key:
                    if (key is null && value.Length > 0)
                    {
                        key = value;
                    }

                    break;
                case VendorColumn.Email:
                    emailHeader ??= header;
                    toTexts.AddRange(AddressListSplitter.Split(value).Select(t => (header, t)));
                    break;
                case VendorColumn.Cc:
                    ccTexts.AddRange(AddressListSplitter.Split(value).Select(t => (header, t)));
                    break;
                case VendorColumn.ContactName:
                    if (contactName is null && value.Length > 0)
                    {
                        contactName = value;
                    }

                    break;
                case VendorColumn.Category:
                    categories.AddRange(value.Split(CategorySeparators).Select(c => c.Trim()).Where(c => c.Length > 0));
                    break;
                default:
                    freeFields.Add(new KeyValuePair<string, string>(header, value));
                    break;
            }
        }

        var errors = new List<VendorInputError>();
        VendorInputError Error(string field, string message) => new(record.Source, record.Line, field, name, message);
        void Check(string field, string? value, string? problem)
        {
            if (value is not null && problem is not null)
            {
                errors.Add(Error(field, problem));
            }
        }

        // Every value is checked as the message writer would: a line break in a name or a contact name
        // (a header injection attempt, or a careless export) is refused here, before it is registered.
        // An unacceptable name is not quoted in the other errors of the record.
        var nameProblem = name is null ? null : VendorFieldRules.CheckLine(name, VendorFieldRules.MaxNameLength);
        if (nameProblem is not null)
        {
            name = null;
        }

        Check(HeaderOf(record, VendorColumn.Key) ?? "Key", key, key is null ? null : VendorFieldRules.CheckLine(key, VendorFieldRules.MaxKeyLength));
        if (contactName is not null && VendorFieldRules.CheckLine(contactName, VendorFieldRules.MaxContactNameLength) is { } contactProblem)
        {
            errors.Add(Error(HeaderOf(record, VendorColumn.ContactName) ?? "Contact", contactProblem));
            contactName = null;
        }
        foreach (var category in categories)
        {
            Check(HeaderOf(record, VendorColumn.Category) ?? "Category", category, VendorFieldRules.CheckLine(category, VendorFieldRules.MaxCategoryLength));
        }

        foreach (var field in freeFields)
        {
            Check(field.Key, field.Key, VendorFieldRules.CheckLine(field.Key, VendorFieldRules.MaxFieldNameLength));
            Check(field.Key, field.Value, VendorFieldRules.CheckText(field.Value, VendorFieldRules.MaxFieldValueLength));
        }

        if (nameProblem is not null)
        {
            errors.Add(Error(nameHeader ?? "Name", nameProblem));
        }
        else if (name is null)
        {
            errors.Add(Error(
                nameHeader ?? "Name",
                nameHeader is null
                    ? $"the vendor has no name; add a column named one of: {VendorColumns.NameAliasesText}"
                    : "the vendor name is empty"));
        }

        var contacts = new List<VendorContact>();
        var invalidTo = false;
        foreach (var (field, text) in toTexts)
        {
            if (TryParse(field, text, errors, Error, out var mailbox))
            {
                if (contactName is not null && mailbox.DisplayName is null && !contacts.Any(c => c.Role == ContactRole.To))
                {
                    mailbox = mailbox.WithDisplayName(contactName);
                }

                contacts.Add(new VendorContact(mailbox, ContactRole.To));
            }
            else
            {
                invalidTo = true;
            }
        }

        foreach (var (field, text) in ccTexts)
        {
            if (TryParse(field, text, errors, Error, out var mailbox))
            {
                contacts.Add(new VendorContact(mailbox, ContactRole.Cc));
            }
        }

        foreach (var group in groups)
        {
            if (group.IsContact)
            {
                invalidTo |= AddGroupContacts(group, contacts, errors, Error);
            }
            else
            {
                freeFields.AddRange(group.Fields.Select(f => new KeyValuePair<string, string>(f.Field, f.Value)));
            }
        }

        if (!invalidTo && !contacts.Any(c => c.Role == ContactRole.To))
        {
            var message = emailHeader is null && !groups.Any(g => g.IsContact)
                ? $"the vendor has no e-mail address; add a column named one of: {VendorColumns.EmailAliasesText}"
                : contacts.Count > 0 ? "the vendor has only Cc addresses; at least one To address is needed" : "the e-mail address is empty";
            errors.Add(Error(emailHeader ?? "Email", message));
        }

        if (errors.Count > 0)
        {
            return new VendorMappingResult(null, errors);
        }

        var accumulator = new VendorAccumulator(key ?? VendorKey.FromName(name!), name!, record.Location);
        contacts.ForEach(accumulator.AddContact);
        categories.ForEach(accumulator.AddCategory);
        freeFields.ForEach(f => accumulator.AddField(f.Key, f.Value));
        return new VendorMappingResult(accumulator.ToVendor(), errors);
    }

    /// <summary>Maps records already read, after structural errors found by a reader.</summary>
    internal static VendorReadResult MapRead(
        IReadOnlyList<VendorRecord> records,
        VendorReadOptions? options,
        IReadOnlyList<VendorInputError> priorErrors,
        int? headerLine)
    {
        var builder = new VendorListBuilder(options);
        foreach (var error in priorErrors)
        {
            builder.AddError(error);
        }

        var missing = FindMissingColumns(records, headerLine);
        if (missing is not null)
        {
            builder.AddError(missing);
            return builder.Build();
        }

        foreach (var record in records)
        {
            builder.Add(record);
        }

        return builder.Build();
    }

    internal static VendorInputError? FindMissingColumns(IReadOnlyList<VendorRecord> records, int? headerLine)
    {
        if (records.Count == 0)
        {
            return null;
        }

        var headers = records.SelectMany(r => r.Fields.Select(f => f.Key ?? string.Empty))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        var columns = headers.Select(h => GroupField.Match(h) is { Success: true } m
                ? VendorColumns.IsContactListPrefix(m.Groups["prefix"].Value) || VendorColumns.Classify(m.Groups["property"].Value) == VendorColumn.Email
                    ? VendorColumn.Email
                    : VendorColumn.Unknown
                : VendorColumns.Classify(h))
            .ToList();
        var hasName = columns.Contains(VendorColumn.Name);
        var hasEmail = columns.Contains(VendorColumn.Email);
        if (hasName && hasEmail)
        {
            return null;
        }

        var what = !hasName && !hasEmail ? "no vendor name column and no e-mail address column"
            : !hasName ? "no vendor name column" : "no e-mail address column";
        var accepted = new List<string>();
        if (!hasName)
        {
            accepted.Add("for the name: " + VendorColumns.NameAliasesText);
        }

        if (!hasEmail)
        {
            accepted.Add("for addresses: " + VendorColumns.EmailAliasesText);
        }

        var found = headers.Count == 0 ? "(none)" : string.Join(", ", headers.Take(30).Select(h => "'" + h + "'"));
        var message = $"found {what}. Columns found: {found}. Accepted names {string.Join("; ", accepted)}.";
        return new VendorInputError(records[0].Source, headerLine ?? records[0].Line, null, null, message);
    }

    /// <summary>The first column of the record that holds this kind of value, as written.</summary>
    private static string? HeaderOf(VendorRecord record, VendorColumn column) =>
        record.Fields.Select(f => f.Key).FirstOrDefault(h => h is not null && VendorColumns.Classify(h) == column);

    private static bool TryParse(
        string field,
        string text,
        List<VendorInputError> errors,
        Func<string, string, VendorInputError> error,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MailboxAddress? mailbox)
    {
        if (MailboxAddress.TryParse(text, out mailbox, out var message))
        {
            return true;
        }

        errors.Add(error(field, message));
        return false;
    }

    /// <summary>Adds the contacts of a nested contact map; returns true when one of its To addresses was invalid.</summary>
    private static bool AddGroupContacts(
        VendorContactGroup group,
        List<VendorContact> contacts,
        List<VendorInputError> errors,
        Func<string, string, VendorInputError> error)
    {
        string? displayName = null;
        var role = ContactRole.To;
        var addresses = new List<(string Field, string Text)>();
        var ccAddresses = new List<(string Field, string Text)>();
        foreach (var (field, property, value) in group.Fields)
        {
            var column = VendorColumns.Classify(property);
            if (column == VendorColumn.Email)
            {
                addresses.AddRange(AddressListSplitter.Split(value).Select(t => (field, t)));
            }
            else if (VendorColumns.IsContactNameProperty(property))
            {
                if (value.Length > 0 && VendorFieldRules.CheckLine(value, VendorFieldRules.MaxContactNameLength) is { } problem)
                {
                    errors.Add(error(field, problem));
                }
                else
                {
                    displayName ??= value.Length > 0 ? value : null;
                }
            }
            else if (column == VendorColumn.Cc)
            {
                if (TryParseFlag(value, out var isCc))
                {
                    role = isCc ? ContactRole.Cc : role;
                }
                else
                {
                    ccAddresses.AddRange(AddressListSplitter.Split(value).Select(t => (field, t)));
                }
            }
            else if (VendorColumns.IsContactRoleProperty(property))
            {
                if (string.Equals(value, "cc", StringComparison.OrdinalIgnoreCase))
                {
                    role = ContactRole.Cc;
                }
                else if (!string.Equals(value, "to", StringComparison.OrdinalIgnoreCase) && value.Length > 0)
                {
                    errors.Add(error(field, $"the role '{value}' is neither To nor Cc"));
                }
            }
        }

        if (addresses.Count == 0 && ccAddresses.Count == 0)
        {
            errors.Add(error(group.Id, "the contact has no e-mail address"));
            return false;
        }

        var invalid = false;
        var first = true;
        foreach (var (field, text) in addresses)
        {
            if (TryParse(field, text, errors, error, out var mailbox))
            {
                if (first && displayName is not null && mailbox.DisplayName is null)
                {
                    mailbox = mailbox.WithDisplayName(displayName);
                }

                contacts.Add(new VendorContact(mailbox, role));
            }
            else
            {
                invalid |= role == ContactRole.To;
            }

            first = false;
        }

        foreach (var (field, text) in ccAddresses)
        {
            if (TryParse(field, text, errors, error, out var mailbox))
            {
                contacts.Add(new VendorContact(mailbox, ContactRole.Cc));
            }
        }

        return invalid;
    }

    private static bool TryParseFlag(string value, out bool flag)
    {
        switch (value.Trim().ToLowerInvariant())
        {
            case "true":
            case "yes":
            case "y":
            case "x":
            case "1":
                flag = true;
                return true;
            case "false":
            case "no":
            case "n":
            case "0":
            case "":
                flag = false;
                return true;
            default:
                flag = false;
                return false;
        }
    }
}
