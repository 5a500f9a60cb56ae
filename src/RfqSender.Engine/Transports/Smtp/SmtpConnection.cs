using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace RfqSender.Engine.Transports.Smtp;

/// <summary>
/// One TCP (and TLS) connection to an SMTP server: buffered reply reading, command writing, and
/// timeouts that close the socket, so a stalled server can never hang the sender. Any I/O failure
/// or timeout marks the connection broken and surfaces as <see cref="SmtpConnectionException"/>.
/// </summary>
internal sealed class SmtpConnection : IDisposable
{
    private const int MaxReplyLine = 64 * 1024;
    private const int MaxReplyLines = 1000;

    private readonly TcpClient _tcp;
    private readonly Action<string>? _log;
    private Stream _stream;
    private byte[] _readBuffer = new byte[4096];
    private int _readStart;
    private int _readEnd;
    private int _disposed;

    private SmtpConnection(TcpClient tcp, Action<string>? log)
    {
        _tcp = tcp;
        _log = log;
        _stream = tcp.GetStream();
    }

    /// <summary>Applied to every transcript line before it is logged (removes a secret a server echoes); null logs lines as they are.</summary>
    public Func<string, string>? LogFilter { get; set; }

    /// <summary>True once an I/O error, a timeout or a cancellation left the connection unusable.</summary>
    public bool IsBroken { get; private set; }

    /// <summary>True once TLS is established.</summary>
    public bool IsEncrypted => _stream is SslStream;

    /// <summary>The negotiated TLS protocol, when encrypted.</summary>
    public SslProtocols? TlsProtocol => (_stream as SslStream)?.SslProtocol;

    /// <summary>The server's certificate, when encrypted.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate? RemoteCertificate => (_stream as SslStream)?.RemoteCertificate;

    /// <summary>The server's address and port, e.g. <c>127.0.0.1:2525</c>, or null once closed.</summary>
    public string? RemoteEndPoint
    {
        get
        {
            try
            {
                return _tcp.Client?.RemoteEndPoint?.ToString();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return null;
            }
        }
    }

    /// <summary>The stream to write message content to (through a <see cref="DotStuffingStream"/>).</summary>
    public Stream Stream => _stream;

    public static async Task<SmtpConnection> OpenAsync(string host, int port, TimeSpan timeout, Action<string>? log, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (timeout != Timeout.InfiniteTimeSpan)
            {
                timer.CancelAfter(timeout);
            }

            using (timer.Token.Register(state => ((TcpClient)state!).Dispose(), tcp))
            {
                try
                {
                    await tcp.ConnectAsync(host, port).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException or IOException or InvalidOperationException or NullReferenceException)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var reason = timer.IsCancellationRequested
                        ? $"no connection within {Seconds(timeout)}"
                        : ex is SocketException socket ? $"{socket.Message} ({socket.SocketErrorCode})" : ex.Message;
                    throw new SmtpConnectionException($"Cannot connect to {host}:{port.ToString(CultureInfo.InvariantCulture)}: {reason}.", SmtpTransactionStage.Connect, null, ex)
                    {
                        TimedOut = timer.IsCancellationRequested,
                    };
                }
            }

            try
            {
                tcp.NoDelay = true;
            }
            catch (SocketException)
            {
                // The server already reset the connection; reading its greeting reports that, at the right stage.
            }

            return new SmtpConnection(tcp, log);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>Upgrades the connection to TLS; a rejected certificate surfaces as <see cref="AuthenticationException"/>.</summary>
    public async Task StartTlsAsync(string targetHost, RemoteCertificateValidationCallback validator, TimeSpan timeout, SmtpTransactionStage stage, CancellationToken cancellationToken)
    {
        if (_readEnd > _readStart)
        {
            // Bytes after the 220 reply were sent before TLS: a STARTTLS command-injection attempt.
            Abort();
            throw new SmtpConnectionException("The server sent data after its reply to STARTTLS, before TLS began; the connection was closed.", stage);
        }

        var ssl = new SslStream(new TlsRecordGuardStream(_stream), leaveInnerStreamOpen: false, validator);
        await GuardAsync(
            async _ =>
            {
                await ssl.AuthenticateAsClientAsync(targetHost, null, SslProtocols.None, checkCertificateRevocation: false).ConfigureAwait(false);
                return true;
            },
            timeout,
            stage,
            cancellationToken).ConfigureAwait(false);
        _stream = ssl;
        Log("TLS established (" + ssl.SslProtocol + ")");
    }

