@{
    RootModule           = 'RfqSender.psm1'
    ModuleVersion        = '0.0.0-version-from-build'
    CompatiblePSEditions = @('Core', 'Desktop')
    GUID                 = '5b7c3e0e-9a43-4f0e-b1f5-2f6d1c1f8a11'
    Author               = 'RfqSender contributors'
    CompanyName          = 'RfqSender contributors'
    Copyright            = '(c) 2026 RfqSender contributors. All rights reserved.'
    Description          = 'Sends requests for quotation (RFQs) by e-mail to vendor lists: pipeline-friendly batching, resumable tracking in SQLite, .eml pickup folder delivery.'
    PowerShellVersion    = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('RfqSender.format.ps1xml')
    FunctionsToExport    = @()
    CmdletsToExport      = @(
        'Get-RfqCampaign'
        'Get-RfqDelivery'
        'Get-RfqVendor'
        'Import-Rfq'
        'New-Rfq'
        'Resume-Rfq'
        'Send-Rfq'
        'Set-RfqDelivery'
    )
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('RFQ', 'Procurement', 'Email', 'SMTP', 'Purchasing', 'Vendor', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            ReleaseNotes = 'First release: vendors from CSV, YAML, JSON or the pipeline; RFQs from YAML or New-Rfq; tracked, resumable sends to a pickup folder of .eml files.'
        }
    }
}
