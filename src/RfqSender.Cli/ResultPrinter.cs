using RfqSender.Engine.Sending;

namespace RfqSender.Cli;

/// <summary>Prints send results as they arrive, as text lines or JSON lines, and counts them.</summary>
internal sealed class ResultPrinter
{
    private readonly TextWriter _output;
    private readonly bool _json;
    private readonly Dictionary<SendAction, int> _counts = new();
    private int _refused;

    public ResultPrinter(TextWriter output, bool json)
    {
        _output = output;
        _json = json;
    }

    public int Failures => Count(SendAction.Failed) + Count(SendAction.InDoubt) + _refused;

    public void Print(DeliveryResult result)
    {
        _counts[result.Action] = Count(result.Action) + 1;
        if (result.HasRefusedRecipients)
        {
            _refused++;
        }

        if (_json)
        {
            JsonLines.Write(_output, result);
            return;
        }

        _output.WriteLine($"{result.Action,-11} {result.Vendor} <{string.Join("; ", result.To)}>{(result.Detail is null ? string.Empty : "  " + result.Detail)}");
        if (result.PendingRecipients is not null)
        {
            _output.WriteLine($"warning     {result.Vendor}: refused for now {result.PendingRecipients}; the delivery stays deferred and the next run tries them again");
        }

        if (result.RefusedRecipients is not null)
        {
            _output.WriteLine($"warning     {result.Vendor}: the server refused {result.RefusedRecipients}; they did not get the message");
        }
    }

    /// <summary>What this run did so far, e.g. <c>12 sent, 1 deferred</c>.</summary>
    public string Counts => _counts.Count == 0 ? "nothing to do" : string.Join(", ", _counts.OrderBy(c => c.Key).Select(c => $"{c.Value} {Words(c.Key)}"));

    public void Summarise(TextWriter error, string rfqNumber, string store, string transport) =>
        error.WriteLine($"{rfqNumber}: {Counts}. Store: {store}. Transport: {transport}.");

    private static string Words(SendAction action) => action switch
    {
        SendAction.AlreadyDone => "already done",
        SendAction.WouldSend => "would be sent",
        SendAction.NotSent => "not sent in this run",
        SendAction.InDoubt => "in doubt",
        SendAction.PartlySent => "partly sent",
        SendAction.NotReminded => "not reminded",
        _ => action.ToString().ToLowerInvariant(),
    };

    private int Count(SendAction action) => _counts.TryGetValue(action, out var n) ? n : 0;
}
