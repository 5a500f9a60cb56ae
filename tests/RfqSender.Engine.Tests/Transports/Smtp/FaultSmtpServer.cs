using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace RfqSender.Engine.Tests.Transports.Smtp;

/// <summary>
/// An SMTP server on 127.0.0.1 that behaves like a real one (any number of connections at once,
/// any order of messages) except for the faults it is told to inject: no greeting, no reply to MAIL
/// FROM or after the final dot, implicit TLS where the client may expect plain text, recipients
/// refused with a scripted reply. It records every message it accepted, with its envelope.
/// </summary>
public sealed class FaultSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly List<Task> _sessions = new();
    private readonly List<FaultSmtpMessage> _messages = new();
    private int _connections;
    private int _pipelinedBehindDot;

    public FaultSmtpServer()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>False: accept connections and never send the 220 greeting.</summary>
    public bool Greet { get; set; } = true;

    /// <summary>Speak TLS from the first byte (a port 465 server) with this certificate.</summary>
    public X509Certificate2? ImplicitTlsCertificate { get; set; }

    /// <summary>False: read MAIL FROM (and what is pipelined after it) and never answer.</summary>
    public bool AnswerMailFrom { get; set; } = true;

    /// <summary>False: read the whole message and never answer its final dot (the message is recorded as received).</summary>
    public bool AnswerFinalDot { get; set; } = true;

    /// <summary>The reply to RCPT TO for an address (e.g. <c>452 4.2.2 Mailbox full</c>), or null for <c>250 ok</c>.</summary>
    public Func<string, string?> RecipientReply { get; set; } = _ => null;

    /// <summary>False: EHLO does not announce PIPELINING.</summary>
    public bool OfferPipelining { get; set; } = true;

    /// <summary>The reply to MAIL FROM for a sender address, or null for <c>250 2.1.0 ok</c>.</summary>
    public Func<string, string?> MailFromReply { get; set; } = _ => null;

    /// <summary>Close the connection without a reply after the final dot of the message with this sender (the message is recorded).</summary>
    public string? DropAfterDotFrom { get; set; }

    /// <summary>How long to wait before answering a final dot, so a client's pipelined commands arrive first.</summary>
    public TimeSpan FinalReplyDelay { get; set; }

    /// <summary>Final replies sent while the client's next command had already arrived (pipelined behind the dot).</summary>
    public int CommandsPipelinedBehindDot => Volatile.Read(ref _pipelinedBehindDot);

    /// <summary>Connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Every message whose content arrived, in order of arrival.</summary>
    public IReadOnlyList<FaultSmtpMessage> Messages
    {
        get
        {
            lock (_messages)
            {
                return _messages.ToList();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        Task[] sessions;
        lock (_sessions)
        {
            sessions = _sessions.ToArray();
        }

        try
        {
            await Task.WhenAll(sessions.Append(_accepting)).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception)
        {
            // Sessions end when their sockets close; a test that already failed need not wait for them.
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            lock (_sessions)
            {
                _sessions.Add(Task.Run(() => ServeAsync(client)));
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        using var stop = _stop.Token.Register(() => client.Dispose());
        try
        {
            Stream stream = client.GetStream();
            if (ImplicitTlsCertificate is { } certificate)
            {
                var ssl = new SslStream(stream, false);
                await ssl.AuthenticateAsServerAsync(certificate, false, false);
                stream = ssl;
            }

            var session = new Session(this, stream);
            await session.RunAsync();
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or System.Security.Authentication.AuthenticationException or OperationCanceledException)
        {
            // The client went away (or never spoke TLS): that ends the session.
        }
    }

    private void Record(FaultSmtpMessage message)
    {
        lock (_messages)
        {
            _messages.Add(message);
        }
    }

    private sealed class Session
    {
        private readonly FaultSmtpServer _server;
        private readonly Stream _stream;
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _start;
        private int _end;

        public Session(FaultSmtpServer server, Stream stream)
        {
            _server = server;
            _stream = stream;
        }

        public async Task RunAsync()
        {
            if (!_server.Greet)
            {
                await DrainAsync();
                return;
            }

            await ReplyAsync("220 fault.test ESMTP ready");
            string? from = null;
            var recipients = new List<string>();
            while (await ReadLineAsync() is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                if (verb.StartsWith("MAIL", StringComparison.Ordinal))
                {
                    verb = "MAIL";
                }
                else if (verb.StartsWith("RCPT", StringComparison.Ordinal))
                {
                    verb = "RCPT";
                }

                switch (verb)
                {
                    case "EHLO":
                        await ReplyAsync("250-fault.test greets you\r\n" + (_server.OfferPipelining ? "250-PIPELINING\r\n" : string.Empty) + "250-8BITMIME\r\n250 SIZE 52428800");
                        break;
                    case "HELO":
                    case "NOOP":
                        await ReplyAsync("250 ok");
                        break;
                    case "RSET":
                        from = null;
                        recipients.Clear();
                        await ReplyAsync("250 ok");
                        break;
                    case "QUIT":
                        await ReplyAsync("221 bye");
                        return;
                    case "MAIL":
                        if (!_server.AnswerMailFrom)
                        {
                            await DrainAsync();
                            return;
                        }

                        var mailReply = _server.MailFromReply(Address(line));
                        from = mailReply is null ? Address(line) : null;
                        recipients.Clear();
                        await ReplyAsync(mailReply ?? "250 2.1.0 ok");
                        break;
                    case "RCPT":
                        var address = Address(line);
                        var reply = _server.RecipientReply(address);
                        if (reply is null)
                        {
                            recipients.Add(address);
                        }

                        await ReplyAsync(reply ?? "250 2.1.5 ok");
                        break;
                    case "DATA":
                        if (from is null || recipients.Count == 0)
                        {
                            await ReplyAsync("554 5.5.1 no valid recipients");
                            break;
                        }

                        await ReplyAsync("354 go ahead");
                        var content = await ReadDataAsync();
                        _server.Record(new FaultSmtpMessage(from, recipients.ToList(), content));
                        if (_server.DropAfterDotFrom == from)
                        {
                            return;
                        }

                        if (_server.FinalReplyDelay > TimeSpan.Zero)
                        {
                            await Task.Delay(_server.FinalReplyDelay);
                        }

                        if (_end > _start || (_stream is NetworkStream network && network.DataAvailable))
                        {
                            Interlocked.Increment(ref _server._pipelinedBehindDot);
                        }

                        if (!_server.AnswerFinalDot)
                        {
                            await DrainAsync();
                            return;
                        }

                        await ReplyAsync("250 2.0.0 queued as " + Guid.NewGuid().ToString("N").Substring(0, 10));
                        from = null;
                        recipients.Clear();
                        break;
                    default:
                        await ReplyAsync("502 5.5.2 command not recognised");
                        break;
                }
            }
        }

        private static string Address(string line)
        {
            var open = line.IndexOf('<');
            var close = line.IndexOf('>', open + 1);
            return open >= 0 && close > open ? line.Substring(open + 1, close - open - 1) : string.Empty;
        }

        private async Task ReplyAsync(string text)
        {
            var bytes = Encoding.ASCII.GetBytes(text.Replace("\r\n", "\n").Replace("\n", "\r\n") + "\r\n");
            await _stream.WriteAsync(bytes);
            await _stream.FlushAsync();
        }

        /// <summary>Reads and ignores whatever the client sends until it closes the connection.</summary>
        private async Task DrainAsync()
        {
            var sink = new byte[4096];
            while (await _stream.ReadAsync(sink) > 0)
            {
            }
        }

        private async Task<string> ReadDataAsync()
        {
            var content = new StringBuilder();
            while (await ReadLineAsync() is { } line)
            {
                if (line == ".")
                {
                    return content.ToString();
                }

                content.Append(line.StartsWith("..", StringComparison.Ordinal) ? line.Substring(1) : line).Append("\r\n");
            }

            throw new IOException("the client closed the connection during DATA");
        }

        private async Task<string?> ReadLineAsync()
        {
            while (true)
            {
                var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                if (newline >= 0)
                {
                    var length = newline - _start;
                    if (length > 0 && _buffer[newline - 1] == '\r')
                    {
                        length--;
                    }

                    var line = Encoding.UTF8.GetString(_buffer, _start, length);
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
                    throw new IOException("a line longer than 64 KB");
                }

                var read = await _stream.ReadAsync(_buffer.AsMemory(_end, _buffer.Length - _end));
                if (read == 0)
                {
                    return null;
                }

                _end += read;
            }
        }
    }
}
