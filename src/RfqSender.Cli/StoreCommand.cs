using System.CommandLine;
using System.Globalization;
using RfqSender.Engine;
using RfqSender.Engine.Settings;

namespace RfqSender.Cli;

/// <summary><c>rfq store copy</c>: the CLI face of Copy-RfqStore.</summary>
internal static class StoreCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var numbers = new Argument<string[]>("rfq-number") { Description = "Only these campaigns (default: every campaign of the source store).", Arity = ArgumentArity.ZeroOrMore };
        var store = CommonOptions.Store();
        var storeConnection = CommonOptions.StoreConnection();
        var to = new Option<string?>("--to") { Description = "The target: a SQLite store file (created when missing).", HelpName = "file" };
        var toConnection = new Option<string?>("--to-connection")
        {
            Description = "The target: a PostgreSQL store's connection string, Host=...;Database=...;Username=... (its password from --to-password-variable, or the string).",
            HelpName = "connection-string",
        };
        var toPasswordVariable = new Option<string?>("--to-password-variable")
        {
            Description = "The environment variable holding the target's PostgreSQL password (default: none; the connection string's).",
            HelpName = "name",
        };
        var json = CommonOptions.Json();
        var copy = new Command("copy", "Copy campaigns to another store (a SQLite file to a shared PostgreSQL database, or back): every delivery with its state, attempts and Message-ID; running it again copies nothing more.")
        {
            numbers, store, storeConnection, to, toConnection, toPasswordVariable, json,
        };
        copy.SetAction(parse =>
        {
            try
            {
                var file = parse.GetValue(to);
                var connection = parse.GetValue(toConnection);
                if (string.IsNullOrEmpty(file) == string.IsNullOrEmpty(connection))
                {
                    error.WriteLine("rfq: name the store to copy to: --to <file> (SQLite) or --to-connection <connection-string> (PostgreSQL), one of them.");
                    return ExitCodes.InvalidInput;
                }

                var password = parse.GetValue(toPasswordVariable) is string variable
                    ? Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
                        ? CommonOptions.Secure(value)
                        : throw new SettingsException(variable, null, variable, "the environment variable named for the target's password is not set")
                    : null;
                var target = new SettingsOverrides
                {
                    StorePath = string.IsNullOrEmpty(file) ? null : Path.GetFullPath(file!),
                    StoreConnectionString = connection,
                    StorePassword = password,
                }.ApplyTo(new RfqSenderSettings()).EffectiveStore;

                using var runtime = CommonOptions.OpenExistingStore(parse.GetValue(store), parse.GetValue(storeConnection), error);
                if (runtime is null)
                {
                    return ExitCodes.InvalidInput;
                }

                var wanted = parse.GetValue(numbers) is { Length: > 0 } named ? named : null;
                var results = runtime.CopyToAsync(target, wanted, onCopied: null, CancellationToken.None).GetAwaiter().GetResult();
                foreach (var result in results)
                {
                    if (parse.GetValue(json))
                    {
                        JsonLines.Write(output, result);
                    }
                    else
                    {
                        output.WriteLine(string.Format(
                            CultureInfo.InvariantCulture,
                            "{0}: {1} copied, {2} already there{3} ({4} -> {5})",
                            result.RfqNumber,
                            result.Copied,
                            result.AlreadyPresent,
                            result.CampaignAdded ? ", campaign new to the target" : string.Empty,
                            result.Source,
                            result.Target));
                    }
                }

                return ExitCodes.Success;
            }
            catch (RfqSenderException ex)
            {
                return ExitCodes.Report(error, ex);
            }
        });
        return new Command("store", "Work with whole stores.") { copy };
    }
}
