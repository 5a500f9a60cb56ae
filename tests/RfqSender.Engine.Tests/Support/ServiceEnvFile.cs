using System.Net;
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

    /// <summary>
    /// True when something accepts a TCP connection at <paramref name="host"/>:<paramref name="port"/>:
    /// up to three tries of 5 s each. The probe is a non-blocking connect polled on the calling thread, so
    /// a busy thread pool (many test classes at once on two cores) cannot make a running server look
    /// absent, as the earlier <c>ConnectAsync().Wait(2 s)</c> once did in CI.
    /// </summary>
    public static bool Listens(string host, int port)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (TryConnect(host, port, TimeSpan.FromSeconds(5)))
            {
                return true;
            }

            Thread.Sleep(500);
        }

        return false;
    }

    private static bool TryConnect(string host, int port, TimeSpan timeout)
    {
        try
        {
            var address = IPAddress.TryParse(host, out var parsed) ? parsed : Dns.GetHostAddresses(host).First();
            using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
            try
            {
                socket.Connect(new IPEndPoint(address, port));
                return true;
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
            {
                // Connecting: wait for it below.
            }

            return socket.Poll((int)timeout.TotalMilliseconds * 1000, SelectMode.SelectWrite)
                && (int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)! == 0;
        }
        catch (Exception ex) when (ex is SocketException or InvalidOperationException)
        {
            return false;
        }
    }
}
