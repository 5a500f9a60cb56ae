namespace RfqSender.Module.Tests;

public sealed class CmdletSurfaceTests
{
    // Get-Verb of PowerShell 7.4; the module may only use these.
    private static readonly HashSet<string> ApprovedVerbs = new(StringComparer.Ordinal)
    {
        "Add", "Clear", "Close", "Copy", "Enter", "Exit", "Find", "Format", "Get", "Hide", "Join", "Lock", "Move", "New", "Open", "Optimize",
        "Pop", "Push", "Redo", "Remove", "Rename", "Reset", "Resize", "Search", "Select", "Set", "Show", "Skip", "Split", "Step", "Switch",
        "Undo", "Unlock", "Watch", "Connect", "Disconnect", "Read", "Receive", "Send", "Write", "Backup", "Checkpoint", "Compare", "Compress",
        "Convert", "ConvertFrom", "ConvertTo", "Dismount", "Edit", "Expand", "Export", "Group", "Import", "Initialize", "Limit", "Merge",
        "Mount", "Out", "Publish", "Restore", "Save", "Sync", "Unpublish", "Update", "Approve", "Assert", "Build", "Complete", "Confirm",
        "Deny", "Deploy", "Disable", "Enable", "Install", "Invoke", "Register", "Request", "Restart", "Resume", "Start", "Stop", "Submit",
        "Suspend", "Uninstall", "Unregister", "Wait", "Debug", "Measure", "Ping", "Repair", "Resolve", "Test", "Trace", "Block", "Grant",
        "Protect", "Revoke", "Unblock", "Unprotect", "Use",
    };

    [Theory]
    [InlineData("core")]
    [InlineData("desktop")]
    public void Every_cmdlet_has_an_approved_verb_a_singular_Rfq_noun_and_an_output_type(string edition)
    {
        using var metadata = new CmdletMetadata(edition);

        Assert.NotEmpty(metadata.Cmdlets);
        Assert.All(metadata.Cmdlets, cmdlet =>
        {
            Assert.Contains(cmdlet.Verb, ApprovedVerbs);
            Assert.StartsWith("Rfq", cmdlet.Noun, StringComparison.Ordinal);
            Assert.False(cmdlet.Noun.EndsWith("s", StringComparison.Ordinal), $"{cmdlet.Name}: nouns are singular");
            Assert.NotEmpty(cmdlet.OutputTypes);
            Assert.Equal(cmdlet.Verb + cmdlet.Noun + "Command", cmdlet.Type.Name);
        });
    }

    [Fact]
    public void Both_editions_export_the_same_cmdlets()
    {
        using var core = new CmdletMetadata("core");
        using var desktop = new CmdletMetadata("desktop");

        Assert.Equal(core.Cmdlets.Select(c => c.Name), desktop.Cmdlets.Select(c => c.Name));
    }

    [Fact]
    public void Cmdlets_that_send_or_change_state_support_ShouldProcess()
    {
        using var metadata = new CmdletMetadata("core");
        var stateChanging = new[] { "Send", "Set", "Remove", "Resume", "Start", "Stop", "Reset", "Clear", "Update", "Register", "Unregister" };

        foreach (var cmdlet in metadata.Cmdlets.Where(c => stateChanging.Contains(c.Verb)))
        {
            Assert.True(cmdlet.SupportsShouldProcess, $"{cmdlet.Name} must support -WhatIf and -Confirm");
        }

        Assert.True(metadata.Cmdlets.Single(c => c.Name == "Send-Rfq").SupportsShouldProcess);
    }

    [Fact]
    public void Send_Rfq_takes_vendors_from_the_pipeline_and_reports_delivery_results()
    {
        using var metadata = new CmdletMetadata("core");
        var send = metadata.Cmdlets.Single(c => c.Name == "Send-Rfq");

        Assert.True(send.Parameter("InputObject").ValueFromPipeline);
        Assert.Equal(new[] { "RfqSender.Engine.Sending.DeliveryResult", "RfqSender.Engine.Sending.TestSendResult" }, send.OutputTypes.Select(t => t.FullName).OrderBy(n => n, StringComparer.Ordinal));
        foreach (var name in new[] { "RfqPath", "Rfq", "VendorPath", "BatchSize", "DelayMs", "MaxMessages", "Category", "SkipInvalid", "PickupFolder", "StorePath", "TestRecipient", "TestCount", "Draft" })
        {
            Assert.Contains(send.Parameters, p => p.Name == name);
        }

        Assert.Equal(typeof(int).FullName, send.Parameter("BatchSize").PropertyType.FullName);
    }

