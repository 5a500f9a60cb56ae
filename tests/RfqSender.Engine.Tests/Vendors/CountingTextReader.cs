namespace RfqSender.Engine.Tests.Vendors;

/// <summary>Text read from a string, counting how many characters the reader under test took.</summary>
internal sealed class CountingTextReader : TextReader
{
    private readonly StringReader _inner;

    public CountingTextReader(string text) => _inner = new StringReader(text);

    public long CharactersRead { get; private set; }

    public override int Peek() => _inner.Peek();

    public override int Read()
    {
        var c = _inner.Read();
        if (c >= 0)
        {
            CharactersRead++;
        }

        return c;
    }

    public override int Read(char[] buffer, int index, int count)
    {
        var read = _inner.Read(buffer, index, count);
        CharactersRead += read;
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        _inner.Dispose();
        base.Dispose(disposing);
    }
}
