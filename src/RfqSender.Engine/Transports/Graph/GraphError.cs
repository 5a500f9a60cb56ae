using System.Text.Json;

namespace RfqSender.Engine.Transports.Graph;

/// <summary>Graph's error body, <c>{"error":{"code":"...","message":"...","innerError":{"request-id":"..."}}}</c>.</summary>
internal sealed class GraphError
{
    private GraphError(string? code, string? message, string? requestId)
    {
        Code = code;
        Message = message;
        RequestId = requestId;
    }

    public string? Code { get; }

    public string? Message { get; }

    public string? RequestId { get; }

    public static GraphError Parse(string? body, string? requestIdHeader)
    {
        string? code = null, message = null, requestId = requestIdHeader;
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                using var document = JsonDocument.Parse(body!);
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("error", out var error)
                    && error.ValueKind == JsonValueKind.Object)
                {
                    code = StringOf(error, "code");
                    message = StringOf(error, "message");
                    if (error.TryGetProperty("innerError", out var inner) && inner.ValueKind == JsonValueKind.Object)
                    {
                        requestId ??= StringOf(inner, "request-id");
                    }
                }
            }
            catch (JsonException)
            {
                message = body!.Length > 300 ? body.Substring(0, 300) + "..." : body;
            }
        }

        return new GraphError(code, message, requestId);
    }

    public string Describe(int status) =>
        $"Graph {status}" + (Code is null ? string.Empty : " " + Code) + (Message is null ? string.Empty : ": " + Message)
        + (RequestId is null ? string.Empty : $" (request-id {RequestId})");

    private static string? StringOf(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
