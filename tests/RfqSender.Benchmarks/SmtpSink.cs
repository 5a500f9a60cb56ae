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

    public SmtpSink()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptAsync();
    }

    public int Port { get; }

    public void Dispose() => _listener.Stop();

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
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private static async Task ServeAsync(TcpClient client)
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
