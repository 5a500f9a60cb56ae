using System.Diagnostics;
using RfqSender.Engine.Sending;

namespace RfqSender.Cli;

/// <summary>
/// Progress on standard error: one line rewritten in place on a terminal; on a redirected stream a
/// plain line every few seconds, so logs stay readable.
/// </summary>
internal sealed class ProgressLine
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LiveInterval = TimeSpan.FromMilliseconds(100);
    private readonly TextWriter _error;
    private readonly bool _live;
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private TimeSpan _lastPlain;
    private int _done;
    private int _failed;
    private bool _finished;

    public ProgressLine(TextWriter error, bool live, int expected)
    {
        // The live line rewrites itself with a carriage return, which a printable-only writer would escape.
        _error = live && error is PrintableWriter printable ? printable.Inner : error;
        _live = live;
        Expected = expected;
    }

    public int Expected { get; set; }

    public void Report(DeliveryResult result)
    {
        _done++;
        if (result.IsError)
        {
            _failed++;
        }

        var elapsed = _elapsed.Elapsed;
        if (elapsed - _lastPlain < (_live ? LiveInterval : PlainInterval) && _done > 1)
        {
            return;
        }

        _lastPlain = elapsed;
        var rate = _done / Math.Max(elapsed.TotalSeconds, 0.001);
        var of = Expected > 0 ? $"/{Expected}" : string.Empty;
        var eta = Expected > _done && rate > 0 ? $", about {TimeSpan.FromSeconds((Expected - _done) / rate):hh\\:mm\\:ss} left" : string.Empty;
        var text = $"{_done}{of} done, {_failed} failed or in doubt, {rate:0.#}/s{eta}";
        if (_live)
        {
            _error.Write("\r" + text.PadRight(70));
        }
        else
        {
            _error.WriteLine(text);
        }
    }

    /// <summary>A line about the run (a rate-limit wait), kept apart from the progress line.</summary>
    public void Notice(string text)
    {
        _error.WriteLine((_live && _done > 0 ? "\r" + new string(' ', 70) + "\r" : string.Empty) + "rfq: " + text);
    }

    public void Finish()
    {
        if (_live && _done > 0 && !_finished)
        {
            _error.WriteLine();
        }

        _finished = true;
    }
}
