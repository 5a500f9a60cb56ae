using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RfqSender.Benchmarks;

/// <summary>
/// The fastest fair SMTP server: answers every command at once (PIPELINING offered), discards
/// message content, and writes its replies only when it has no more input to read.
/// </summary>
public sealed class SmtpSink : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly object _gate = new();
    private readonly List<long> _arrivals = new();
    private readonly Dictionary<string, int> _recipients = new(StringComparer.OrdinalIgnoreCase);
    private int _messages;
    private int _connections;

    public SmtpSink()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>Messages accepted (final dot answered) since the last <see cref="Reset"/>.</summary>
    public int Messages => Volatile.Read(ref _messages);

    /// <summary>Connections accepted since the last <see cref="Reset"/>.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Keep the arrival time of every message (<see cref="Arrivals"/>), for rate checks.</summary>
    public bool RecordArrivals { get; set; }

    /// <summary>Count every RCPT TO address (<see cref="DistinctRecipients"/>, <see cref="RepeatedRecipients"/>), to check that no vendor got two messages.</summary>
    public bool RecordRecipients { get; set; }

    /// <summary>How many different RCPT TO addresses were seen since the last <see cref="Reset"/>.</summary>
    public int DistinctRecipients
    {
        get
        {
            lock (_gate)
            {
                return _recipients.Count;
            }
        }
    }

    /// <summary>The addresses given in RCPT TO more than once since the last <see cref="Reset"/>, with their counts.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> RepeatedRecipients
    {
        get
        {
            lock (_gate)
            {
                return _recipients.Where(r => r.Value > 1).ToList();
            }
        }
    }

    /// <summary>When the first message since the last <see cref="Reset"/> was accepted (UTC), or null.</summary>
    public DateTime? FirstMessageAt { get; private set; }

    /// <summary>When the latest message was accepted (UTC), or null.</summary>
    public DateTime? LastMessageAt { get; private set; }

    /// <summary>Arrival times (Stopwatch timestamps) when <see cref="RecordArrivals"/> is on.</summary>
    public IReadOnlyList<long> Arrivals
    {
        get
        {
            lock (_gate)
            {
                return _arrivals.ToList();
            }
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _arrivals.Clear();
            _recipients.Clear();
            _messages = 0;
            _connections = 0;
            FirstMessageAt = null;
            LastMessageAt = null;
        }
    }

    public void Dispose() => _listener.Stop();

    private void Accepted()
    {
        var now = DateTime.UtcNow;
        lock (_gate)
        {
            _messages++;
            FirstMessageAt ??= now;
            LastMessageAt = now;
            if (RecordArrivals)
            {
                _arrivals.Add(System.Diagnostics.Stopwatch.GetTimestamp());
            }
        }
    }

    private void Recipient(string line)
    {
        if (!RecordRecipients)
        {
            return;
        }

        var open = line.IndexOf('<', StringComparison.Ordinal);
        var close = line.IndexOf('>', StringComparison.Ordinal);
        var address = open >= 0 && close > open ? line.Substring(open + 1, close - open - 1) : line.Trim();
        lock (_gate)
        {
            _recipients[address] = _recipients.TryGetValue(address, out var seen) ? seen + 1 : 1;
        }
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync();
            }
            catch (Exception)
            {
                return;
            }

            client.NoDelay = true;
            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var input = new byte[256 * 1024];
        int start = 0, end = 0;
        var output = new MemoryStream();
        var inData = false;
        void Reply(string text) => output.Write(Encoding.ASCII.GetBytes(text));
        Reply("220 sink ESMTP\r\n");
        try
        {
            while (true)
            {
                var newline = Array.IndexOf(input, (byte)'\n', start, end - start);
                if (newline < 0)
                {
                    if (output.Length > 0)
                    {
                        await stream.WriteAsync(output.GetBuffer().AsMemory(0, (int)output.Length));
                        output.SetLength(0);
                    }

                    if (start > 0)
                    {
                        Buffer.BlockCopy(input, start, input, 0, end - start);
                        end -= start;
                        start = 0;
                    }

                    if (end == input.Length)
                    {
                        Array.Resize(ref input, input.Length * 2);
                    }

                    var n = await stream.ReadAsync(input.AsMemory(end));
                    if (n == 0)
                    {
                        return;
                    }

                    end += n;
                    continue;
                }

                var length = newline + 1 - start;
                var lineStart = start;
                start = newline + 1;
                if (inData)
                {
                    if (length == 3 && input[lineStart] == '.')
                    {
                        inData = false;
                        Accepted();
                        Reply("250 2.0.0 Ok: queued\r\n");
                    }

                    continue;
                }

                var verb = Encoding.ASCII.GetString(input, lineStart, Math.Min(4, length)).ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        Reply("250-sink\r\n250-PIPELINING\r\n250-8BITMIME\r\n250-ENHANCEDSTATUSCODES\r\n250 SIZE 104857600\r\n");
                        break;
                    case "DATA":
                        inData = true;
                        Reply("354 End data with <CR><LF>.<CR><LF>\r\n");
                        break;
                    case "RCPT":
                        Recipient(Encoding.ASCII.GetString(input, lineStart, length));
                        Reply("250 2.1.5 Ok\r\n");
                        break;
                    case "QUIT":
                        Reply("221 2.0.0 Bye\r\n");
                        await stream.WriteAsync(output.GetBuffer().AsMemory(0, (int)output.Length));
                        return;
                    default:
                        Reply("250 2.0.0 Ok\r\n");
                        break;
                }
            }
        }
        catch (IOException)
        {
        }
    }
}
