using System.Collections;
using System.Globalization;
using System.Management.Automation;
using RfqSender.Engine;
using RfqSender.Engine.Rfqs;

namespace RfqSender.PowerShell;

/// <summary>
/// Lets an RFQ that went through a job, remoting or Export-/Import-Clixml (a property bag of type
/// <c>Deserialized.RfqSender.Engine.Rfqs.Rfq</c>) bind to an <see cref="Rfq"/> parameter: it is
/// built again, with the same validation as New-Rfq. Anything else passes through unchanged.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class DeserializedRfqTransformationAttribute : ArgumentTransformationAttribute
{
    private const string DeserializedRfq = "Deserialized.RfqSender.Engine.Rfqs.Rfq";

    /// <inheritdoc />
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        if (inputData is not PSObject input || !input.TypeNames.Contains(DeserializedRfq))
        {
            return inputData;
        }

        object? Value(PSObject from, string name) => from.Properties[name]?.Value is PSObject { BaseObject: not PSCustomObject } wrapped ? wrapped.BaseObject : from.Properties[name]?.Value;
        string? Text(PSObject from, string name) => Value(from, name) is { } value ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;

        var builder = new RfqBuilder
        {
            Number = Text(input, "Number"),
            Title = Text(input, "Title"),
            DueDate = DueDate(Value(input, "DueDate")),
            From = Text(input, "From"),
            ReplyTo = Text(input, "ReplyTo"),
            Subject = Text(input, "SubjectTemplate"),
            Body = Text(input, "BodyTextTemplate"),
            BodyHtml = Text(input, "BodyHtmlTemplate"),
            Source = Text(input, "Source") ?? "deserialized RFQ",
        };
        foreach (var item in Elements(Value(input, "Items")))
        {
            builder.Items.Add(new Hashtable(StringComparer.OrdinalIgnoreCase)
            {
                ["Part"] = Text(item, "Part"),
                ["Description"] = Text(item, "Description"),
                ["Quantity"] = Value(item, "Quantity"),
                ["Unit"] = Text(item, "Unit"),
            });
        }

        foreach (var attachment in Elements(Value(input, "Attachments")))
        {
            if (Text(attachment, "Path") is { } path)
            {
                builder.Attachments.Add(path);
            }
        }

        var fields = Value(input, "Fields");
        if (fields is IDictionary map)
        {
            foreach (DictionaryEntry entry in map)
            {
                builder.Fields[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = Convert.ToString(entry.Value, CultureInfo.InvariantCulture) ?? string.Empty;
            }
        }
        else
        {
            foreach (var pair in Elements(fields))
            {
                builder.Fields[Text(pair, "Key") ?? string.Empty] = Text(pair, "Value") ?? string.Empty;
            }
        }

        try
        {
            return builder.Build();
        }
        catch (RfqSenderException ex)
        {
            throw new ArgumentTransformationMetadataException($"The deserialized RFQ {Text(input, "Number")} cannot be rebuilt: {ex.Message}", ex);
        }
    }

    private static IEnumerable<PSObject> Elements(object? value) =>
        value is IEnumerable sequence and not string and not IDictionary
            ? sequence.Cast<object?>().Where(e => e is not null).Select(e => PSObject.AsPSObject(e!))
            : Enumerable.Empty<PSObject>();

    /// <summary>A DateTimeOffset comes back as a property bag; its ticks and offset rebuild it exactly.</summary>
    private static object? DueDate(object? value)
    {
        if (value is PSObject bag && bag.Properties["Ticks"]?.Value is { } ticks && bag.Properties["Offset"]?.Value is { } offset)
        {
            var span = offset is PSObject o ? o.BaseObject : offset;
            if (span is TimeSpan zone)
            {
                return new DateTimeOffset(Convert.ToInt64(ticks is PSObject t ? t.BaseObject : ticks, CultureInfo.InvariantCulture), zone);
            }
        }

        return value;
    }
}
