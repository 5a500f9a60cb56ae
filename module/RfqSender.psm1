# Loads the build of the cmdlets that matches this PowerShell: core/ for PowerShell 7.4+ (.NET 8),
# desktop/ for Windows PowerShell 5.1 (.NET Framework 4.7.2).
if ($PSVersionTable.PSEdition -eq 'Core') {
    if ($PSVersionTable.PSVersion -lt [version]'7.4') {
        throw "RfqSender needs PowerShell 7.4 or later (this is $($PSVersionTable.PSVersion)), or Windows PowerShell 5.1."
    }
    $edition = 'core'
}
else {
    $edition = 'desktop'
}

$folder = Join-Path -Path $PSScriptRoot -ChildPath $edition

# The loader first: its initializer registers how the engine and its dependencies load (their own
# load context on PowerShell 7), which PowerShell needs as soon as it looks at the cmdlets' types.
Import-Module -Name (Join-Path -Path $folder -ChildPath 'RfqSender.PowerShell.Loader.dll') -ErrorAction Stop
Import-Module -Name (Join-Path -Path $folder -ChildPath 'RfqSender.PowerShell.dll') -ErrorAction Stop

Export-ModuleMember -Cmdlet @(
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
