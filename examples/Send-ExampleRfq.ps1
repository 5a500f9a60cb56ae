<#
.SYNOPSIS
    The whole RfqSender flow on the example files: validate, preview, send, re-run, report.
.DESCRIPTION
    Sends examples/rfq.yaml to the vendors in examples/vendors.csv through the pickup folder (no
    mail server needed). Every delivery is tracked in a store inside -OutputFolder, so running
    the script again mails nobody twice. The results are written to results.csv.
.PARAMETER OutputFolder
    Where the store, the .eml files and results.csv go. Default: ./rfq-example
.EXAMPLE
    ./examples/Send-ExampleRfq.ps1
.EXAMPLE
    ./examples/Send-ExampleRfq.ps1 -OutputFolder $env:TEMP/rfq-demo
#>
[CmdletBinding()]
param(
    [string] $OutputFolder = (Join-Path -Path (Get-Location) -ChildPath 'rfq-example')
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module -Name RfqSender)) {
    $built = Join-Path -Path $PSScriptRoot -ChildPath '../out/RfqSender/RfqSender.psd1'
    if (Test-Path -Path $built) { Import-Module -Name $built } else { Import-Module -Name RfqSender }
}

$rfqPath = Join-Path -Path $PSScriptRoot -ChildPath 'rfq.yaml'
$vendorPath = Join-Path -Path $PSScriptRoot -ChildPath 'vendors.csv'
$null = New-Item -ItemType Directory -Path $OutputFolder -Force
$store = Join-Path -Path $OutputFolder -ChildPath 'rfqsender.db'
$outbox = Join-Path -Path $OutputFolder -ChildPath 'outbox'

# 1. Validate the inputs: every invalid vendor row is reported at once, with its line and field.
$rfq = Import-Rfq -Path $rfqPath
$vendors = Get-RfqVendor -Path $vendorPath
Write-Host "$($rfq.Number): $($vendors.Count) vendors in $(@($vendors.Categories | Sort-Object -Unique).Count) categories"

# 2. Preview: -WhatIf lists what would be sent and changes nothing.
$vendors | Select-Object -First 3 | Send-Rfq -Rfq $rfq -StorePath $store -PickupFolder $outbox -WhatIf

# 3. Send in batches of 10; each vendor's result arrives as it happens.
$results = $vendors | Send-Rfq -Rfq $rfq -StorePath $store -PickupFolder $outbox -BatchSize 10
$results | Group-Object -Property Action | Select-Object -Property Name, Count | Format-Table -AutoSize

# 4. Run it again: nothing is sent twice.
$again = $vendors | Send-Rfq -Rfq $rfq -StorePath $store -PickupFolder $outbox
Write-Host "Second run: $(@($again | Where-Object Action -eq 'Sent').Count) sent, $(@($again | Where-Object Action -eq 'AlreadyDone').Count) already done"

# 5. Report: the state of every delivery, to CSV.
$report = Join-Path -Path $OutputFolder -ChildPath 'results.csv'
Get-RfqDelivery -RfqNumber $rfq.Number -StorePath $store |
    Select-Object -Property VendorKey, VendorName, To, Cc, State, Attempts, SentAt, Detail |
    Export-Csv -Path $report -NoTypeInformation -Encoding UTF8
Write-Host "Messages: $outbox"
Write-Host "Report:   $report"
