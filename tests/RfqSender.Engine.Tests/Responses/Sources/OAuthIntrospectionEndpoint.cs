using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RfqSender.Engine.Tests.Responses.Sources;

/// <summary>
/// The token introspection endpoint Dovecot's oauth2 passdb asks (tests/ci/start-dovecot.sh:
/// <c>introspection_mode = post</c>, <c>token=&lt;token&gt;</c>): a minimal HTTP/1.1 server on the loopback
/// port the configuration names, answering <c>{"active":true,"username":"rfqimap"}</c> for the one token
/// it issued and <c>{"active":false}</c> for any other. The port is fixed, so a second test run (the
/// netstandard2.0 test project runs these sources at the same time) waits for it to be free.
/// </summary>
public sealed class OAuthIntrospectionEndpoint : IDisposable
{
    private readonly TcpListener _listener;
    private readonly string _user;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private OAuthIntrospectionEndpoint(TcpListener listener, string user)
    {
        _listener = listener;
        _user = user;
        IssuedToken = "eyJ0eXAiOiJKV1QifQ." + Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_') + ".sig";
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>The one token this endpoint calls active.</summary>
    public string IssuedToken { get; }

    /// <summary>Every token Dovecot asked about, in order.</summary>
    public ConcurrentQueue<string> Asked { get; } = new();

    /// <summary>Listens on the URL's port (waiting up to a minute for another run to let it go).</summary>
    public static async Task<OAuthIntrospectionEndpoint> StartAsync(Uri url, string user)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var listener = new TcpListener(IPAddress.Loopback, url.Port);
            try
            {
                listener.Start();
                return new OAuthIntrospectionEndpoint(listener, user);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends with the listener.
        }

        _stop.Dispose();
    }

    private async Task ServeAsync()
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

            _ = Task.Run(() => AnswerAsync(client));
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                {
                    // One request per connection (Connection: close): a connection Dovecot kept alive
                    // would otherwise reach this endpoint after the next test started its own.
                    var head = await ReadHeadAsync(stream);
                    if (head is null)
                    {
                        return;
                    }

                    var length = head.Split("\r\n").Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                        .Select(p => int.Parse(p[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
                    var body = new byte[length];
                    for (var read = 0; read < length;)
                    {
                        var n = await stream.ReadAsync(body, read, length - read);
                        if (n == 0)
                        {
                            return;
                        }

                        read += n;
                    }

                    var token = Encoding.ASCII.GetString(body).Split('&').Select(p => p.Split('=', 2)).Where(p => p.Length == 2 && p[0] == "token")
                        .Select(p => Uri.UnescapeDataString(p[1].Replace('+', ' '))).FirstOrDefault() ?? string.Empty;
                    Asked.Enqueue(token);
                    var json = token == IssuedToken ? $"{{\"active\":true,\"username\":\"{_user}\"}}" : "{\"active\":false}";
                    var bytes = Encoding.UTF8.GetBytes(json);
                    var answer = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n");
                    await stream.WriteAsync(answer, 0, answer.Length);
                    await stream.WriteAsync(bytes, 0, bytes.Length);
                    await stream.FlushAsync();
                }
            }
            catch (IOException)
            {
                // Dovecot hung up.
            }
        }
    }

    private static async Task<string?> ReadHeadAsync(NetworkStream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (!(head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await stream.ReadAsync(one, 0, 1) == 0 || head.Count > 64 * 1024)
            {
                return null;
            }

            head.Add(one[0]);
        }

        return Encoding.ASCII.GetString(head.ToArray());
    }
}
