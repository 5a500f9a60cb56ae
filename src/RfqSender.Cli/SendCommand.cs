using System.CommandLine;
using RfqSender.Engine;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Templates;
using RfqSender.Engine.Sending;
using RfqSender.Engine.Settings;
using RfqSender.Engine.Tracking;
using RfqSender.Engine.Operations;
using RfqSender.Engine.Vendors;

namespace RfqSender.Cli;

/// <summary><c>rfq send</c>: the CLI face of Send-Rfq.</summary>
internal static class SendCommand
{
    /// <summary>Sends the vendors (or everything due), printing results and progress as they come.</summary>
    public static async Task RunAsync(RfqSendSession session, IEnumerable<IReadOnlyList<Vendor>>? batches, int expected, ResultPrinter printer, TextWriter error, CancellationToken cancellationToken)
    {
        // A paused campaign: say so at once, and register and send nothing.
        if (await session.GetPauseAsync(cancellationToken) is not null)
        {
            return;
        }

        if (batches is null)
        {
            await session.PrepareAsync(cancellationToken);
            expected = (await session.GetDueCountsAsync(cancellationToken)).Where(c => c.Key != DeliveryState.Sending).Sum(c => c.Value);
        }

        var progress = new ProgressLine(error, live: ReferenceEquals(error is PrintableWriter p ? p.Inner : error, Console.Error) && !Console.IsErrorRedirected, expected);
        void Report(DeliveryResult result)
        {
            lock (progress)
            {
                printer.Print(result);
                progress.Report(result);
            }
        }

        session.Notice = notice =>
        {
            lock (progress)
            {
                progress.Notice(notice);
            }
        };
        try
        {
            if (batches is not null)
            {
                // The whole file is registered before anything is sent: a run stopped part way leaves
                // every vendor of it due, not only those it had reached.
                await session.RegisterAllAsync(batches, "rfq send", cancellationToken);
                foreach (var batch in batches)
                {
                    await session.SendRegisteredVendorsAsync(batch, Report, cancellationToken);
                }
            }
            else
            {
                await session.SendDueAsync(Report, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            progress.Finish();
            var outstanding = await session.GetOutstandingAsync(CancellationToken.None);
            var left = outstanding.Count == 0 ? string.Empty : "; left to do: " + string.Join(", ", outstanding.Select(o => $"{o.Value} {o.Key}"));
            error.WriteLine($"rfq: {session.Rfq.Number} stopped: {printer.Counts}{left}.");
            throw;
        }
        finally
        {
            session.Notice = null;
            progress.Finish();
        }

        if (session.Recovery is { InDoubt: > 0 } recovery)
        {
            error.WriteLine($"rfq: {recovery.InDoubt} delivery(ies) were in flight when an earlier run stopped and are now InDoubt; see 'rfq deliveries {session.Rfq.Number} --state InDoubt', and resend them with --in-doubt resend if you decide to.");
        }
    }

    /// <summary>
    /// The exit code of a finished run: <see cref="ExitCodes.Incomplete"/> while the campaign has
    /// deliveries left to do (each state counted on stderr), else 1 when some failed, else 0.
    /// </summary>
    public static async Task<int> ExitCodeAsync(RfqSendSession session, ResultPrinter printer, TextWriter error, CancellationToken cancellationToken)
    {
        var paused = session.Paused ?? await session.GetPauseAsync(cancellationToken);
        if (paused is not null)
        {
            // Not finished: the pause holds the rest until someone lifts it.
            var outstandingNow = await session.GetOutstandingAsync(cancellationToken);
            var leftNow = outstandingNow.Count == 0 ? "nothing" : string.Join(", ", outstandingNow.Select(o => $"{o.Value} {o.Key}"));
            error.WriteLine($"rfq: {session.Rfq.Number} is not finished (left: {leftNow}).");
            PauseCommand.WritePaused(error, paused);
            return ExitCodes.Incomplete;
        }

        if (await session.GetSendingElsewhereAsync(cancellationToken) is int elsewhere and > 0)
        {
            error.WriteLine($"rfq: {elsewhere} delivery(ies) of {session.Rfq.Number} are being sent by other senders of the store.");
        }

        var outstanding = await session.GetOutstandingAsync(cancellationToken);
        if (outstanding.Count > 0)
        {
            var left = string.Join(", ", outstanding.Select(o => $"{o.Value} {o.Key}"));
            var when = session.RateLimitedUntil is DateTimeOffset until ? $" (the rate limit allows the next message at {until:u})" : string.Empty;
            var inDoubt = outstanding.ContainsKey(DeliveryState.InDoubt)
                ? $"; decide on the InDoubt ones ('rfq deliveries {session.Rfq.Number} --state InDoubt', then --in-doubt resend)"
                : string.Empty;
            error.WriteLine($"rfq: {session.Rfq.Number} is not finished: {left}. Run it again to go on{when}{inDoubt}.");
            return ExitCodes.Incomplete;
        }

        return printer.Failures > 0 ? ExitCodes.DeliveriesFailed : ExitCodes.Success;
    }

    public static Command Create(TextWriter output, TextWriter error)
    {
        var rfqPath = new Argument<string>("rfq") { Description = "The RFQ definition file (YAML)." };
        var vendors = new Option<string?>("--vendors", "-v") { Description = "Vendor file (CSV, YAML or JSON). Without it, every delivery still due in the store is sent (resume).", HelpName = "file" };
        var category = CommonOptions.Category();
        var pacing = new PacingOptions();
        var skipInvalid = CommonOptions.SkipInvalid();
        var delivery = new DeliveryOptions();
        var whatIf = new Option<bool>("--what-if") { Description = "Show what would be sent; send and record nothing." };
        var json = CommonOptions.Json();
        var encoding = CommonOptions.Encoding();
        var delimiter = CommonOptions.Delimiter();
        var testRecipient = new Option<string[]>("--test-recipient")
        {
            Description = "Send the real message of the first vendor(s) to this address instead, as a test ([TEST] subject, X-RfqSender-Test: 1, a Message-ID of its own); nothing is registered (repeatable).",
            HelpName = "address",
        };
        var testCount = new Option<int?>("--test-count") { Description = "How many vendors' messages a test send sends (the first of the file); default 1, at most 100.", HelpName = "n" };

        var command = new Command("send", "Send an RFQ to vendors; re-running it sends only to vendors not yet sent.")
        {
            rfqPath, vendors, category, skipInvalid, whatIf, json, encoding, delimiter, testRecipient, testCount,
        };
        pacing.AddTo(command);
        delivery.AddTo(command);

        // --test-recipient: the vendors' real messages go to the test addresses; no store is opened.
        async Task<int> TestSendAsync(ParseResult parse, Rfq rfq, VendorReadOptions readOptions, CancellationToken cancellationToken)
        {
            var given = pacing.Given(parse).ToList();
            given.AddRange(delivery.StoreGiven(parse));

            if (given.Count > 0)
            {
                error.WriteLine($"rfq: --test-recipient sends test messages without a store or a campaign's pacing; {string.Join(", ", given)} would not apply: remove it.");
                return ExitCodes.InvalidInput;
            }

            var count = parse.GetValue(testCount) ?? 1;
            var vendorFile = parse.GetValue(vendors);
            string? problem = parse.GetValue(testRecipient) is not { Length: > 0 } ? "--test-count belongs to a test send: give --test-recipient too."
                : count is < 1 or > 100 ? $"--test-count must be from 1 to 100, not {count}."
                : vendorFile is null ? "a test send needs --vendors: the vendors whose messages go to the test recipients."
                : null;
            if (problem is not null)
            {
                error.WriteLine("rfq: " + problem);
                return ExitCodes.InvalidInput;
            }

            try
            {
                RfqTestSend.ParseRecipients(parse.GetValue(testRecipient));
            }
            catch (RfqSenderException ex)
            {
                error.WriteLine("rfq: " + ex.Message);
                return ExitCodes.InvalidInput;
            }

            var read = VendorFileReader.Read(vendorFile!, readOptions);
            foreach (var invalid in read.Errors)
            {
                error.WriteLine("invalid vendor: " + invalid);
            }

            if (read.Errors.Count > 0 && !parse.GetValue(skipInvalid))
            {
                error.WriteLine($"rfq: {read.Errors.Count} invalid vendor record(s) in {vendorFile}; no test message was sent. Fix them, or use --skip-invalid.");
                return ExitCodes.InvalidInput;
            }

            var chosen = read.Vendors.Take(count).ToList();
            if (chosen.Count == 0)
            {
                error.WriteLine($"rfq: {vendorFile} holds no vendor to send a test message of.");
                return ExitCodes.InvalidInput;
            }

            await using var runtime = RfqRuntime.Create(delivery.Load(parse));
            var test = runtime.StartTestSend(pacing.Sender(rfq, parse), parse.GetValue(testRecipient)!, pacing.VendorAttachmentField(parse));
            var problems = test.Validate(chosen);
            if (problems.Count > 0)
            {
                foreach (var line in problems)
                {
                    error.WriteLine("template: " + line);
                }

                error.WriteLine("rfq: the templates cannot be rendered; no test message was sent.");
                return ExitCodes.InvalidInput;
            }

            var to = string.Join("; ", test.Recipients.Select(r => r.Address));
            var (sent, failed) = (0, 0);
            foreach (var vendor in chosen)
            {
                if (parse.GetValue(whatIf))
                {
                    output.WriteLine($"{"WouldSend",-11} test message of {vendor.Name} [{vendor.Key}] to <{to}>");
                    continue;
                }

                var result = await test.SendAsync(vendor, cancellationToken);
                if (parse.GetValue(json))
                {
                    JsonLines.Write(output, result);
                }
                else
                {
                    output.WriteLine($"{(result.Sent ? "TestSent" : "NotSent"),-11} {result.Vendor} [{result.VendorKey}] to <{result.SentTo}> instead of <{result.VendorRecipients}>{(result.Detail is null ? string.Empty : "  " + result.Detail)}");
                }

                if (result.Sent)
                {
                    sent++;
                }
                else
                {
                    failed++;
                }
            }

            error.WriteLine($"{rfq.Number}: {sent} test message(s) sent to {to}{(failed > 0 ? $", {failed} not sent" : string.Empty)}; nothing was registered. Transport: {runtime.TransportDescription}.");
            return failed > 0 ? ExitCodes.DeliveriesFailed : ExitCodes.Success;
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var printer = new ResultPrinter(output, parse.GetValue(json));
            try
            {
                var rfq = RfqFileLoader.Load(parse.GetValue(rfqPath)!);
                foreach (var warning in RfqWarnings.Of(rfq, DateTimeOffset.Now))
                {
                    error.WriteLine("warning: " + warning);
                }

                var options = pacing.Build(parse);
                var categories = parse.GetValue(category);
                var readOptions = VendorFileOptionNames.Options(categories, parse.GetValue(encoding), parse.GetValue(delimiter));
                if (parse.GetValue(testRecipient) is { Length: > 0 } || parse.GetValue(testCount) is not null)
                {
                    return await TestSendAsync(parse, rfq, readOptions, cancellationToken);
                }

                // The RFQ is prepared (templates, attachments) and every vendor checked against it
                // before the store is even opened.
                var prepared = PreparedRfq.Prepare(pacing.Sender(rfq, parse), options);
                IEnumerable<IReadOnlyList<Vendor>>? batches = null;
                var expected = 0;
                var vendorFile = parse.GetValue(vendors);
                if (vendorFile is not null)
                {
                    var input = RfqRuntime.CheckVendorFile(prepared, vendorFile, readOptions, Math.Max(options.BatchSize, 1000));
                    var (rowErrors, problems, problemCount) = (input.Errors, input.Problems, input.ProblemCount);
                    batches = input.Batches();
                    expected = input.VendorCount;
                    if (input.CategoryWarning(vendorFile, readOptions) is { } none)
                    {
                        error.WriteLine("warning: " + none);
                    }

                    foreach (var problem in rowErrors)
                    {
                        error.WriteLine("invalid vendor: " + problem);
                    }

                    if (rowErrors.Count > 0 && !parse.GetValue(skipInvalid))
                    {
                        error.WriteLine($"rfq: {rowErrors.Count} invalid vendor record(s) in {vendorFile}; nothing was sent. Fix them, or use --skip-invalid.");
                        return ExitCodes.InvalidInput;
                    }

                    if (problemCount > 0)
                    {
                        foreach (var problem in problems)
                        {
                            error.WriteLine("template: " + problem);
                        }

                        if (problemCount > problems.Count)
                        {
                            error.WriteLine($"template: ... and {problemCount - problems.Count} more");
                        }

                        error.WriteLine("rfq: the templates cannot be rendered for every vendor; nothing was sent.");
                        return ExitCodes.InvalidInput;
                    }
                }

                await using var runtime = delivery.CreateRuntime(parse, parse.GetValue(whatIf));
                var session = runtime.StartSend(prepared, parse.GetValue(whatIf));
                if (parse.GetValue(whatIf))
                {
                    // With a vendor file: what sending it would do; without: what is due in the store (as Send-Rfq -WhatIf).
                    if (batches is null)
                    {
                        foreach (var result in await session.PreviewDueAsync(cancellationToken))
                        {
                            printer.Print(result);
                        }
                    }
                    else
                    {
                        foreach (var batch in batches)
                        {
                            foreach (var result in await session.PreviewAsync(batch, cancellationToken))
                            {
                                printer.Print(result);
                            }
                        }
                    }
                }
                else
                {
                    await SendCommand.RunAsync(session, batches, expected, printer, error, cancellationToken);
                }

                printer.Summarise(error, rfq.Number, runtime.StoreDescription, runtime.TransportDescription ?? string.Empty);
                return parse.GetValue(whatIf) ? ExitCodes.Success : await ExitCodeAsync(session, printer, error, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                error.WriteLine("rfq: stopped; run the same command again to resume.");
                return ExitCodes.Cancelled;
            }
            catch (Exception ex) when (ExitCodes.Of(ex) is not null)
            {
                return ExitCodes.Report(error, ex);
            }
        });
        return command;
    }
}
