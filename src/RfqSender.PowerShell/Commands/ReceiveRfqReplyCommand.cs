using System.Management.Automation;
using RfqSender.Engine;
using RfqSender.Engine.Responses;
using RfqSender.Engine.Responses.Sources;
using RfqSender.Engine.Tracking;
using RfqSender.PowerShell.Completion;

namespace RfqSender.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Reads vendors' replies from a folder of .eml files or an IMAP mailbox: each new message classified (reply, bounce, auto-reply), matched to its delivery, its quote kept, and the delivery set to Responded or, for a permanent bounce, Failed.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Receive, "RfqReply", DefaultParameterSetName = ConfiguredSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(InboundRecord))]
public sealed class ReceiveRfqReplyCommand : RfqStoreCmdlet, IDisposable
{
    private const string FolderSet = "Folder";
    private const string ImapSet = "Imap";
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

    /// <summary>An access token for XOAUTH2 (Exchange Online IMAP) the caller already has; implies -Authentication XOAuth2.</summary>
    [Parameter(ParameterSetName = ImapSet)]
    public System.Security.SecureString? AccessToken { get; set; }

    /// <summary>Tls (implicit, port 993) or StartTls (port 143).</summary>
    [Parameter(ParameterSetName = ImapSet)]
    public ImapSecurity Security { get; set; } = ImapSecurity.Tls;

    /// <summary>Auto, Plain, Login or XOAuth2.</summary>
    [Parameter(ParameterSetName = ImapSet)]
    public ImapAuthentication Authentication { get; set; } = ImapAuthentication.Auto;

    /// <summary>The IMAP folder to read; default INBOX.</summary>
    [Parameter(ParameterSetName = ImapSet)]
    [ValidateNotNullOrEmpty]
    public string Folder { get; set; } = "INBOX";

    /// <summary>An IMAP folder (that exists) to move each recorded message to.</summary>
    [Parameter(ParameterSetName = ImapSet)]
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
            ThrowTerminatingError(EngineErrors.Record(ex, null));
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
        // Only what was given overrides the settings (replies: in rfqsender.yaml, $env:RFQSENDER_IMAP_PASSWORD).
        bool Given(string name) => MyInvocation.BoundParameters.ContainsKey(name);
        var overrides = new Engine.Settings.ReplySourceOverrides
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
        return overrides.Resolve(Engine.Settings.SettingsLoader.Load(currentDirectory: SessionState.Path.CurrentFileSystemLocation.ProviderPath));
    }
}
