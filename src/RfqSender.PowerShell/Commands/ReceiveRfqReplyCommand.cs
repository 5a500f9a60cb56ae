using System.Management.Automation;
using System.Security;
using RfqSender.Engine;
using RfqSender.Engine.Authentication;
using RfqSender.Engine.Responses;
using RfqSender.Engine.Responses.Sources;
using RfqSender.Engine.Settings;
using RfqSender.Engine.Tracking;
using RfqSender.PowerShell.Completion;

namespace RfqSender.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Reads vendors' replies from a folder of .eml files, an IMAP mailbox or an Exchange Online mailbox through Microsoft Graph: each new message classified (reply, bounce, auto-reply), matched to its delivery, its quote kept, and the delivery set to Responded or, for a permanent bounce, Failed.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Receive, "RfqReply", DefaultParameterSetName = ConfiguredSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(InboundRecord))]
public sealed class ReceiveRfqReplyCommand : RfqStoreCmdlet, IGraphSignInParameters, IDisposable
{
    private const string FolderSet = "Folder";
    private const string ImapSet = "Imap";
    private const string GraphSet = "Graph";
    private const string ConfiguredSet = "Configured";

    private readonly List<string> _numbers = new();
    private readonly CancellationTokenSource _stop = new();

    /// <summary>The folder of .eml files to read.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = FolderSet)]
    [Alias("FolderPath")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>Read the folder's subfolders too.</summary>
    [Parameter(ParameterSetName = FolderSet)]
    public SwitchParameter Recurse { get; set; }

    /// <summary>The IMAP server's host name; default replies: imap: server: of the settings.</summary>
    [Parameter(ParameterSetName = ImapSet)]
    [ValidateNotNullOrEmpty]
    public string ImapServer { get; set; } = string.Empty;

    /// <summary>The IMAP port; default 993 (Tls) or 143 (StartTls).</summary>
    [Parameter(ParameterSetName = ImapSet)]
    [ValidateRange(1, 65535)]
    public int Port { get; set; }

    /// <summary>The mailbox's user name and password; default the settings' user name and $env:RFQSENDER_IMAP_PASSWORD.</summary>
    [Parameter(ParameterSetName = ImapSet)]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>Tls (implicit, port 993) or StartTls (port 143).</summary>
    [Parameter(ParameterSetName = ImapSet)]
    public ImapSecurity Security { get; set; } = ImapSecurity.Tls;

    /// <summary>Auto, Plain, Login or XOAuth2.</summary>
    [Parameter(ParameterSetName = ImapSet)]
    public ImapAuthentication Authentication { get; set; } = ImapAuthentication.Auto;

    /// <summary>The folder to read; default INBOX (Graph: a well-known name, a display name, or Parent/Child).</summary>
    [Parameter(ParameterSetName = ImapSet)]
    [Parameter(ParameterSetName = GraphSet)]
    [ValidateNotNullOrEmpty]
    public string Folder { get; set; } = "INBOX";

    /// <summary>A folder (that exists) to move each recorded message to (Graph: this needs Mail.ReadWrite).</summary>
    [Parameter(ParameterSetName = ImapSet)]
    [Parameter(ParameterSetName = GraphSet)]
    [ValidateNotNullOrEmpty]
    public string? MoveTo { get; set; }

    /// <summary>Accept any server certificate: for a test server only.</summary>
    [Parameter(ParameterSetName = ImapSet)]
    public SwitchParameter SkipCertificateCheck { get; set; }

    /// <summary>Server certificates to trust by SHA-1 or SHA-256 thumbprint.</summary>
    [Parameter(ParameterSetName = ImapSet)]
    [ValidateNotNullOrEmpty]
    public string[]? TrustedCertificateThumbprint { get; set; }

    /// <summary>A CA certificate (PEM or DER) to trust besides the system's.</summary>
    [Parameter(ParameterSetName = ImapSet)]
    [ValidateNotNullOrEmpty]
    public string? TrustedCaCertificatePath { get; set; }

    /// <summary>The Exchange Online mailbox to read through Microsoft Graph (UPN or SMTP address; a shared mailbox works).</summary>
    [Parameter(Mandatory = true, ParameterSetName = GraphSet)]
    [ValidateNotNullOrEmpty]
    public string Mailbox { get; set; } = string.Empty;

    /// <summary>A settings file (rfqsender.yaml) whose graph: section signs in; default ./rfqsender.yaml, then the user's RfqSender folder (Graph).</summary>
    [Parameter(ParameterSetName = GraphSet)]
    public string? SettingsPath { get; set; }

    /// <summary>The settings overlay to apply, e.g. Production for rfqsender.Production.yaml (Graph).</summary>
    [Parameter(ParameterSetName = GraphSet)]
    public string? Environment { get; set; }

    /// <summary>An access token you already have (Get-AzAccessToken, Connect-MgGraph): for Microsoft Graph, or for XOAUTH2 over IMAP (Exchange Online IMAP; implies -Authentication XOAuth2).</summary>
    [Parameter(ParameterSetName = GraphSet)]
    [Parameter(ParameterSetName = ImapSet)]
    public SecureString? AccessToken { get; set; }

    /// <summary>Entra ID tenant id or domain (Graph).</summary>
    [Parameter(ParameterSetName = GraphSet)]
    public string? TenantId { get; set; }

    /// <summary>App registration (client) id (Graph).</summary>
    [Parameter(ParameterSetName = GraphSet)]
    [Alias("ApplicationId")]
    public string? ClientId { get; set; }

    /// <summary>App registration client secret (Graph). Never stored.</summary>
    [Parameter(ParameterSetName = GraphSet)]
    public SecureString? ClientSecret { get; set; }

    /// <summary>Thumbprint of the app's certificate in the certificate store (Graph).</summary>
    [Parameter(ParameterSetName = GraphSet)]
    public string? CertificateThumbprint { get; set; }

    /// <summary>The app's certificate file, PFX (Graph).</summary>
    [Parameter(ParameterSetName = GraphSet)]
    public string? CertificatePath { get; set; }

    /// <summary>Sign in with the managed identity of the Azure resource (Automation account, VM, Function) (Graph).</summary>
    [Parameter(ParameterSetName = GraphSet)]
    public SwitchParameter ManagedIdentity { get; set; }

    /// <summary>Client id of a user-assigned managed identity (Graph).</summary>
    [Parameter(ParameterSetName = GraphSet)]
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Global, USGovernment, USGovernmentDoD or China (Graph).</summary>
    [Parameter(ParameterSetName = GraphSet)]
    public GraphCloud Cloud { get; set; }

    /// <summary>Match against these campaigns only; default every campaign of the store. Binds from RfqNumber and Number.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Number")]
    [ArgumentCompleter(typeof(RfqNumberCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? RfqNumber { get; set; }

    /// <summary>The folder quotes are kept under; default a quotes folder beside the store file.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? QuotesPath { get; set; }

    /// <summary>Record the messages without keeping their .eml files and attachments.</summary>
    [Parameter]
    public SwitchParameter NoFiles { get; set; }

    /// <summary>Read at most this many new messages; the next run reads the rest.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int MaxMessages { get; set; }

    /// <summary>Append one JSON line per message read (reply, bounce, auto-reply, unmatched) to this file, for a runbook's log collector.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? LogPath { get; set; }

    /// <inheritdoc />
    public void Dispose() => _stop.Dispose();

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (RfqNumber is not null)
        {
            _numbers.AddRange(RfqNumber);
        }
    }

    /// <inheritdoc />
    protected override void StopProcessing() => _stop.Cancel();

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        ReplySourceSettings source;
        try
        {
            source = Source();
        }
        catch (RfqSenderException ex)
        {
            // The settings file or the sign-in values cannot be used: nothing was read.
            ThrowTerminatingError(EngineErrors.Record(ex, ParameterSetName == GraphSet ? Mailbox : null));
            return;
        }

        var options = new ReceiveOptions
        {
            RfqNumbers = _numbers.Count == 0 ? null : _numbers.Distinct(StringComparer.Ordinal).ToList(),
            QuotesFolder = string.IsNullOrEmpty(QuotesPath) ? null : ResolvePath(QuotesPath!),
            CurrentFolder = SessionState.Path.CurrentFileSystemLocation.ProviderPath,
            KeepFiles = !NoFiles,
            MaxMessages = MyInvocation.BoundParameters.ContainsKey(nameof(MaxMessages)) ? MaxMessages : null,
        };
        using var runtime = ForStore();
        if (!ShouldProcess(source.ToString(), $"Read replies into the store {runtime.StoreDescription}"))
        {
            return;
        }

        if (LogPath is not null)
        {
            try
            {
                runtime.LogTo(ResolvePath(LogPath));
            }
            catch (RfqSenderException ex)
            {
                ThrowTerminatingError(EngineErrors.Record(ex, LogPath));
            }
        }

        ReceiveResult? result = null;
        try
        {
            EnginePump.Run<ReceivedReply>(
                async (post, token) => result = await runtime.ReceiveRepliesAsync(source, options, post, token).ConfigureAwait(false),
                Write,
                _stop.Token);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Ctrl+C: what was recorded stays; the next read goes on from there.
        }
        catch (RfqSenderException ex)
        {
            WriteError(EngineErrors.Record(ex, source.ToString()));
        }

        if (result is not null)
        {
            WriteVerbose(result.ToString());
        }
    }

    private void Write(ReceivedReply received)
    {
        if (received.Record is InboundRecord record)
        {
            WriteObject(record);
            return;
        }

        WriteError(Error(new InvalidDataException(received.Problem), "ReplyUnreadable", ErrorCategory.InvalidData, received.SourceId));
    }

    private ReplySourceSettings Source()
    {
        if (ParameterSetName == GraphSet)
        {
            return GraphSource();
        }

        // Only what was given overrides the settings (replies: in rfqsender.yaml, $env:RFQSENDER_IMAP_PASSWORD).
        bool Given(string name) => MyInvocation.BoundParameters.ContainsKey(name);
        var overrides = new ReplySourceOverrides
        {
            Path = ParameterSetName == FolderSet ? ResolvePath(Path) : null,
            Recursive = Given(nameof(Recurse)) ? Recurse.IsPresent : null,
            ImapServer = Given(nameof(ImapServer)) ? ImapServer : null,
            Port = Given(nameof(Port)) ? Port : null,
            Security = Given(nameof(Security)) ? Security : null,
            UserName = Credential?.UserName,
            Password = Credential?.Password,
            Authentication = Given(nameof(Authentication)) ? Authentication : null,
            AccessToken = AccessToken,
            Folder = Given(nameof(Folder)) ? Folder : null,
            MoveTo = MoveTo,
            SkipCertificateValidation = Given(nameof(SkipCertificateCheck)) ? SkipCertificateCheck.IsPresent : null,
            TrustedCaCertificatePath = string.IsNullOrEmpty(TrustedCaCertificatePath) ? null : ResolvePath(TrustedCaCertificatePath!),
            TrustedCertificateThumbprints = TrustedCertificateThumbprint,
        };
        return overrides.Resolve(SettingsLoader.Load(currentDirectory: SessionState.Path.CurrentFileSystemLocation.ProviderPath));
    }

    /// <summary>The Graph source: the sign-in of the settings (graph: section, RFQSENDER_GRAPH_* variables) with the parameters given over it, as Send-Rfq binds them.</summary>
    private ReplySourceSettings GraphSource()
    {
        var bound = MyInvocation.BoundParameters;
        var settings = LoadSettingsFile(SettingsPath, Environment);
        this.ApplyTo(new SettingsOverrides(), bound, ResolvePath).ApplyTo(settings);
        var source = ReplySourceSettings.FromGraph(settings, Mailbox, bound.ContainsKey(nameof(Folder)) ? Folder : "inbox");
        source.MoveProcessedTo = MoveTo;
        return source;
    }
}
