using RfqSender.Engine.Messages;
using RfqSender.Engine.Responses;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Sending;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tracking;
using RfqSender.Engine.Transports;

namespace RfqSender.Engine.Tests.Sending;

public sealed class ReminderRunTests : IDisposable
{
    private readonly SendFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private async Task<List<DeliveryResult>> RemindAsync(IMessageTransport transport, ReminderOptions? options = null, SendOptions? send = null)
    {
        var results = new List<DeliveryResult>();
        await _fixture.Session(transport, send).RemindAsync(options ?? new ReminderOptions(), results.Add, CancellationToken.None);
        return results;
    }

    [Fact]
    public async Task Silent_vendors_get_reminder_one_threaded_to_their_rfq_with_its_own_message_id_and_answered_ones_none()
    {
        var vendors = TestVendors.Many(3);
        await _fixture.SendAsync(_fixture.Session(new ScriptedTransport()), vendors);
        var deliveries = await _fixture.DeliveriesAsync();
        var answered = deliveries[vendors[1].Key];
        await _fixture.Store.ChangeStateAsync(DeliveryTransitionRules.Decide(answered, DeliveryState.Responded, "test", "answered", _fixture.Clock.Now)!, CancellationToken.None);
        _fixture.Clock.Advance(TimeSpan.FromDays(4));
        var transport = new ScriptedTransport();

        var results = await RemindAsync(transport);

        Assert.Equal(2, transport.Messages.Count);
        var first = transport.Messages[0];
        var original = deliveries[vendors[0].Key].MessageId;
        Assert.Equal(MessageIdFactory.CreateForReminder(original, 1), first.MessageId);
        Assert.NotEqual(original, first.MessageId);
        Assert.Contains(first.ExtraHeaders, h => h.Key == "In-Reply-To" && h.Value == "<" + original + ">");
        Assert.Contains(first.ExtraHeaders, h => h.Key == "References" && h.Value == "<" + original + ">");
        Assert.Equal("Reminder: RFQ RFQ-T-1 for Vendor 1", first.Subject);
        Assert.Contains("RFQ-T-1: Copper cable", first.TextBody);
        Assert.Empty(first.Attachments);
        Assert.True(MessageIdFactory.Matches(first.MessageId, "RFQ-T-1", vendors[0].Key));

        Assert.Equal(new[] { SendAction.NotReminded }, results.Where(r => r.VendorKey == vendors[1].Key).Select(r => r.Action));
        Assert.Equal("answered", results.Single(r => r.VendorKey == vendors[1].Key).Detail);
        var sent = results.Where(r => r.Action == SendAction.Sent).ToList();
        Assert.Equal(2, sent.Count);
        Assert.All(sent, r => Assert.Equal(1, r.Reminder));
        Assert.All(sent, r => Assert.StartsWith("reminder 1: ", r.Detail));

        var after = await _fixture.DeliveriesAsync();
        Assert.Equal(1, after[vendors[0].Key].Reminders);
        Assert.Equal(_fixture.Clock.Now, after[vendors[0].Key].LastReminderAt);
        Assert.Equal(SendFixture.Start, after[vendors[0].Key].SentAt);
        Assert.Equal(DeliveryState.Sent, after[vendors[0].Key].State);
        Assert.Equal(0, after[vendors[1].Key].Reminders);
        Assert.Equal(2, (await _fixture.Store.GetReminderAttemptsAsync("RFQ-T-1", CancellationToken.None)).Count);

        var campaign = (await _fixture.Store.GetCampaignsAsync("RFQ-T-1", CancellationToken.None)).Single();
        var report = Engine.Reporting.CampaignReportBuilder.Build(campaign, after.Values.ToList(), Array.Empty<InboundRecord>(), 0, _fixture.Clock.Now);
        Assert.Equal(new[] { 1, 0, 1 }, report.Vendors.OrderBy(v => v.VendorKey).Select(v => v.Reminders));
        Assert.Equal(_fixture.Clock.Now, report.Vendors.Single(v => v.VendorKey == vendors[0].Key).LastReminderAt);
    }