    [Fact]
    public void Get_RfqMessage_takes_vendors_from_the_pipeline_and_Test_RfqTransport_has_the_transport_parameters_of_a_send()
    {
        using var metadata = new CmdletMetadata("core");
        var preview = metadata.Cmdlets.Single(c => c.Name == "Get-RfqMessage");
        var check = metadata.Cmdlets.Single(c => c.Name == "Test-RfqTransport");
        var send = metadata.Cmdlets.Single(c => c.Name == "Send-Rfq");

        Assert.True(preview.Parameter("InputObject").ValueFromPipeline);
        Assert.Equal("RfqSender.Engine.Sending.RfqMessage", preview.OutputTypes.Single().FullName);
        Assert.Contains(check.OutputTypes, t => t.FullName == "RfqSender.Engine.Transports.TransportCheckStep");
        var transportParameters = new[] { "SmtpServer", "Port", "Credential", "TlsMode", "TrustedCaCertificatePath", "TenantId", "ClientId", "ManagedIdentity", "Mailbox", "PickupFolder", "SettingsPath", "Environment", "Transport" };
        foreach (var name in transportParameters)
        {
            Assert.Contains(check.Parameters, p => p.Name == name);
            Assert.Contains(send.Parameters, p => p.Name == name);
        }

        Assert.DoesNotContain(check.Parameters, p => p.Name is "StorePath" or "BatchSize" or "Draft");
        Assert.Contains(metadata.Cmdlets.Single(c => c.Name == "Resume-Rfq").Parameters, p => p.Name == "Draft");
    }

    [Fact]
    public void Get_RfqDelivery_binds_the_rfq_number_from_rfq_objects_and_send_results()
    {
        using var metadata = new CmdletMetadata("core");
        var get = metadata.Cmdlets.Single(c => c.Name == "Get-RfqDelivery");
        var number = get.Parameter("RfqNumber");

        Assert.True(number.ValueFromPipelineByPropertyName);
        Assert.Contains("Number", number.Aliases);
        Assert.False(number.Mandatory, "without a number Get-RfqDelivery names the campaigns instead of prompting");
        Assert.Equal(new[] { "RfqSender.Engine.Tracking.DeliveryAttempt", "RfqSender.Engine.Tracking.DeliveryChange", "RfqSender.Engine.Tracking.DeliveryRecord", "RfqSender.Engine.Tracking.DeliverySummary", "RfqSender.Engine.Tracking.ReminderAttempt" }, get.OutputTypes.Select(t => t.FullName).OrderBy(n => n));
        Assert.Contains(get.Parameters, p => p.Name == "State" && p.PropertyType.GetElementType()!.FullName == "RfqSender.Engine.Tracking.DeliveryState");
    }

    [Fact]
    public void Send_RfqReminder_takes_the_sending_parameters_of_Resume_Rfq_and_its_own_rules()
    {
        using var metadata = new CmdletMetadata("core");
        var remind = metadata.Cmdlets.Single(c => c.Name == "Send-RfqReminder");
        var resume = metadata.Cmdlets.Single(c => c.Name == "Resume-Rfq");

        Assert.True(remind.SupportsShouldProcess);
        Assert.Empty(resume.Parameters.Select(p => p.Name).Except(remind.Parameters.Select(p => p.Name)));
        Assert.Equal(new[] { "DaysBeforeDue", "MaxReminders", "MinimumInterval", "RfqPath" }, remind.Parameters.Select(p => p.Name).Except(resume.Parameters.Select(p => p.Name)).OrderBy(n => n));
        Assert.Equal("System.TimeSpan", remind.Parameters.Single(p => p.Name == "MinimumInterval").PropertyType.FullName);
        Assert.Equal(new[] { "RfqSender.Engine.Sending.DeliveryResult" }, remind.OutputTypes.Select(t => t.FullName));
    }

