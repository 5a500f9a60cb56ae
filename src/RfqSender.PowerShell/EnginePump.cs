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
    public static void Run<T>(Func<Action<T>, CancellationToken, Task> work, Action<T> write, CancellationToken cancellationToken)
    {
        using var items = new BlockingCollection<T>();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var task = Task.Run(async () =>
        {
            try
            {
                await work(item => items.Add(item), linked.Token).ConfigureAwait(false);
            }
            finally
            {
                items.CompleteAdding();
            }
        });

        try
        {
            foreach (var item in items.GetConsumingEnumerable())
            {
                write(item);
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