    [Fact]
    public async Task A_second_run_the_same_day_sends_nothing_and_the_next_reminder_is_number_two()
    {
        await _fixture.SendAsync(_fixture.Session(new ScriptedTransport()), TestVendors.Many(2));
        _fixture.Clock.Advance(TimeSpan.FromDays(4));
        await RemindAsync(new ScriptedTransport());
        _fixture.Clock.Advance(TimeSpan.FromHours(6));
        var again = new ScriptedTransport();

        var results = await RemindAsync(again);

        Assert.Empty(again.Messages);
        Assert.All(results, r => Assert.Equal(SendAction.NotReminded, r.Action));
        Assert.All(results, r => Assert.StartsWith("too recent: reminder 1 went", r.Detail));

        _fixture.Clock.Advance(TimeSpan.FromDays(3));
        var third = new ScriptedTransport();
        await RemindAsync(third);
        Assert.Equal(2, third.Messages.Count);
        Assert.All(third.Messages, m => Assert.EndsWith(".r2@contoso.example", m.MessageId));

        _fixture.Clock.Advance(TimeSpan.FromDays(4));
        var fourth = new ScriptedTransport();
        var capped = await RemindAsync(fourth);
        Assert.Empty(fourth.Messages);
        Assert.All(capped, r => Assert.Contains("the most allowed (2)", r.Detail));
    }

    [Fact]
    public async Task What_if_lists_who_would_get_which_reminder_and_why_the_others_not_and_writes_nothing()
    {
        var vendors = TestVendors.Many(2);
        await _fixture.SendAsync(_fixture.Session(new ScriptedTransport(m => m.To[0].Address.StartsWith("sales1", StringComparison.Ordinal) ? new TransportOutcome(TransportOutcomeKind.Permanent, "550 5.1.1 no such user") : TransportOutcome.Sent())), vendors);
        _fixture.Clock.Advance(TimeSpan.FromDays(4));
        var transport = new ScriptedTransport();

        var preview = await _fixture.Session(transport).PreviewRemindersAsync(new ReminderOptions(), CancellationToken.None);

        Assert.Empty(transport.Messages);
        Assert.Equal((SendAction.NotReminded, "failed: 550 5.1.1 no such user"), (preview[0].Action, preview[0].Detail));
        Assert.Equal((SendAction.WouldSend, 1), (preview[1].Action, preview[1].Reminder));
        Assert.Contains("would send reminder 1", preview[1].Detail);
        Assert.All((await _fixture.DeliveriesAsync()).Values, d => Assert.Equal(0, d.Reminders));
        Assert.Empty(await _fixture.Store.GetReminderAttemptsAsync("RFQ-T-1", CancellationToken.None));
    }

    [Fact]
    public async Task A_vendor_whose_out_of_office_reply_says_away_past_the_due_date_is_left_out()
    {
        var vendors = TestVendors.Many(2);
        await _fixture.SendAsync(_fixture.Session(new ScriptedTransport()), vendors);
        var away = (await _fixture.DeliveriesAsync())[vendors[0].Key];
        await _fixture.Store.RecordInboundAsync(
            new InboundRecord
            {
                Source = "folder:/replies",
                SourceId = "ooo.eml",
                MessageId = "ooo@vendor1.example",
                ReceivedAt = _fixture.Clock.Now.AddHours(1),
                RecordedAt = _fixture.Clock.Now.AddHours(1),
                From = "sales1@vendor1.example",
                Subject = "Out of office",
                Kind = ReplyKind.AutoReply,
                IsOutOfOffice = true,
                AwayUntil = new DateTime(2027, 1, 7),
                MatchMethod = ReplyMatchMethod.MessageId,
                MatchReason = "In-Reply-To names the delivery",
                DeliveryId = away.Id,
            },
            null,
            CancellationToken.None);
        _fixture.Clock.Advance(TimeSpan.FromDays(4));
        var transport = new ScriptedTransport();

        var results = await RemindAsync(transport);

        Assert.Equal(vendors[1].To.Single().Email, transport.Messages.Single().To[0].Address);
        Assert.Equal("away until 2027-01-07, past the due date", results.Single(r => r.VendorKey == vendors[0].Key).Detail);
    }

