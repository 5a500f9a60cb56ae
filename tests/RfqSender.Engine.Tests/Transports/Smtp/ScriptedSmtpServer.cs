using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace RfqSender.Engine.Tests.Transports.Smtp;

/// <summary>
/// An SMTP server on 127.0.0.1 that follows a script per accepted connection: it checks the exact
/// lines the client sends and answers with scripted replies. A script that does not match fails
/// <see cref="Completion"/>.
/// </summary>
public sealed class ScriptedSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Task _accepting;
    private readonly CancellationTokenSource _stop = new();

    public ScriptedSmtpServer(params Func<ScriptedSmtpConnection, Task>[] connections)
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync(connections);
    }

    public int Port { get; }

    /// <summary>Every client line received on every connection, in order.</summary>
    public List<string> ClientLines { get; } = new();

    public int ConnectionsAccepted { get; private set; }

    /// <summary>Completes when every scripted connection ran to its end; fails on a mismatch.</summary>
    public Task Completion => _accepting;

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _accepting.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception)
        {
        }
    }

    private async Task AcceptAsync(Func<ScriptedSmtpConnection, Task>[] scripts)
    {
        foreach (var script in scripts)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            ConnectionsAccepted++;
            await using var connection = new ScriptedSmtpConnection(client, ClientLines);
            await script(connection).WaitAsync(TimeSpan.FromSeconds(20));
        }
    }
}

/// <summary>One scripted server-side connection.</summary>
public sealed class ScriptedSmtpConnection : IAsyncDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);
    private readonly TcpClient _client;
    private readonly List<string> _lines;
    private Stream _stream;
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    public ScriptedSmtpConnection(TcpClient client, List<string> lines)
    {
        _client = client;
        _lines = lines;
        _stream = client.GetStream();
    }

    /// <summary>Sends reply text; a CRLF is appended.</summary>
    public async Task SendAsync(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n").Replace("\n", "\r\n") + "\r\n");
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>Reads one client line and checks it: exact, or a prefix when <paramref name="expected"/> ends with <c>*</c>.</summary>
    public async Task<string> ExpectAsync(string expected)
    {
        var line = await ReadLineAsync() ?? throw new InvalidOperationException($"expected '{expected}', the client closed the connection");
        var matches = expected.EndsWith('*') ? line.StartsWith(expected.TrimEnd('*'), StringComparison.Ordinal) : line == expected;
        if (!matches)
        {
            throw new InvalidOperationException($"expected '{expected}', got '{line}'");
        }

        return line;
    }

    /// <summary>Reads one line, or null when the client closed the connection.</summary>
    public async Task<string?> ReadLineAsync()
    {
        var bytes = await ReadRawLineAsync();
        if (bytes is null)
        {
            return null;
        }

        var line = Encoding.UTF8.GetString(bytes, 0, bytes.Length - 2);
        lock (_lines)
        {
            _lines.Add(line);
        }

        return line;
    }

    /// <summary>Reads message content up to and including the terminating dot line; returns the bytes as sent (still dot-stuffed).</summary>
    public async Task<byte[]> ReadDataAsync()
    {
        var data = new MemoryStream();
        while (true)
        {
            var line = await ReadRawLineAsync() ?? throw new InvalidOperationException("the client closed the connection during DATA");
            if (line.Length == 3 && line[0] == '.')
            {
                return data.ToArray();
            }

            data.Write(line);
        }
    }

    /// <summary>Reads up to <paramref name="count"/> bytes of content, whatever they are.</summary>
    public async Task ReadSomeAsync(int count)
    {
        var total = 0;
        while (total < count)
        {
            if (_end > _start)
            {
                var take = Math.Min(_end - _start, count - total);
                _start += take;
                total += take;
                continue;
            }

            _start = _end = 0;
            var n = await _stream.ReadAsync(_buffer.AsMemory(0, _buffer.Length));
            if (n == 0)
            {
                return;
            }

            _end = n;
        }
    }

    /// <summary>Fails when the client sent anything more within a short wait (it should be waiting for a reply).</summary>
    public async Task ExpectNothingPendingAsync()
    {
        await Task.Delay(100);
        if (_end > _start || _client.Available > 0)
        {
            throw new InvalidOperationException("the client sent more before the server replied (unexpected pipelining)");
        }
    }

    /// <summary>Waits for the client to close the connection, failing if it sends anything.</summary>
    public async Task ExpectClosedAsync()
    {
        var line = await ReadLineAsync();
        if (line is not null)
        {
            throw new InvalidOperationException($"expected the client to close, got '{line}'");
        }
    }

    public async Task StartTlsAsync(X509Certificate2 certificate)
    {
        var ssl = new SslStream(_stream, false);
        await ssl.AuthenticateAsServerAsync(certificate, false, false).WaitAsync(ReadTimeout);
        _stream = ssl;
    }

    /// <summary>Closes with a TCP reset, as a crashed server would.</summary>
    public void Drop()
    {
        _client.Client.LingerState = new LingerOption(true, 0);
        _client.Client.Close();
    }

    /// <summary>Greets, expects EHLO and announces the given extensions.</summary>
    public async Task GreetAsync(params string[] extensions)
    {
        await SendAsync("220 test.local ESMTP ready");
        await ExpectAsync("EHLO client.test");
        await SendAsync(Ehlo(extensions));
    }

    /// <summary>An EHLO reply announcing the extensions.</summary>
    public static string Ehlo(params string[] extensions)
    {
        var lines = new[] { "test.local greets client.test" }.Concat(extensions).ToList();
        return string.Join("\r\n", lines.Select((l, i) => (i == lines.Count - 1 ? "250 " : "250-") + l));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _stream.Dispose();
        }
        catch (IOException)
        {
        }

        _client.Dispose();
        await Task.CompletedTask;
    }

    private async Task<byte[]?> ReadRawLineAsync()
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var line = _buffer.AsSpan(_start, newline + 1 - _start).ToArray();
                _start = newline + 1;
                return line;
            }

            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            int n;
            try
            {
                n = await _stream.ReadAsync(_buffer.AsMemory(_end, _buffer.Length - _end)).AsTask().WaitAsync(ReadTimeout);
            }
            catch (IOException)
            {
                return null;
            }

            if (n == 0)
            {
                return null;
            }

            _end += n;
        }
    }
}
