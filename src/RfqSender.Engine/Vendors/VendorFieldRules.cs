using System.Globalization;

namespace RfqSender.Engine.Vendors;

/// <summary>
/// What a vendor's values may hold, checked when they are read (from a file or the pipeline), so a
/// value the message writer would refuse, or a terminal would obey, never reaches the store: names,
/// keys, contact names and categories are one line of printable text; other fields may hold line
/// breaks and tabs; every value has a length limit.
/// </summary>
public static class VendorFieldRules
{
    /// <summary>The longest vendor name.</summary>
    public const int MaxNameLength = 256;

    /// <summary>The longest vendor key.</summary>
    public const int MaxKeyLength = 200;

    /// <summary>The longest contact (display) name.</summary>
    public const int MaxContactNameLength = 256;

    /// <summary>The longest category.</summary>
    public const int MaxCategoryLength = 128;

    /// <summary>The longest column name of an extra field.</summary>
    public const int MaxFieldNameLength = 128;

    /// <summary>The longest value of an extra field (<c>{{Vendor.Region}}</c>).</summary>
    public const int MaxFieldValueLength = 10000;

    /// <summary>Why a one-line value is not acceptable, or null when it is.</summary>
    public static string? CheckLine(string value, int maxLength) => Check(value, maxLength, singleLine: true);

    /// <summary>Why a value that may span lines is not acceptable, or null when it is.</summary>
    public static string? CheckText(string value, int maxLength) => Check(value, maxLength, singleLine: false);

    private static string? Check(string value, int maxLength, bool singleLine)
    {
        if (value.Length > maxLength)
        {
            return $"the value is {value.Length.ToString("N0", CultureInfo.InvariantCulture)} characters long; at most {maxLength.ToString("N0", CultureInfo.InvariantCulture)} are allowed";
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var allowed = !singleLine && (c == '\n' || c == '\r' || c == '\t');
            if (!allowed && (char.IsControl(c) || c == '\u2028' || c == '\u2029'))
            {
                var what = c is '\r' or '\n' or '\u2028' or '\u2029' ? "a line break" : c == '\u001b' ? "a terminal escape character" : "a control character";
                return $"the value contains {what} (U+{((int)c).ToString("X4", CultureInfo.InvariantCulture)} at position {(i + 1).ToString(CultureInfo.InvariantCulture)})"
                    + (singleLine ? "; it must be one line of printable text" : "; only line breaks and tabs are allowed");
            }
        }

        return null;
    }
}