    [Theory]
    [InlineData("Get-RfqDelivery", "RfqNumber", "RfqNumberCompleter")]
    [InlineData("Resume-Rfq", "RfqNumber", "RfqNumberCompleter")]
    [InlineData("Send-RfqReminder", "RfqNumber", "RfqNumberCompleter")]
    [InlineData("Get-RfqCampaign", "RfqNumber", "RfqNumberCompleter")]
    [InlineData("Set-RfqDelivery", "RfqNumber", "RfqNumberCompleter")]
    [InlineData("Receive-RfqReply", "RfqNumber", "RfqNumberCompleter")]
    [InlineData("Get-RfqReply", "RfqNumber", "RfqNumberCompleter")]
    [InlineData("Set-RfqReply", "RfqNumber", "RfqNumberCompleter")]
    [InlineData("Suspend-RfqCampaign", "RfqNumber", "RfqNumberCompleter")]
    [InlineData("Resume-RfqCampaign", "RfqNumber", "RfqNumberCompleter")]
    [InlineData("Get-RfqDelivery", "Category", "VendorCategoryCompleter")]
    [InlineData("Send-Rfq", "Category", "VendorCategoryCompleter")]
    public void Rfq_numbers_and_categories_complete_from_the_store(string cmdlet, string parameter, string completer)
    {
        using var metadata = new CmdletMetadata("core");
        var property = metadata.Cmdlets.Single(c => c.Name == cmdlet).Type.GetProperty(parameter)!;
        var attribute = property.GetCustomAttributesData().Single(a => a.AttributeType.Name == "ArgumentCompleterAttribute");

        Assert.Equal(completer, ((Type)attribute.ConstructorArguments[0].Value!).Name);
        Assert.Contains(((Type)attribute.ConstructorArguments[0].Value!).GetInterfaces(), i => i.Name == "IArgumentCompleter");
    }

    [Fact]
    public void Set_RfqDelivery_takes_deliveries_from_the_pipeline_and_supports_WhatIf()
    {
        using var metadata = new CmdletMetadata("core");
        var set = metadata.Cmdlets.Single(c => c.Name == "Set-RfqDelivery");

        Assert.True(set.SupportsShouldProcess);
        Assert.True(set.Parameter("RfqNumber").ValueFromPipelineByPropertyName);
        Assert.True(set.Parameter("VendorKey").ValueFromPipelineByPropertyName);
        Assert.Equal(new[] { "Key", "VendorId" }, set.Parameter("VendorKey").Aliases.OrderBy(a => a));
        Assert.True(set.Parameter("State").Mandatory);
        Assert.Equal("RfqSender.Engine.Tracking.DeliveryState", set.Parameter("State").PropertyType.FullName);
        Assert.Equal("RfqSender.Engine.Tracking.DeliveryRecord", set.OutputTypes.Single().FullName);
        var attribute = set.Type.GetCustomAttributesData().Single(a => a.AttributeType.Name == "CmdletAttribute");
        // ConfirmImpact.Medium: with the default $ConfirmPreference (High) it asks only when told to (-Confirm).
        Assert.Equal(2, attribute.NamedArguments.Single(a => a.MemberName == "ConfirmImpact").TypedValue.Value);
    }