    [Fact]
    public async Task The_reminder_templates_of_the_rfq_file_are_used()
    {
        var folder = _fixture.Folder;
        File.WriteAllText(Path.Combine(folder, "rfq.yaml"), """
            number: RFQ-T-1
            title: Copper cable
            dueDate: 2026-12-15T17:00:00+01:00
            from: "Purchasing <purchasing@contoso.example>"
            subject: "RFQ {{Rfq.Number}} for {{Vendor.Name}}"
            body: "Dear {{Contact.Name}}"
            reminder:
              subject: "Still waiting: {{Rfq.Number}}"
              body: "{{Vendor.Name}}, please quote by {{Rfq.DueDate}}."
            """);
        _fixture.Rfq = RfqFileLoader.Load(Path.Combine(folder, "rfq.yaml"));
        Assert.Equal("Still waiting: {{Rfq.Number}}", _fixture.Rfq.Reminder!.Subject);
        await _fixture.SendAsync(_fixture.Session(new ScriptedTransport()), TestVendors.Many(1));
        var registered = await _fixture.Store.GetCampaignRfqAsync("RFQ-T-1", CancellationToken.None);
        Assert.Equal("{{Vendor.Name}}, please quote by {{Rfq.DueDate}}.", registered!.Reminder!.Body);
        _fixture.Clock.Advance(TimeSpan.FromDays(4));
        var transport = new ScriptedTransport();

        await RemindAsync(transport);

        var message = transport.Messages.Single();
        Assert.Equal("Still waiting: RFQ-T-1", message.Subject);
        Assert.StartsWith("Vendor 1, please quote by ", message.TextBody);
    }

    [Fact]
    public void A_reminder_section_with_an_unknown_key_or_field_is_refused_when_the_file_is_loaded()
    {
        var ex = Assert.Throws<RfqDefinitionException>(() => RfqFileLoader.Parse("""
            number: RFQ-T-1
            title: Copper cable
            dueDate: 2026-12-15T17:00:00+01:00
            from: "Purchasing <purchasing@contoso.example>"
            subject: "RFQ"
            body: "Dear {{Contact.Name}}"
            reminder:
              subjet: "x"
              body: "{{Rfq.Nope}}"
            """, "rfq.yaml", _fixture.Folder));

        Assert.Contains(ex.Errors, e => e.Field == "reminder.subjet");
        Assert.Contains(ex.Errors, e => e.Field == "reminder.body");
    }

    [Fact]
    public async Task A_reminder_in_flight_when_the_run_died_is_in_doubt_and_sent_again_only_on_request_with_the_same_message_id()
    {
        await _fixture.SendAsync(_fixture.Session(new ScriptedTransport()), TestVendors.Many(2));
        _fixture.Clock.Advance(TimeSpan.FromDays(4));

        // The run dies while the first reminder's content is on the wire: its delivery stays in flight under a dead claim.
        var deliveries = await _fixture.DeliveriesAsync();
        await _fixture.Store.QueueRemindersAsync("RFQ-T-1", deliveries.Values.Select(d => new ReminderRequest(d.Id, 1)).ToList(), _fixture.Clock.Now, CancellationToken.None);
        var claimed = (await _fixture.Store.ClaimAsync(new ClaimRequest("RFQ-T-1", "dead-owner", 1, TimeSpan.FromMinutes(10), _fixture.Clock.Now), CancellationToken.None)).Single();
        await _fixture.Store.MarkInFlightAsync(claimed.Record.Id, "dead-owner", CancellationToken.None);
        _fixture.Clock.Advance(TimeSpan.FromMinutes(11));

        var transport = new ScriptedTransport();
        var resumed = await RemindAsync(transport);

        // The other vendor's queued reminder goes; the one in doubt does not, and says why.
        var message = transport.Messages.Single();
        Assert.EndsWith(".r1@contoso.example", message.MessageId);
        var inDoubt = resumed.Single(r => r.VendorKey == claimed.Record.VendorKey);
        Assert.Equal((SendAction.NotReminded, DeliveryState.InDoubt), (inDoubt.Action, inDoubt.State));
        Assert.Contains("-InDoubt Resend", inDoubt.Detail);

        var resend = new ScriptedTransport();
        await RemindAsync(resend, send: new SendOptions { Owner = "test-owner", InDoubt = InDoubtPolicy.Resend });
        Assert.Equal(MessageIdFactory.CreateForReminder(claimed.Record.MessageId, 1), resend.Messages.Single().MessageId);
        var after = await _fixture.DeliveriesAsync();
        Assert.All(after.Values, d => Assert.Equal((DeliveryState.Sent, 1, (int?)null), (d.State, d.Reminders, d.ReminderPending)));
    }

