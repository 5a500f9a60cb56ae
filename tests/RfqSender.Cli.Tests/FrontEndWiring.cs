using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace RfqSender.Cli.Tests;

/// <summary>
/// Reads a front end's compiled references (not its source) and names every call it makes to a
/// store or transport constructor or factory: the types of the engine that implement the store
/// or transport contracts, and the factories that open them. Front ends get those from the
/// engine's runtime; they wire nothing themselves.
/// </summary>
internal static class FrontEndWiring
{
    private static readonly string[] Contracts =
    {
        "RfqSender.Engine.Tracking.IDeliveryStore",
        "RfqSender.Engine.Tracking.IDeliveryReader",
        "RfqSender.Engine.Tracking.IDeliveryQueue",
        "RfqSender.Engine.Transports.IMessageTransport",
    };

    private static readonly string[] Factories =
    {
        "RfqSender.Engine.Tracking.DeliveryStoreFactory",
        "RfqSender.Engine.Transports.TransportFactory",
    };

    /// <summary>The store and transport implementations and factories of the engine assembly at <paramref name="enginePath"/>.</summary>
    public static IReadOnlySet<string> WiringTypes(string enginePath)
    {
        using var file = File.OpenRead(enginePath);
        using var pe = new PEReader(file);
        var reader = pe.GetMetadataReader();
        var found = new HashSet<string>(Factories, StringComparer.Ordinal);
        foreach (var handle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(handle);
            if ((type.Attributes & System.Reflection.TypeAttributes.Interface) != 0)
            {
                continue;
            }

            foreach (var implementation in type.GetInterfaceImplementations())
            {
                var contract = NameOf(reader, reader.GetInterfaceImplementation(implementation).Interface);
                if (Contracts.Contains(contract, StringComparer.Ordinal))
                {
                    found.Add(NameOf(reader, handle));
                    break;
                }
            }
        }

        return found;
    }

    /// <summary>Every member of <paramref name="wiringTypes"/> the assembly at <paramref name="assemblyPath"/> calls, as Type::Member.</summary>
    public static IReadOnlyList<string> CallsInto(string assemblyPath, IReadOnlySet<string> wiringTypes)
    {
        using var file = File.OpenRead(assemblyPath);
        using var pe = new PEReader(file);
        var reader = pe.GetMetadataReader();
        var calls = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var handle in reader.MemberReferences)
        {
            var member = reader.GetMemberReference(handle);
            if (member.Parent.Kind != HandleKind.TypeReference)
            {
                continue;
            }

            var type = NameOf(reader, (TypeReferenceHandle)member.Parent);
            if (wiringTypes.Contains(type))
            {
                calls.Add($"{type}::{reader.GetString(member.Name)}");
            }
        }

        return calls.ToList();
    }

    private static string NameOf(MetadataReader reader, EntityHandle handle) => handle.Kind switch
    {
        HandleKind.TypeReference => NameOf(reader, (TypeReferenceHandle)handle),
        HandleKind.TypeDefinition => NameOf(reader, (TypeDefinitionHandle)handle),
        _ => string.Empty,
    };

    private static string NameOf(MetadataReader reader, TypeReferenceHandle handle)
    {
        var type = reader.GetTypeReference(handle);
        return $"{reader.GetString(type.Namespace)}.{reader.GetString(type.Name)}";
    }

    private static string NameOf(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        return $"{reader.GetString(type.Namespace)}.{reader.GetString(type.Name)}";
    }
}
