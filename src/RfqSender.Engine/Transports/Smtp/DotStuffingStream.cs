namespace RfqSender.Engine.Transports.Smtp;

/// <summary>
/// Write-only stream for the content of an SMTP DATA command: doubles a dot at the start of a line
/// (RFC 5321 section 4.5.2) and buffers into large writes; <see cref="FinishAsync"/> ends the
/// content with CRLF when needed and the terminating <c>.CRLF</c>.
/// </summary>
internal sealed class DotStuffingStream : Stream
{
    private const int BufferSize = 64 * 1024;

    private readonly Stream _inner;
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _count;
    private bool _atLineStart = true;
    private byte _last;
    private byte _beforeLast;

    public DotStuffingStream(Stream inner)
    {
        _inner = inner;
    }

    /// <summary>Bytes of content accepted, before stuffing.</summary>
    public long ContentLength { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        var done = 0;
        while (done < count)
        {
            done += Stuff(buffer, offset + done, count - done);
            if (_count >= BufferSize - 1)
            {
                _inner.Write(_buffer, 0, _count);
                _count = 0;
            }
        }
    }

    public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        var done = 0;
        while (done < count)
        {
            done += Stuff(buffer, offset + done, count - done);
            if (_count >= BufferSize - 1)
            {
                await _inner.WriteAsync(_buffer, 0, _count, cancellationToken).ConfigureAwait(false);
                _count = 0;
            }
        }
    }

    /// <summary>Writes what is buffered, the line end the content lacks, and <c>.CRLF</c>, then flushes.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        if (_count + 5 > BufferSize)
        {
            await _inner.WriteAsync(_buffer, 0, _count, cancellationToken).ConfigureAwait(false);
            _count = 0;
        }

        if (ContentLength > 0 && !(_beforeLast == '\r' && _last == '\n'))
        {
            _buffer[_count++] = (byte)'\r';
            _buffer[_count++] = (byte)'\n';
        }

        _buffer[_count++] = (byte)'.';
        _buffer[_count++] = (byte)'\r';
        _buffer[_count++] = (byte)'\n';
        await _inner.WriteAsync(_buffer, 0, _count, cancellationToken).ConfigureAwait(false);
        _count = 0;
        await _inner.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Flush()
    {
        // Buffered content is written by FinishAsync, in the same write as the terminating dot.
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Copies input into the buffer until the input or the buffer runs out; returns the input bytes taken.</summary>
    private int Stuff(byte[] input, int offset, int count)
    {
        var buffer = _buffer;
        var position = _count;
        var limit = BufferSize - 1;
        var i = 0;
        while (i < count && position < limit)
        {
            var b = input[offset + i];
            if (_atLineStart && b == (byte)'.')
            {
                buffer[position++] = (byte)'.';
            }

            buffer[position++] = b;
            _atLineStart = b == (byte)'\n';
            _beforeLast = _last;
            _last = b;
            i++;
        }

        _count = position;
        ContentLength += i;
        return i;
    }
}
