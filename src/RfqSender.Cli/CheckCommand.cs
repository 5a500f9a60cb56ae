using System.CommandLine;
using RfqSender.Engine;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Templates;
using RfqSender.Engine.Vendors;

namespace RfqSender.Cli;

/// <summary>
/// <c>rfq check</c>: validates an RFQ file (the CLI face of Import-Rfq / New-Rfq), and optionally its vendors against the
/// templates; fields that render empty for some vendors are warnings (exit code 0), unknown fields errors.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var rfqPath = new Argument<string>("rfq") { Description = "The RFQ definition file (YAML)." };
        var vendors = new Option<string?>("--vendors", "-v") { Description = "Also check that the templates render for every vendor of this file, and warn about fields that render empty.", HelpName = "file" };
        var encoding = CommonOptions.Encoding();
        var delimiter = CommonOptions.Delimiter();
        var command = new Command("check", "Validate an RFQ file: fields, templates, attachments and limits; with --vendors, every vendor too.") { rfqPath, vendors, encoding, delimiter };
        command.SetAction(parse =>
        {
            try
            {
                var rfq = RfqFileLoader.Load(parse.GetValue(rfqPath)!);
                var templates = RfqTemplates.From(rfq);
                var attachments = AttachmentPreparer.Prepare(rfq, new AttachmentLimits()).Attachments;
                output.WriteLine($"{rfq.Number}: {rfq.Title}");
                output.WriteLine($"  due {rfq.DueDate:yyyy-MM-dd HH:mm zzz}, from {rfq.From}, {rfq.Items.Count} item(s), {attachments.Count} attachment(s)");
                foreach (var warning in RfqWarnings.Of(rfq, DateTimeOffset.Now))
                {
                    error.WriteLine("warning: " + warning);
                }

                var vendorFile = parse.GetValue(vendors);
                if (vendorFile is not null)
                {
                    var read = VendorFileReader.Read(vendorFile, VendorFileOptionNames.Options(null, parse.GetValue(encoding), parse.GetValue(delimiter)));
                    var problems = read.Errors.Select(e => "invalid vendor: " + e)
                        .Concat(templates.Check(read.Vendors).Select(p => "template: " + p))
                        .ToList();
                    foreach (var problem in problems)
                    {
                        error.WriteLine(problem);
                    }

                    var warnings = templates.CheckEmptyFields(read.Vendors);
                    foreach (var warning in warnings)
                    {
                        error.WriteLine("warning: " + warning.Message);
                    }

                    if (problems.Count > 0)
                    {
                        return ExitCodes.InvalidInput;
                    }

                    var warned = warnings.Count == 0 ? string.Empty : $", {warnings.Count} warning(s)";
                    output.WriteLine($"  {read.Vendors.Count} vendor(s) from {vendorFile}: all render{warned}");
                }

                return ExitCodes.Success;
            }
            catch (RfqSenderException ex)
            {
                error.WriteLine("rfq: " + ex.Message);
                return ExitCodes.InvalidInput;
            }
        });
        return command;
    }
}