    /// <summary>Writes command text (CRLF-terminated lines) in one write and flushes.</summary>
    /// <param name="text">The lines to send.</param>
    /// <param name="logText">What the transcript shows instead, for AUTH payloads; null logs the text.</param>
    /// <param name="timeout">How long the write may take.</param>
    /// <param name="stage">Where in the conversation, for errors.</param>
    /// <param name="cancellationToken">Cancels the write and closes the connection.</param>
    public Task WriteAsync(string text, string? logText, TimeSpan timeout, SmtpTransactionStage stage, CancellationToken cancellationToken)
    {
        if (_log is not null)
        {
            foreach (var line in (logText ?? text).Split(new[] { "\r\n" }, StringSplitOptions.RemoveEmptyEntries))
            {
                _log(Filter("C: " + line));
            }
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        return GuardAsync(
            async token =>
            {
                await _stream.WriteAsync(bytes, 0, bytes.Length, token).ConfigureAwait(false);
                await _stream.FlushAsync(token).ConfigureAwait(false);
                return true;
            },
            timeout,
            stage,
            cancellationToken);
    }

    /// <summary>Reads one (possibly multi-line) reply.</summary>
    public Task<SmtpReply> ReadReplyAsync(TimeSpan timeout, SmtpTransactionStage stage, CancellationToken cancellationToken) =>
        GuardAsync(ReadReplyCoreAsync, timeout, stage, cancellationToken);

    /// <summary>Runs an I/O operation under a timeout; failures mark the connection broken.</summary>
    public async Task<T> GuardAsync<T>(Func<CancellationToken, Task<T>> operation, TimeSpan timeout, SmtpTransactionStage stage, CancellationToken cancellationToken)
    {
        if (IsBroken)
        {
            throw new SmtpConnectionException("The connection is closed.", stage);
        }

        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            timer.CancelAfter(timeout);
        }

        // Cancellation tokens are not honoured by socket reads on every framework: closing the socket is.
        using (timer.Token.Register(state => ((SmtpConnection)state!).Abort(), this))
        {
            try
            {
                return await operation(timer.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException or NotSupportedException)
            {
                IsBroken = true;
                Abort();
                cancellationToken.ThrowIfCancellationRequested();
                if (timer.IsCancellationRequested)
                {
                    Log($"timed out after {Seconds(timeout)} {SmtpOutcomeClassifier.Describe(stage)}");
                    throw new SmtpConnectionException($"timed out after {Seconds(timeout)}", stage, null, ex) { TimedOut = true };
                }

                var reason = Describe(ex);
                Log("connection lost: " + reason);
                throw new SmtpConnectionException(reason, stage, null, ex);
            }
            catch
            {
                IsBroken = true;
                Abort();
                throw;
            }
        }
    }

    /// <summary>Marks the connection unusable and closes the socket at once.</summary>
    public void Abort()
    {
        IsBroken = true;
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            try
            {
                _stream.Dispose();
            }
            catch (IOException)
            {
            }
            catch (ObjectDisposedException)
            {
            }

            _tcp.Dispose();
        }
    }

    /// <inheritdoc />
    public void Dispose() => Abort();

    internal static string Seconds(TimeSpan timeout) =>
        timeout.TotalSeconds >= 1
            ? timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s"
            : timeout.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";

    private static string Describe(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket)
            {
                return $"{socket.Message} ({socket.SocketErrorCode})";
            }
        }

        return ex.Message;
    }

    private void Log(string text) => _log?.Invoke(Filter("-- " + text));

    private string Filter(string line) => LogFilter is { } filter ? filter(line) : line;

    private async Task<SmtpReply> ReadReplyCoreAsync(CancellationToken cancellationToken)
    {
        var lines = new List<string>(1);
        var code = 0;
        while (true)
        {
            var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
            _log?.Invoke(Filter("S: " + line));
            if (line.Length < 3 || !IsDigit(line[0]) || !IsDigit(line[1]) || !IsDigit(line[2]) || line[0] < '2' || line[0] > '5'
                || (line.Length > 3 && line[3] != ' ' && line[3] != '-'))
            {
                throw new IOException($"The server sent a line that is not an SMTP reply: '{Printable(line)}'.");
            }

            var lineCode = ((line[0] - '0') * 100) + ((line[1] - '0') * 10) + (line[2] - '0');
            if (code == 0)
            {
                code = lineCode;
            }

            lines.Add(line.Length > 4 ? line.Substring(4) : string.Empty);
            if (line.Length == 3 || line[3] == ' ')
            {
                return new SmtpReply(code, lines);
            }

            if (lines.Count > MaxReplyLines)
            {
                throw new IOException("The server sent a reply of more than 1000 lines.");
            }
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = Array.IndexOf(_readBuffer, (byte)'\n', _readStart, _readEnd - _readStart);
            if (newline >= 0)
            {
                var length = newline - _readStart;
                if (length > 0 && _readBuffer[newline - 1] == (byte)'\r')
                {
                    length--;
                }

                var line = Encoding.UTF8.GetString(_readBuffer, _readStart, length);
                _readStart = newline + 1;
                return line;
            }

            if (_readStart > 0)
            {
                Buffer.BlockCopy(_readBuffer, _readStart, _readBuffer, 0, _readEnd - _readStart);
                _readEnd -= _readStart;
                _readStart = 0;
            }

            if (_readEnd == _readBuffer.Length)
            {
                if (_readBuffer.Length >= MaxReplyLine)
                {
                    throw new IOException("The server sent a reply line longer than 64 KB.");
                }

                Array.Resize(ref _readBuffer, _readBuffer.Length * 2);
            }

            var read = await _stream.ReadAsync(_readBuffer, _readEnd, _readBuffer.Length - _readEnd, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("The server closed the connection.");
            }

            _readEnd += read;
        }
    }

    private static bool IsDigit(char c) => c >= '0' && c <= '9';

    private static string Printable(string line)
    {
        var text = new string(line.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return text.Length > 100 ? text.Substring(0, 100) + "..." : text;
    }
}
