using System.Collections;
using System.Globalization;
using System.Management.Automation;
using RfqSender.Engine.Vendors;

namespace RfqSender.PowerShell;

/// <summary>Turns pipeline objects (Import-Csv rows, hashtables, custom objects) into engine vendor records.</summary>
internal static class PSObjectConverter
{
    private const string DeserializedVendor = "Deserialized.RfqSender.Engine.Vendors.Vendor";

    public static VendorRecord ToVendorRecord(PSObject input, string source)
    {
        var fields = new List<KeyValuePair<string, string?>>();
        if (input.TypeNames.Contains(DeserializedVendor))
        {
            // A vendor that went through a job, remoting or Export-/Import-Clixml: its properties are
            // property bags now; the contacts' mailboxes survive as their text.
            fields.Add(Field("Key", ToText(input.Properties["Key"]?.Value)));
            fields.Add(Field("Name", ToText(input.Properties["Name"]?.Value)));
            fields.Add(Field("To", Mailboxes(input.Properties["To"]?.Value)));
            fields.Add(Field("Cc", Mailboxes(input.Properties["Cc"]?.Value)));
            fields.Add(Field("Categories", ToText(input.Properties["Categories"]?.Value)));
            var free = Unwrap(input.Properties["Fields"]?.Value);
            if (free is IDictionary map)
            {
                foreach (DictionaryEntry entry in map)
                {
                    fields.Add(Field(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty, ToText(entry.Value)));
                }
            }
            else if (free is IEnumerable pairs and not string)
            {
                // A read-only dictionary comes back as its key/value pairs.
                foreach (var pair in pairs.Cast<object?>().Where(p => p is not null).Select(p => PSObject.AsPSObject(p!)))
                {
                    if (pair.Properties["Key"]?.Value is { } name)
                    {
                        fields.Add(Field(ToText(name) ?? string.Empty, ToText(pair.Properties["Value"]?.Value)));
                    }
                }
            }

            return new VendorRecord(source, null, fields);
        }

        if (input.BaseObject is IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                fields.Add(new KeyValuePair<string, string?>(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty, ToText(entry.Value)));
            }
        }
        else
        {
            foreach (var property in input.Properties)
            {
                if (property.IsGettable && property.MemberType is PSMemberTypes.NoteProperty or PSMemberTypes.Property or PSMemberTypes.ScriptProperty or PSMemberTypes.AliasProperty)
                {
                    var value = SafeValue(property);
                    if (NestedObjects(value) is { } nested)
                    {
                        // contacts: [ { name, email }, ... ] (ConvertFrom-Json, custom objects): the same
                        // fields as the structured file readers make of them (contacts[0].email).
                        for (var i = 0; i < nested.Count; i++)
                        {
                            foreach (var inner in nested[i].Properties.Where(p => p.IsGettable))
                            {
                                fields.Add(Field($"{property.Name}[{i.ToString(CultureInfo.InvariantCulture)}].{inner.Name}", ToText(SafeValue(inner))));
                            }
                        }

                        continue;
                    }

                    fields.Add(new KeyValuePair<string, string?>(property.Name, ToText(value)));
                }
            }
        }

        return new VendorRecord(source, null, fields);
    }

    private static KeyValuePair<string, string?> Field(string name, string? value) => new(name, value);

    private static object? Unwrap(object? value) => value is PSObject { BaseObject: not PSCustomObject } wrapped ? wrapped.BaseObject : value;

    /// <summary>The elements of a sequence of objects with properties (not of strings or numbers), else null.</summary>
    private static List<PSObject>? NestedObjects(object? value)
    {
        if (Unwrap(value) is not IEnumerable sequence || Unwrap(value) is string or IDictionary)
        {
            return null;
        }

        var items = sequence.Cast<object?>().Where(i => i is not null).Select(i => PSObject.AsPSObject(i!)).ToList();
        return items.Count > 0 && items.All(i => i.BaseObject is PSCustomObject || i.TypeNames.Any(t => t.StartsWith("Deserialized.", StringComparison.Ordinal)))
            ? items
            : null;
    }

    /// <summary>Deserialized contacts as a mailbox list: each keeps its text, <c>cc: Name &lt;a@b&gt;</c> without the role.</summary>
    private static string? Mailboxes(object? value) =>
        Unwrap(value) is IEnumerable sequence and not string
            ? string.Join("; ", sequence.Cast<object?>().Where(i => i is not null).Select(i =>
            {
                var text = i!.ToString() ?? string.Empty;
                return text.StartsWith("cc: ", StringComparison.Ordinal) ? text.Substring(4) : text;
            }))
            : ToText(value);

    private static object? SafeValue(PSPropertyInfo property)
    {
        try
        {
            return property.Value;
        }
        catch (GetValueException)
        {
            return null;
        }
    }

    private static string? ToText(object? value)
    {
        if (value is PSObject wrapped)
        {
            value = wrapped.BaseObject;
        }

        return value switch
        {
            null => null,
            string text => text,
            IEnumerable sequence => string.Join(";", sequence.Cast<object?>().Select(ToText).Where(v => !string.IsNullOrEmpty(v))),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
    }
}
