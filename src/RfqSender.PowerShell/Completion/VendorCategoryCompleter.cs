using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace RfqSender.PowerShell.Completion;

/// <summary>Completes vendor categories from the store: those of the campaign named on the command line, else of every campaign.</summary>
public sealed class VendorCategoryCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        StoreCompletion.Complete(fakeBoundParameters, wordToComplete, store =>
            store.GetCategoriesAsync(fakeBoundParameters["RfqNumber"] as string, CancellationToken.None).GetAwaiter().GetResult());
}
