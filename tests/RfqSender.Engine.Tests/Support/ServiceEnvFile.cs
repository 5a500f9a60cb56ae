using System.Net.Sockets;

namespace RfqSender.Engine.Tests.Support;

/// <summary>
/// The <c>env</c> file a tests/ci start script writes for a local test server (<c>name=value</c> lines),
/// and whether the server it describes answers.
/// </summary>
public static class ServiceEnvFile
{
    /// <summary>The values of the file, or null when it is missing or unreadable.</summary>
    public static Dictionary<string, string>? Read(string path)
    {
        try
        {
            return File.Exists(path)
                ? File.ReadAllLines(path)
                    .Where(l => l.Contains('='))
                    .ToDictionary(l => l.Substring(0, l.IndexOf('=')), l => l.Substring(l.IndexOf('=') + 1))
                : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>True when something accepts a TCP connection at <paramref name="host"/>:<paramref name="port"/> within 2 s.</summary>
    public static bool Listens(string host, int port)
    {
        try
        {
            using var probe = new TcpClient();
            return probe.ConnectAsync(host, port).Wait(TimeSpan.FromSeconds(2));
        }
        catch (Exception ex) when (ex is AggregateException or SocketException)
        {
            return false;
        }
    }
}
