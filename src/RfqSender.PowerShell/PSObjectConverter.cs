using System.Collections;
using System.Globalization;
using System.Management.Automation;
using RfqSender.Engine.Vendors;

namespace RfqSender.PowerShell;

/// <summary>Turns pipeline objects (Import-Csv rows, hashtables, custom objects) into engine vendor records.</summary>
internal static class PSObjectConverter
{
    public static VendorRecord ToVendorRecord(PSObject input, string source)
    {
        var fields = new List<KeyValuePair<string, string?>>();
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
                    fields.Add(new KeyValuePair<string, string?>(property.Name, ToText(SafeValue(property))));
                }
            }
        }

        return new VendorRecord(source, null, fields);
    }

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
