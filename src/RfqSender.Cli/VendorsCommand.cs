using System.CommandLine;
using RfqSender.Engine;
using RfqSender.Engine.Vendors;

namespace RfqSender.Cli;

/// <summary><c>rfq vendors</c>: the CLI face of Get-RfqVendor.</summary>
internal static class VendorsCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var path = new Argument<string>("file") { Description = "Vendor file (CSV, YAML or JSON)." };
        var category = CommonOptions.Category();
        var skipInvalid = CommonOptions.SkipInvalid();
        var json = CommonOptions.Json();
        var encoding = CommonOptions.Encoding();
        var delimiter = CommonOptions.Delimiter();
        var command = new Command("vendors", "Read and validate a vendor file; every invalid row is reported with its line and field.")
        {
            path, category, skipInvalid, json, encoding, delimiter,
        };
        command.SetAction(parse =>
        {
            try
            {
                var categories = parse.GetValue(category);
                var result = VendorFileReader.Scan(parse.GetValue(path)!, VendorFileOptionNames.Options(categories, parse.GetValue(encoding), parse.GetValue(delimiter)));
                foreach (var problem in result.Errors)
                {
                    error.WriteLine("invalid vendor: " + problem);
                }

                if (result.Errors.Count > 0 && !parse.GetValue(skipInvalid))
                {
                    error.WriteLine($"rfq: {result.Errors.Count} invalid vendor record(s).");
                    return ExitCodes.InvalidInput;
                }

                if (Engine.Rfqs.RfqWarnings.NoVendorInCategory(parse.GetValue(path)!, categories, result.SelectedCount > 0) is { } none)
                {
                    error.WriteLine("warning: " + none);
                }

                var count = 0;
                foreach (var vendor in result.Vendors())
                {
                    count++;
                    if (parse.GetValue(json))
                    {
                        JsonLines.Write(output, new
                        {
                            vendor.Key,
                            vendor.Name,
                            To = vendor.To.Select(c => c.Mailbox.ToString()),
                            Cc = vendor.Cc.Select(c => c.Mailbox.ToString()),
                            vendor.Categories,
                            vendor.Fields,
                            vendor.Source,
                        });
                    }
                    else
                    {
                        var cc = vendor.Cc.Any() ? "  cc: " + string.Join("; ", vendor.Cc.Select(c => c.Email)) : string.Empty;
                        output.WriteLine($"{vendor.Key,-28} {vendor.Name}  <{string.Join("; ", vendor.To.Select(c => c.Email))}>{cc}  [{string.Join(", ", vendor.Categories)}]");
                    }
                }

                error.WriteLine($"{count} vendor(s).");
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
