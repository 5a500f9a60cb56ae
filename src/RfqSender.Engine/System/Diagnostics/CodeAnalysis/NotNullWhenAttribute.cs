#if NETSTANDARD2_0
namespace System.Diagnostics.CodeAnalysis;

/// <summary>Nullable-analysis attribute that netstandard2.0 lacks.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
internal sealed class NotNullWhenAttribute : Attribute
{
    public NotNullWhenAttribute(bool returnValue) => ReturnValue = returnValue;

    public bool ReturnValue { get; }
}
#endif
