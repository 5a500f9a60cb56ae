# Loads the build of the cmdlets that matches this PowerShell: core/ for PowerShell 7.4+ (.NET 8),
# desktop/ for Windows PowerShell 5.1 (.NET Framework 4.7.2).
$edition = if ($PSVersionTable.PSEdition -eq 'Core') { 'core' } else { 'desktop' }
$binaryModule = Join-Path -Path $PSScriptRoot -ChildPath (Join-Path -Path $edition -ChildPath 'RfqSender.PowerShell.dll')
Import-Module -Name $binaryModule -ErrorAction Stop

Export-ModuleMember -Cmdlet @(
    'Get-RfqDelivery'
    'Get-RfqVendor'
    'Import-Rfq'
    'New-Rfq'
    'Send-Rfq'
)
