using System.Reflection;

namespace RfqSender.Module.Tests;

/// <summary>One cmdlet parameter as declared in metadata (all its [Parameter] attributes merged).</summary>
internal sealed class ParameterInfo
{
    public ParameterInfo(PropertyInfo property, IList<CustomAttributeData> attributes)
    {
        Name = property.Name;
        PropertyType = property.PropertyType;
        var parameters = attributes.Where(a => a.AttributeType.Name == "ParameterAttribute").ToList();
        bool Flag(string name) => parameters.Any(p => p.NamedArguments.Any(n => n.MemberName == name && (bool)n.TypedValue.Value!));
        ValueFromPipeline = Flag("ValueFromPipeline");
        ValueFromPipelineByPropertyName = Flag("ValueFromPipelineByPropertyName");
        Mandatory = Flag("Mandatory");
        Aliases = attributes.Where(a => a.AttributeType.Name == "AliasAttribute")
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(arg => arg.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(m => (string)m.Value!) : new[] { (string)arg.Value! })
            .ToList();
    }

    public string Name { get; }

    public Type PropertyType { get; }

    public bool ValueFromPipeline { get; }

    public bool ValueFromPipelineByPropertyName { get; }

    public bool Mandatory { get; }

    public IReadOnlyList<string> Aliases { get; }
}
