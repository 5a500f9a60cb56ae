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

$binaryModule = Join-Path -Path $PSScriptRoot -ChildPath (Join-Path -Path $edition -ChildPath 'RfqSender.PowerShell.dll')
Import-Module -Name $binaryModule -ErrorAction Stop

Export-ModuleMember -Cmdlet @(
    'Get-RfqDelivery'
    'Get-RfqVendor'
    'Import-Rfq'
    'New-Rfq'
    'Resume-Rfq'
    'Send-Rfq'
)
