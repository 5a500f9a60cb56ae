using System.CommandLine;
using System.Globalization;
using RfqSender.Engine;
using RfqSender.Engine.Quotes;

namespace RfqSender.Cli;

/// <summary><c>rfq quotes</c>: the CLI face of Get-RfqQuote.</summary>
internal static class QuotesCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var number = new Argument<string>("rfq-number") { Description = "The campaign." };
        var vendors = new Option<string[]>("--vendor") { Description = "Only these vendors' rows (repeatable); the lowest price still compares every vendor.", HelpName = "vendor-key" };
        var needsReview = new Option<bool>("--needs-review") { Description = "Only the sheets that need review, a row per problem." };
        var comparison = new Option<string?>("--comparison") { Description = "Write the item x vendor comparison to this workbook (.xlsx) instead; prints its path.", HelpName = "file.xlsx" };
        var noClobber = new Option<bool>("--no-clobber") { Description = "With --comparison, refuse to replace a file that exists." };
        var csv = new Option<bool>("--csv") { Description = "Write the rows as CSV." };
        var json = CommonOptions.Json();
        var store = CommonOptions.Store();
        var storeConnection = CommonOptions.StoreConnection();
        var command = new Command("quotes", "The quotes vendors' filled-in quote sheets brought back: a row per vendor and item with the lowest price marked, then the sheets that need review; or their comparison as a workbook.")
        {
            number, vendors, needsReview, comparison, noClobber, csv, json, store, storeConnection,
        };
        command.SetAction(parse =>
        {
            try
            {
                using var runtime = CommonOptions.OpenExistingStore(parse.GetValue(store), parse.GetValue(storeConnection), error);
                if (runtime is null)
                {
                    return ExitCodes.InvalidInput;
                }

                var rfqNumber = parse.GetValue(number)!;
                if (parse.GetValue(comparison) is { } path)
                {
                    output.WriteLine(runtime.ExportQuoteComparisonAsync(rfqNumber, path, !parse.GetValue(noClobber), CancellationToken.None).GetAwaiter().GetResult());
                    return ExitCodes.Success;
                }

                var keys = parse.GetValue(vendors) is { Length: > 0 } named ? named : null;
                var rows = runtime.GetQuoteRowsAsync(rfqNumber, keys, CancellationToken.None).GetAwaiter().GetResult()
                    .Where(r => !parse.GetValue(needsReview) || r.Status == QuoteStatus.NeedsReview)
                    .ToList();
                if (parse.GetValue(csv))
                {
                    QuoteRowsCsv.Write(rows, output);
                }
                else
                {
                    foreach (var row in rows)
                    {
                        if (parse.GetValue(json))
                        {
                            JsonLines.Write(output, row);
                        }
                        else
                        {
                            output.WriteLine(Describe(row));
                        }
                    }
                }

                if (rows.Count == 0 && !parse.GetValue(json) && !parse.GetValue(csv))
                {
                    error.WriteLine($"rfq: no quote sheet of {rfqNumber} came back yet{(keys is null ? string.Empty : " from those vendors")}.");
                }

                return ExitCodes.Success;
            }
            catch (RfqSenderException ex)
            {
                return ExitCodes.Report(error, ex);
            }
        });
        return command;
    }

    private static string Describe(QuoteRow row) => row.Problem is not null
        ? $"{row.VendorKey}  {row.VendorName}  needs review: {row.Problem}"
        : string.Format(
            CultureInfo.InvariantCulture,
            "{0}  {1}  {2} {3}: {4}{5}{6}",
            row.VendorKey,
            row.VendorName,
            row.Line,
            row.Part,
            row.UnitPrice is decimal price ? price.ToString("#,##0.00##", CultureInfo.InvariantCulture) + " " + row.Currency : "not quoted",
            row.LeadTimeDays is int days ? $", {days} days" : string.Empty,
            row.IsLowest ? "  (lowest)" : string.Empty);
}
