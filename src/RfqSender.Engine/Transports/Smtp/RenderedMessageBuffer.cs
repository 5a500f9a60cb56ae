using System.Buffers;

namespace RfqSender.Engine.Transports.Smtp;

/// <summary>
/// A message rendered once, then sized (for SIZE) and sent from here: pooled 64 KiB chunks while it
/// is small, a temporary file (deleted on close) once it passes <see cref="MemoryLimit"/>, so a
/// 25 MB attachment does not hold 34 MB of base64 in memory per connection. Write, then
/// <see cref="WriteToAsync"/> any number of times, then <see cref="Clear"/>
/// for the next message.
/// </summary>
internal sealed class RenderedMessageBuffer : Stream
{
    private const int ChunkSize = 64 * 1024;
    private readonly List<byte[]> _chunks = new();
    private long _length;
    private FileStream? _file;

    /// <summary>Creates an empty buffer that keeps up to <paramref name="memoryLimit"/> bytes in memory.</summary>
    public RenderedMessageBuffer(long memoryLimit = 4 * 1024 * 1024)
    {
        MemoryLimit = memoryLimit;
    }

    /// <summary>The most bytes held in memory; a larger message goes to a temporary file.</summary>
    public long MemoryLimit { get; }

    /// <summary>True when the content lies in a temporary file.</summary>
    public bool IsFileBacked => _file is not null;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    /// <summary>Forgets the content: chunks go back to the pool, the temporary file is deleted.</summary>
    public void Clear()
    {
        foreach (var chunk in _chunks)
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        _chunks.Clear();
        _file?.Dispose();
        _file = null;
        _length = 0;
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        if (_file is null && _length + count > MemoryLimit)
        {
            SpillToFile();
        }

        if (_file is not null)
        {
            _file.Write(buffer, offset, count);
            _length += count;
            return;
        }

        while (count > 0)
        {
            var used = (int)(_length % ChunkSize);
            if (used == 0 && _length / ChunkSize == _chunks.Count)
            {
                _chunks.Add(ArrayPool<byte>.Shared.Rent(ChunkSize));
            }

            var take = Math.Min(count, ChunkSize - used);
            Buffer.BlockCopy(buffer, offset, _chunks[(int)(_length / ChunkSize)], used, take);
            _length += take;
            offset += take;
            count -= take;
        }
    }

    /// <summary>Writes the whole content to <paramref name="destination"/>.</summary>
    public async Task WriteToAsync(Stream destination, CancellationToken cancellationToken)
    {
        if (_file is not null)
        {
            _file.Position = 0;
            await _file.CopyToAsync(destination, ChunkSize, cancellationToken).ConfigureAwait(false);
            _file.Position = _file.Length;
            return;
        }

        var left = _length;
        foreach (var chunk in _chunks)
        {
            var take = (int)Math.Min(left, ChunkSize);
            await destination.WriteAsync(chunk, 0, take, cancellationToken).ConfigureAwait(false);
            left -= take;
        }
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        Clear();
        base.Dispose(disposing);
    }

    private void SpillToFile()
    {
        var path = Path.Combine(Path.GetTempPath(), "rfqsender-" + Guid.NewGuid().ToString("N") + ".msg");
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, ChunkSize, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        var left = _length;
        foreach (var chunk in _chunks)
        {
            var take = (int)Math.Min(left, ChunkSize);
            _file.Write(chunk, 0, take);
            left -= take;
            ArrayPool<byte>.Shared.Return(chunk);
        }

        _chunks.Clear();
    }
}
