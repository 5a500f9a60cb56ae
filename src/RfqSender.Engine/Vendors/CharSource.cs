namespace RfqSender.Engine.Vendors;

/// <summary>
/// Characters read front to back with a few characters of look-ahead: over a string, or over a
/// <see cref="TextReader"/> through a window that keeps only what has not been consumed yet, so a
/// large file is never held in memory.
/// </summary>
internal sealed class CharSource
{
    private readonly TextReader? _reader;
    private char[] _buffer;
    private int _start;
    private int _count;
    private bool _eof;

    public CharSource(string text)
    {
        _buffer = text.ToCharArray();
        _count = _buffer.Length;
        _eof = true;
    }

    public CharSource(TextReader reader)
    {
        _reader = reader;
        _buffer = new char[16 * 1024];
    }

    /// <summary>The character <paramref name="offset"/> places ahead, or -1 past the end.</summary>
    public int Peek(int offset = 0)
    {
        while (offset >= _count && !_eof)
        {
            Fill();
        }

        return offset < _count ? _buffer[_start + offset] : -1;
    }

    /// <summary>Consumes <paramref name="count"/> characters.</summary>
    public void Advance(int count = 1)
    {
        var step = Math.Min(count, _count);
        _start += step;
        _count -= step;
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _count);
            _start = 0;
        }

        if (_count == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = _reader!.Read(_buffer, _count, _buffer.Length - _count);
        if (read == 0)
        {
            _eof = true;
        }

        _count += read;
    }
}
