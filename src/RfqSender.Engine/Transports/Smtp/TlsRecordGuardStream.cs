using System.Text;

namespace RfqSender.Engine.Transports.Smtp;

/// <summary>
/// Sits under a TLS handshake and checks the first byte the server sends: a TLS record starts with
/// a content type from 20 to 23. A server that answers in plain text instead (an SMTP greeting on a
/// port that does not speak implicit TLS) is reported at once with what it said, where a TLS
/// library would wait for a record of the length those text bytes spell.
/// </summary>
internal sealed class TlsRecordGuardStream : Stream
{
    private readonly Stream _inner;
    private bool _checked;

    public TlsRecordGuardStream(Stream inner)
    {
        _inner = inner;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Check(buffer, offset, _inner.Read(buffer, offset, count));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Check(buffer, offset, await _inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false));

#if NET8_0_OR_GREATER
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (!_checked && read > 0)
        {
            CheckFirst(buffer.Span.Slice(0, read).ToArray());
        }

        return read;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        _inner.WriteAsync(buffer, cancellationToken);
#endif

    public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Check(byte[] buffer, int offset, int read)
    {
        if (!_checked && read > 0)
        {
            var first = new byte[read];
            Buffer.BlockCopy(buffer, offset, first, 0, read);
            CheckFirst(first);
        }

        return read;
    }

    private void CheckFirst(byte[] received)
    {
        _checked = true;
        if (received[0] is >= 20 and <= 23)
        {
            return;
        }

        var text = Encoding.ASCII.GetString(received, 0, Math.Min(received.Length, 80));
        var line = new string(text.TakeWhile(c => c != '\r' && c != '\n').Select(c => c < ' ' || c > '~' ? '?' : c).ToArray());
        throw new PlainTextInsteadOfTlsException(line);
    }
}
