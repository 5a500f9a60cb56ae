using System.Globalization;

namespace RfqSender.Engine.Templates;

/// <summary>
/// The data a template sees: scalars (text, numbers, dates), records of named fields and lists.
/// A list carries the shape of its elements so an <c>{{#each}}</c> body can be checked even when the
/// list is empty.
/// </summary>
internal sealed class TemplateValue
{
    public const string DefaultDateFormat = "yyyy-MM-dd HH:mm zzz";
    public const string DefaultDecimalFormat = "0.############################";

    private static readonly IReadOnlyList<string> NoNames = Array.Empty<string>();

    private readonly Dictionary<string, TemplateValue>? _members;

    private TemplateValue(
        TemplateValueKind kind,
        object? scalar,
        string label,
        Dictionary<string, TemplateValue>? members,
        IReadOnlyList<string> memberNames,
        IReadOnlyList<TemplateValue>? items,
        TemplateValue? elementShape,
        bool isOpen)
    {
        Kind = kind;
        Scalar = scalar;
        Label = label;
        _members = members;
        MemberNames = memberNames;
        Items = items ?? Array.Empty<TemplateValue>();
        ElementShape = elementShape;
        IsOpen = isOpen;
    }

    public static TemplateValue Empty { get; } = FromScalar(string.Empty);

    public TemplateValueKind Kind { get; }

    public object? Scalar { get; }

    /// <summary>Name of a record used in messages, e.g. <c>Vendor</c> or <c>item</c>.</summary>
    public string Label { get; }

    public IReadOnlyList<string> MemberNames { get; }

    public IReadOnlyList<TemplateValue> Items { get; }

    public TemplateValue? ElementShape { get; }

    /// <summary>An open record accepts any member name (as empty text): used to check the Rfq fields of a template before the vendors are known.</summary>
    public bool IsOpen { get; }

    public static TemplateValue FromScalar(object? value) =>
        new(TemplateValueKind.Scalar, value, string.Empty, null, NoNames, null, null, false);

    /// <summary>Builds a record; when a name occurs twice the first one wins, so built-in fields shadow free ones.</summary>
    public static TemplateValue Record(string label, IEnumerable<KeyValuePair<string, TemplateValue>> members, bool isOpen = false)
    {
        var map = new Dictionary<string, TemplateValue>(StringComparer.OrdinalIgnoreCase);
        var names = new List<string>();
        foreach (var member in members)
        {
            if (!map.ContainsKey(member.Key))
            {
                map.Add(member.Key, member.Value);
                names.Add(member.Key);
            }
        }

        return new TemplateValue(TemplateValueKind.Record, null, label, map, names, null, null, isOpen);
    }

    public static TemplateValue List(IReadOnlyList<TemplateValue> items, TemplateValue elementShape) =>
        new(TemplateValueKind.List, null, string.Empty, null, NoNames, items, elementShape, false);

    public static string Format(object? value, string? format) => value switch
    {
        null => string.Empty,
        string text => text,
        DateTimeOffset date => date.ToString(format ?? DefaultDateFormat, CultureInfo.InvariantCulture),
        DateTime date => date.ToString(format ?? DefaultDateFormat, CultureInfo.InvariantCulture),
        decimal number => number.ToString(format ?? DefaultDecimalFormat, CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(format, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    public bool TryGetMember(string name, out TemplateValue value)
    {
        if (_members is not null && _members.TryGetValue(name, out var found))
        {
            value = found;
            return true;
        }

        if (IsOpen)
        {
            value = Empty;
            return true;
        }

        value = Empty;
        return false;
    }

    /// <summary>Text of a scalar, or of a list of scalars joined with commas.</summary>
    public string ToText(string? format)
    {
        if (Kind == TemplateValueKind.List)
        {
            return string.Join(", ", Items.Select(i => i.ToText(format)));
        }

        return Format(Scalar, format);
    }
}
