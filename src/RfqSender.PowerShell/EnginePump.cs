using System.Collections.Concurrent;

namespace RfqSender.PowerShell;

/// <summary>
/// Runs engine work on the thread pool while the cmdlet's pipeline thread writes what the engine
/// reports: PowerShell allows WriteObject, WriteError and WriteProgress only from that thread.
/// </summary>
internal sealed class EnginePump<T> : IDisposable
{
    private readonly BlockingCollection<T> _items = new();

    /// <summary>The callback the engine reports through; safe from any thread.</summary>
    public void Post(T item) => _items.Add(item);

    /// <summary>
    /// Starts <paramref name="work"/> and hands every posted item to <paramref name="write"/> on the
    /// calling thread until the work ends; then rethrows the work's exception, if any.
    /// </summary>
    public void Run(Func<Task> work, Action<T> write)
    {
        var task = Task.Run(work);
        while (!task.IsCompleted || _items.Count > 0)
        {
            if (_items.TryTake(out var item, 50))
            {
                write(item);
            }
        }

        task.GetAwaiter().GetResult();
    }

    /// <inheritdoc />
    public void Dispose() => _items.Dispose();
}
