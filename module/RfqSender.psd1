@{
    RootModule           = 'RfqSender.psm1'
    ModuleVersion        = '0.0.0-version-from-build'
    CompatiblePSEditions = @('Core', 'Desktop')
    GUID                 = '5b7c3e0e-9a43-4f0e-b1f5-2f6d1c1f8a11'
    Author               = 'RfqSender contributors'
    CompanyName          = 'RfqSender contributors'
    Copyright            = '(c) 2026 RfqSender contributors. MIT License.'
    Description          = 'Sends requests for quotation (RFQs) by e-mail to vendor lists (CSV, YAML, JSON or the pipeline), over SMTP, Microsoft Graph (Exchange Online) or a pickup folder of .eml files: every vendor tracked in a SQLite store, resumable after Ctrl+C or a crash, rate limits kept, safe to re-run unattended.'
    PowerShellVersion    = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('RfqSender.format.ps1xml')
    FunctionsToExport    = @()
    CmdletsToExport      = @(
        'Copy-RfqStore'
        'Export-RfqReport'
        'Get-RfqCampaign'
        'Get-RfqDelivery'
        'Get-RfqMessage'
        'Get-RfqQuote'
        'Get-RfqReply'
        'Get-RfqVendor'
        'Import-Rfq'
        'Receive-RfqReply'
        'New-Rfq'
        'Resume-Rfq'
        'Resume-RfqCampaign'
        'Send-Rfq'
        'Send-RfqReminder'
        'Set-RfqDelivery'
        'Set-RfqReply'
        'Suspend-RfqCampaign'
        'Test-RfqTransport'
    )
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('RFQ', 'Procurement', 'Email', 'SMTP', 'Purchasing', 'Vendor', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            ReleaseNotes = 'Vendors from CSV, YAML, JSON or the pipeline, checked before anything is registered; RFQs from YAML or New-Rfq with templates (defaults, conditionals); delivery over SMTP (STARTTLS, implicit TLS, AUTH PLAIN/LOGIN/XOAUTH2, bounded timeouts), Microsoft Graph or a pickup folder; tracked and resumable in SQLite, rate limits across runs, exit codes and warnings that never make an unfinished campaign look done. See README.md.'
        }
    }
}
