using System.Collections.Concurrent;

namespace RfqSender.PowerShell;

/// <summary>
/// Runs engine work on the thread pool while the cmdlet's pipeline thread writes what the engine
/// reports: PowerShell allows WriteObject, WriteError and WriteProgress only from that thread.
/// </summary>
internal static class EnginePump
{
    /// <summary>
    /// Starts <paramref name="work"/> and hands every item it posts to <paramref name="write"/> on the
    /// calling thread until the work ends, then rethrows the work's exception, if any. When
    /// <paramref name="write"/> throws (the pipeline was stopped downstream, -ErrorAction Stop, Ctrl+C),
    /// the work is cancelled and awaited before the exception goes on, so nothing keeps sending
    /// behind the caller's back and claimed work is handed back to the store.
    /// </summary>
    /// <param name="work">The engine work; it posts items through the action it is given.</param>
    /// <param name="write">Writes one item on the calling (pipeline) thread.</param>
    /// <param name="cancellationToken">Stops the work (Ctrl+C).</param>
    /// <param name="acknowledge">
    /// Items the work must not go past until they are written, e.g. an error that -ErrorAction Stop
    /// turns into a stop: the work waits for the write, and a write that throws stops it before its
    /// next message. Null for none.
    /// </param>
    public static void Run<T>(Func<Action<T>, CancellationToken, Task> work, Action<T> write, CancellationToken cancellationToken, Func<T, bool>? acknowledge = null)
    {
        using var items = new BlockingCollection<(T Item, ManualResetEventSlim? Written)>();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var task = Task.Run(async () =>
        {
            try
            {
                await work(
                    item =>
                    {
                        if (acknowledge?.Invoke(item) != true)
                        {
                            items.Add((item, null));
                            return;
                        }

                        // Not disposed: the pipeline thread may still set it after a stop cancelled this wait.
                        var written = new ManualResetEventSlim();
                        items.Add((item, written));
                        written.Wait(linked.Token);
                    },
                    linked.Token).ConfigureAwait(false);
            }
            finally
            {
                items.CompleteAdding();
            }
        });

        try
        {
            foreach (var (item, written) in items.GetConsumingEnumerable())
            {
                write(item);
                written?.Set();
            }
        }
        catch
        {
            linked.Cancel();
            try
            {
                task.Wait();
            }
            catch (AggregateException)
            {
                // The caller's exception is the one that matters; the work only stopped because of it.
            }

            throw;
        }

        task.GetAwaiter().GetResult();
    }
}