    [Fact]
    public void The_reply_cmdlets_read_a_folder_imap_or_graph_list_by_campaign_and_assign_from_the_pipeline()
    {
        using var metadata = new CmdletMetadata("core");
        var receive = metadata.Cmdlets.Single(c => c.Name == "Receive-RfqReply");
        var get = metadata.Cmdlets.Single(c => c.Name == "Get-RfqReply");
        var set = metadata.Cmdlets.Single(c => c.Name == "Set-RfqReply");

        Assert.True(receive.SupportsShouldProcess);
        Assert.True(receive.Parameter("Path").Mandatory);
        Assert.Equal("PSCredential", receive.Parameter("Credential").PropertyType.Name);
        Assert.True(receive.Parameter("Mailbox").Mandatory);
        Assert.All(new[] { "ClientSecret", "AccessToken" }, name => Assert.Equal("SecureString", receive.Parameter(name).PropertyType.Name));
        Assert.Equal("RfqSender.Engine.Authentication.GraphCloud", receive.Parameter("Cloud").PropertyType.FullName);
        Assert.Contains("ApplicationId", receive.Parameter("ClientId").Aliases);
        Assert.True(receive.Parameter("RfqNumber").ValueFromPipelineByPropertyName);
        Assert.All(new[] { receive, get, set }, c => Assert.Equal("RfqSender.Engine.Tracking.InboundRecord", c.OutputTypes.Single().FullName));
        Assert.True(get.Parameter("RfqNumber").ValueFromPipelineByPropertyName);
        Assert.True(get.Parameter("VendorKey").ValueFromPipelineByPropertyName);
        Assert.False(get.Parameter("Id").ValueFromPipelineByPropertyName);
        Assert.True(set.SupportsShouldProcess);
        Assert.True(set.Parameter("Id").ValueFromPipelineByPropertyName);
        Assert.False(set.Parameter("RfqNumber").ValueFromPipelineByPropertyName);
        Assert.False(set.Parameter("VendorKey").ValueFromPipelineByPropertyName);
    }

    [Fact]
    public void Suspend_and_Resume_RfqCampaign_take_campaigns_from_the_pipeline_and_ask_before_they_change_them()
    {
        using var metadata = new CmdletMetadata("core");
        var suspend = metadata.Cmdlets.Single(c => c.Name == "Suspend-RfqCampaign");
        var resume = metadata.Cmdlets.Single(c => c.Name == "Resume-RfqCampaign");

        Assert.All(new[] { suspend, resume }, c =>
        {
            Assert.True(c.SupportsShouldProcess);
            Assert.Equal("RfqSender.Engine.Tracking.CampaignRecord", c.OutputTypes.Single().FullName);
            Assert.True(c.Parameter("RfqNumber").Mandatory);
            Assert.True(c.Parameter("RfqNumber").ValueFromPipelineByPropertyName);
            Assert.Contains("Number", c.Parameter("RfqNumber").Aliases);
            Assert.Equal("SwitchParameter", c.Parameter("PassThru").PropertyType.Name);
            Assert.Equal("PSCredential", c.Parameter("StoreCredential").PropertyType.Name);
            Assert.Equal("String", c.Parameter("StoreConnectionString").PropertyType.Name);
        });
        Assert.Equal("String", suspend.Parameter("Reason").PropertyType.Name);
        Assert.Throws<InvalidOperationException>(() => resume.Parameter("Reason"));
    }

    [Fact]
    public void Get_RfqCampaign_lists_campaigns_and_binds_numbers_from_the_pipeline()
    {
        using var metadata = new CmdletMetadata("core");
        var get = metadata.Cmdlets.Single(c => c.Name == "Get-RfqCampaign");

        Assert.False(get.Parameter("RfqNumber").Mandatory);
        Assert.True(get.Parameter("RfqNumber").ValueFromPipelineByPropertyName);
        Assert.Contains("Number", get.Parameter("RfqNumber").Aliases);
        Assert.Equal("RfqSender.Engine.Tracking.CampaignRecord", get.OutputTypes.Single().FullName);
    }

    [Fact]
    public void Get_RfqVendor_accepts_files_from_Get_ChildItem_and_rows_from_Import_Csv()
    {
        using var metadata = new CmdletMetadata("core");
        var get = metadata.Cmdlets.Single(c => c.Name == "Get-RfqVendor");

        Assert.True(get.Parameter("LiteralPath").ValueFromPipelineByPropertyName);
        Assert.Contains("FullName", get.Parameter("LiteralPath").Aliases);
        Assert.Contains("PSPath", get.Parameter("LiteralPath").Aliases);
        Assert.True(get.Parameter("InputObject").ValueFromPipeline);
        Assert.Equal("RfqSender.Engine.Vendors.Vendor", get.OutputTypes.Single().FullName);
    }
}
