using System.Reflection;
using RfqSender.Engine.Documents.QuoteSheets;

namespace RfqSender.Engine.Tests.Documents.QuoteSheets;

/// <summary>The quote sheet API shows only BCL and engine types, never the Open XML SDK's (DESIGN.md: the module loads the engine in its own context).</summary>
public sealed class QuoteSheetApiTests
{
    [Fact]
    public void Public_signatures_use_only_bcl_and_engine_types()
    {
        var engine = typeof(QuoteSheetReader).Assembly;
        var types = engine.GetExportedTypes().Where(t => t.Namespace == typeof(QuoteSheetReader).Namespace).ToList();
        var used = new List<(string Member, Type Type)>();
        foreach (var type in types)
        {
            foreach (var member in type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                var signature = member switch
                {
                    MethodBase m => m.GetParameters().Select(p => p.ParameterType).Concat(m is MethodInfo mi ? new[] { mi.ReturnType } : Array.Empty<Type>()),
                    PropertyInfo p => new[] { p.PropertyType },
                    FieldInfo f => new[] { f.FieldType },
                    _ => Array.Empty<Type>(),
                };
                used.AddRange(signature.SelectMany(Flatten).Select(t => (type.Name + "." + member.Name, t)));
            }
        }

        Assert.Contains(types, t => t == typeof(QuoteSheetWriter));
        var foreign = used
            .Where(u => u.Type.Assembly != engine && u.Type.Assembly != typeof(object).Assembly && u.Type.Assembly.GetName().Name is not ("System.Runtime" or "netstandard"))
            .Select(u => u.Member + ": " + u.Type.FullName + " (" + u.Type.Assembly.GetName().Name + ")")
            .ToList();
        Assert.Empty(foreign);
    }

    private static IEnumerable<Type> Flatten(Type type)
    {
        var element = type.HasElementType ? type.GetElementType()! : type;
        yield return element;
        foreach (var argument in element.IsGenericType ? element.GetGenericArguments().SelectMany(Flatten) : Enumerable.Empty<Type>())
        {
            yield return argument;
        }
    }
}
