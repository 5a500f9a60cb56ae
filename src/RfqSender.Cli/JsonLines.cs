using System.Text.Json;
using System.Text.Json.Serialization;

namespace RfqSender.Cli;

/// <summary>Writes results as JSON lines for scripts (jq, PowerShell ConvertFrom-Json).</summary>
internal static class JsonLines
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write<T>(TextWriter output, T value) => output.WriteLine(JsonSerializer.Serialize(value, Options));
}