    [Fact]
    public async Task A_resume_of_a_stopped_reminder_run_sends_the_reminder_not_the_rfq()
    {
        await _fixture.SendAsync(_fixture.Session(new ScriptedTransport()), TestVendors.Many(1));
        _fixture.Clock.Advance(TimeSpan.FromDays(4));
        var delivery = (await _fixture.DeliveriesAsync()).Values.Single();
        await _fixture.Store.QueueRemindersAsync("RFQ-T-1", new[] { new ReminderRequest(delivery.Id, 1) }, _fixture.Clock.Now, CancellationToken.None);
        var transport = new ScriptedTransport();

        await _fixture.SendDueAsync(_fixture.Session(transport));

        var message = transport.Messages.Single();
        Assert.StartsWith("Reminder: ", message.Subject);
        Assert.Equal(MessageIdFactory.CreateForReminder(delivery.MessageId, 1), message.MessageId);
        Assert.Equal(1, (await _fixture.DeliveriesAsync()).Values.Single().Reminders);
    }

    [Fact]
    public async Task A_reminder_written_to_a_pickup_folder_threads_to_the_rfq_for_pythons_email_parser()
    {
        var outbox = Path.Combine(_fixture.Folder, "outbox");
        var vendor = TestVendors.Many(1);
        await using (var first = new PickupFolderTransport(outbox))
        {
            await _fixture.SendAsync(_fixture.Session(first), vendor);
        }

        var rfqFile = Directory.GetFiles(outbox, "*.eml").Single();
        _fixture.Clock.Advance(TimeSpan.FromDays(4));
        await using (var second = new PickupFolderTransport(outbox))
        {
            await RemindAsync(second);
        }

        var reminderFile = Directory.GetFiles(outbox, "*.eml").Single(f => f != rfqFile);
        const string script = """
            import email, email.policy, json, sys
            out = []
            for path in sys.argv[1:]:
                with open(path, 'rb') as f:
                    m = email.message_from_binary_file(f, policy=email.policy.default)
                out.append({'id': m['Message-ID'], 'inReplyTo': m['In-Reply-To'], 'references': m['References'], 'subject': m['Subject'], 'defects': len(m.defects)})
            print(json.dumps(out))
            """;
        var scriptPath = Path.Combine(_fixture.Folder, "threading.py");
        File.WriteAllText(scriptPath, script);
        var parsed = System.Text.Json.JsonDocument.Parse(PythonScript.Run(new[] { scriptPath, rfqFile, reminderFile })).RootElement;

        var rfqId = parsed[0].GetProperty("id").GetString();
        var reminder = parsed[1];
        Assert.Equal(rfqId, reminder.GetProperty("inReplyTo").GetString());
        Assert.Equal(rfqId, reminder.GetProperty("references").GetString());
        Assert.NotEqual(rfqId, reminder.GetProperty("id").GetString());
        Assert.Equal("<" + MessageIdFactory.CreateForReminder(rfqId!, 1) + ">", reminder.GetProperty("id").GetString());
        Assert.Equal("Reminder: RFQ RFQ-T-1 for Vendor 1", reminder.GetProperty("subject").GetString());
        Assert.Equal(0, reminder.GetProperty("defects").GetInt32());
    }
}
