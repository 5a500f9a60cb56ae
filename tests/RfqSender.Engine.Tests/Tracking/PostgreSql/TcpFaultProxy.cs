using System.Net;
using System.Net.Sockets;

namespace RfqSender.Engine.Tests.Tracking.PostgreSql;

/// <summary>
/// A loopback TCP relay in front of the test database that a test can break: <see cref="Cut"/>
/// resets every open connection (a failover, a restart), <see cref="Down"/> refuses new ones until it
/// is set back (a database that stays away), <see cref="CutAfterNextReply"/> lets the server answer
/// the next request but keeps its answer from the client (a commit whose answer was lost).
/// </summary>
public sealed class TcpFaultProxy : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly List<(TcpClient Client, TcpClient Server)> _open = new();
    private readonly CancellationTokenSource _stop = new();

    public TcpFaultProxy(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>While true, every new connection is closed at once.</summary>
    public volatile bool Down;

    /// <summary>
    /// While true, the next bytes the server sends are held back and every connection is reset a moment
    /// later (long enough for the server to finish the request it answers); then it is false again.
    /// </summary>
    public volatile bool CutAfterNextReply;

    /// <summary>How many connections were accepted.</summary>
    public int Accepted;

    /// <summary>Resets every connection open now.</summary>
    public void Cut()
    {
        lock (_open)
        {
            foreach (var (client, server) in _open)
            {
                try
                {
                    // A reset, not a polite close: as a failover or a dead server looks to the client.
                    client.Client.LingerState = new LingerOption(true, 0);
                }
                catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
                {
                    // The relay closed it already.
                }

                client.Close();
                server.Close();
            }

            _open.Clear();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        Cut();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync();
            }
            catch (Exception ex) when (ex is ObjectDisposedException or SocketException or InvalidOperationException)
            {
                return;
            }

            Interlocked.Increment(ref Accepted);
            if (Down)
            {
                client.Client.LingerState = new LingerOption(true, 0);
                client.Close();
                continue;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayRepliesAsync(Stream server, Stream client)
    {
        var buffer = new byte[81920];
        int read;
        while ((read = await server.ReadAsync(buffer)) > 0)
        {
            if (CutAfterNextReply)
            {
                CutAfterNextReply = false;
                await Task.Delay(300);
                Cut();
                return;
            }

            await client.WriteAsync(buffer.AsMemory(0, read));
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        var server = new TcpClient();
        try
        {
            await server.ConnectAsync(_targetHost, _targetPort);
            lock (_open)
            {
                _open.Add((client, server));
            }

            using var a = client.GetStream();
            using var b = server.GetStream();
            await Task.WhenAny(a.CopyToAsync(b), RelayRepliesAsync(b, a));
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
        }
        finally
        {
            client.Close();
            server.Close();
            lock (_open)
            {
                _open.RemoveAll(p => p.Client == client);
            }
        }
    }
}
