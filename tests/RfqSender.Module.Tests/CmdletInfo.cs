using System.Reflection;

namespace RfqSender.Module.Tests;

/// <summary>What the metadata says about one cmdlet class.</summary>
internal sealed class CmdletInfo
{
    public CmdletInfo(Type type)
    {
        Type = type;
        var cmdlet = type.GetCustomAttributesData().Single(a => a.AttributeType.Name == "CmdletAttribute");
        Verb = (string)cmdlet.ConstructorArguments[0].Value!;
        Noun = (string)cmdlet.ConstructorArguments[1].Value!;
        SupportsShouldProcess = cmdlet.NamedArguments.Any(n => n.MemberName == "SupportsShouldProcess" && (bool)n.TypedValue.Value!);
        DefaultParameterSetName = cmdlet.NamedArguments.Where(n => n.MemberName == "DefaultParameterSetName").Select(n => n.TypedValue.Value as string).FirstOrDefault();
        OutputTypes = type.GetCustomAttributesData()
            .Where(a => a.AttributeType.Name == "OutputTypeAttribute")
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(arg => arg.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(m => m.Value) : new[] { arg.Value })
            .OfType<Type>()
            .ToList();
        Parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => new { Property = p, Attributes = p.GetCustomAttributesData() })
            .Where(p => p.Attributes.Any(a => a.AttributeType.Name == "ParameterAttribute"))
            .Select(p => new ParameterInfo(p.Property, p.Attributes))
            .ToList();
    }

    public Type Type { get; }

    public string Verb { get; }

    public string Noun { get; }

    public string Name => $"{Verb}-{Noun}";

    public bool SupportsShouldProcess { get; }

    /// <summary>The default parameter set; it may be one no parameter names (only the shared parameters).</summary>
    public string? DefaultParameterSetName { get; }

    public IReadOnlyList<Type> OutputTypes { get; }

    public IReadOnlyList<ParameterInfo> Parameters { get; }

    public ParameterInfo Parameter(string name) => Parameters.Single(p => p.Name == name);

    public override string ToString() => Name;
}
