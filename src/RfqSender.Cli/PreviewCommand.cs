using System.CommandLine;
using System.Globalization;
using RfqSender.Engine;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Sending;
using RfqSender.Engine.Templates;
using RfqSender.Engine.Vendors;

namespace RfqSender.Cli;

/// <summary><c>rfq preview</c>: the CLI face of Get-RfqMessage; renders a vendor's message without sending or recording it.</summary>
internal static class PreviewCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var rfqPath = new Argument<string>("rfq") { Description = "The RFQ definition file (YAML)." };
        var vendors = new Option<string>("--vendors", "-v") { Description = "Vendor file (CSV, YAML or JSON).", HelpName = "file", Required = true };
        var vendor = new Option<string[]>("--vendor") { Description = "Only this vendor, by key or name (repeatable); default every vendor of the file.", HelpName = "key-or-name" };
        var outPath = new Option<string?>("--out", "-o") { Description = "Write the message as an .eml file: a file (one vendor) or an existing folder (one file per vendor).", HelpName = "path" };
        var html = new Option<bool>("--html") { Description = "Print the HTML body instead of the text body." };
        var json = CommonOptions.Json();
        var from = new Option<string?>("--from") { Description = "Show the message as sent from this address (as rfq send --from).", HelpName = "address" };
        var cc = new Option<string[]>("--cc") { Description = "Show the message with this archive Cc (as rfq send --cc; repeatable).", HelpName = "address" };
        var bcc = new Option<string[]>("--bcc") { Description = "Show the message with this archive Bcc (as rfq send --bcc; repeatable).", HelpName = "address" };
        var vendorFiles = new Option<string?>("--vendor-attachment-field") { Description = "Show each vendor's own files from this column too (as rfq send).", HelpName = "column" };
        var command = new Command("preview", "Show the exact message a vendor would get (headers, text, HTML, attachments); nothing is sent or recorded.")
        {
            rfqPath, vendors, vendor, outPath, html, json, from, cc, bcc, vendorFiles,
        };
        command.SetAction(parse =>
        {
            try
            {
                var rfq = RfqFileLoader.Load(parse.GetValue(rfqPath)!);
                if (parse.GetValue(from) is { Length: > 0 } sender)
                {
                    rfq = rfq.WithFrom(Engine.Messages.MailboxAddressList.ParseOne(sender, "--from"));
                }

                var renderer = RfqMessageRenderer.Create(
                    rfq,
                    vendorAttachmentField: parse.GetValue(vendorFiles),
                    archiveCc: Engine.Messages.MailboxAddressList.Parse(parse.GetValue(cc), "--cc"),
                    archiveBcc: Engine.Messages.MailboxAddressList.Parse(parse.GetValue(bcc), "--bcc"));
                var read = VendorFileReader.Read(parse.GetValue(vendors)!);
                foreach (var invalid in read.Errors)
                {
                    error.WriteLine("invalid vendor: " + invalid);
                }

                IReadOnlyList<Vendor> selected = read.Vendors;
                var missing = 0;
                if (parse.GetValue(vendor) is { Length: > 0 } wanted)
                {
                    selected = VendorLookup.Find(read.Vendors, wanted, out var notFound);
                    foreach (var name in notFound)
                    {
                        error.WriteLine($"rfq: no vendor with the key or name '{name}' in {parse.GetValue(vendors)}.");
                    }

                    missing = notFound.Count;
                }

                var path = parse.GetValue(outPath);
                if (path is not null && selected.Count > 1 && !Directory.Exists(path))
                {
                    error.WriteLine($"rfq: --out names the file '{path}', but {selected.Count} messages are rendered: name an existing folder, or choose one vendor with --vendor.");
                    return ExitCodes.InvalidInput;
                }

                var now = DateTimeOffset.Now;
                var failed = 0;
                var first = true;
                foreach (var one in selected)
                {
                    RfqMessage message;
                    try
                    {
                        message = renderer.Preview(one, now, path);
                    }
                    catch (RfqSenderException ex)
                    {
                        error.WriteLine($"rfq: {one}: {ex.Message}");
                        failed++;
                        continue;
                    }

                    if (parse.GetValue(json))
                    {
                        JsonLines.Write(output, message);
                        continue;
                    }

                    if (!first)
                    {
                        output.WriteLine();
                        output.WriteLine(new string('-', 72));
                    }

                    first = false;
                    Print(output, message, parse.GetValue(html));
                }

                return read.Errors.Count > 0 || missing > 0 || failed > 0 ? ExitCodes.InvalidInput : ExitCodes.Success;
            }
            catch (RfqSenderException ex)
            {
                error.WriteLine("rfq: " + ex.Message);
                return ExitCodes.InvalidInput;
            }
        });
        return command;
    }

    private static void Print(TextWriter output, RfqMessage message, bool html)
    {
        output.WriteLine($"Vendor:      {message.VendorName} [{message.VendorKey}]");
        output.WriteLine($"Subject:     {message.Subject}");
        output.WriteLine($"From:        {message.From}");
        output.WriteLine($"To:          {message.To}");
        if (message.Cc.Length > 0)
        {
            output.WriteLine($"Cc:          {message.Cc}");
        }

        if (message.ReplyTo is not null)
        {
            output.WriteLine($"Reply-To:    {message.ReplyTo}");
        }

        output.WriteLine($"Message-ID:  <{message.MessageId}>");
        foreach (var header in message.Headers)
        {
            output.WriteLine($"Header:      {header}");
        }

        foreach (var attachment in message.Attachments)
        {
            output.WriteLine($"Attachment:  {attachment.FileName} ({attachment.ContentType}, {attachment.Size.ToString("N0", CultureInfo.InvariantCulture)} bytes)");
        }

        var parts = string.Join(" and ", new[] { message.TextBody is null ? null : "text", message.HtmlBody is null ? null : "HTML" }.Where(p => p is not null));
        output.WriteLine($"Size:        {message.Size.ToString("N0", CultureInfo.InvariantCulture)} bytes ({parts})");
        if (message.Path is not null)
        {
            output.WriteLine($"Written to:  {message.Path}");
        }

        output.WriteLine();
        var body = html ? message.HtmlBody ?? "(no HTML body)" : message.TextBody ?? message.HtmlBody ?? string.Empty;
        output.WriteLine(body.TrimEnd());
    }
}
