using System.CommandLine;
using RfqSender.Engine;
using RfqSender.Engine.Reporting;

namespace RfqSender.Cli;

/// <summary><c>rfq report</c>: the CLI face of Export-RfqReport.</summary>
internal static class ReportCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var number = new Argument<string>("rfq-number") { Description = "The campaign." };
        var file = new Option<string?>("--out", "-o") { Description = "The file to write (its folder must exist; a file there is replaced unless --no-clobber). Without it the report goes to standard output." };
        var format = new Option<ReportFormat?>("--format") { Description = "html (one self-contained page), csv (a row per vendor) or json (the whole report). Default: from the --out extension (.csv, .json), else html." };
        var noClobber = new Option<bool>("--no-clobber") { Description = "Refuse to replace a file that exists." };
        var store = CommonOptions.Store();
        var storeConnection = CommonOptions.StoreConnection();
        var command = new Command("report", "Write a campaign's report: one self-contained HTML page (summary, answers over time, categories, every vendor's status), or the same figures as CSV or JSON.")
        {
            number, file, format, noClobber, store, storeConnection,
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
                var path = parse.GetValue(file);
                var chosen = parse.GetValue(format) ?? (path is null ? ReportFormat.Html : CampaignReportWriter.FormatOf(path));
                if (path is null)
                {
                    var report = runtime.GetReportAsync(rfqNumber, CancellationToken.None).GetAwaiter().GetResult();
                    CampaignReportWriter.Write(report, chosen, output);
                    return ExitCodes.Success;
                }

                var written = runtime.ExportReportAsync(rfqNumber, path, chosen, overwrite: !parse.GetValue(noClobber), CancellationToken.None).GetAwaiter().GetResult();
                output.WriteLine(written);
                return ExitCodes.Success;
            }
            catch (RfqSenderException ex)
            {
                return ExitCodes.Report(error, ex);
            }
        });
        return command;
    }
}
