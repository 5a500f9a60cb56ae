using System.Text;
using RfqSender.Engine.Responses;

namespace RfqSender.Engine.Tests.Responses;

/// <summary>Inbound messages written inline by a test.</summary>
public static class Eml
{
    /// <summary>Parses a message; its lines may end in LF, they are sent as CRLF as on the wire.</summary>
    public static InboundMessage Parse(string text)
    {
        var wire = text.Replace("\r\n", "\n").Replace("\n", "\r\n");
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(wire));
        return InboundMessage.Load(stream, "test message");
    }

    /// <summary>A plain-text message with the given header lines (each "Name: value") and body.</summary>
    public static InboundMessage Plain(string headers, string body) =>
        Parse(headers.TrimEnd('\n') + "\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" + body);
}
