namespace RfqSender.Engine.Transports.Graph;

/// <summary>A successful Graph answer: the status and the body, read whole (Graph's answers are small).</summary>
internal sealed class GraphResponse
{
    public GraphResponse(int status, string body)
    {
        Status = status;
        Body = body;
    }

    public int Status { get; }

    public string Body { get; }
}
