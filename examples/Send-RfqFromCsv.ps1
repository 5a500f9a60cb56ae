#Requires -Version 5.1
<#
.SYNOPSIS
    CSV in, send, results out to CSV: sends an RFQ to the vendors of a CSV file and writes one
    result row per vendor to another CSV file.
.DESCRIPTION
    Sends to the vendors of the file with Send-Rfq -VendorPath (which detects the file's delimiter
    and encoding, UTF-8 or Windows-1252 exports alike, checks every row and registers the whole file
    before the first message goes out), and exports what happened to each
    vendor (Sent, AlreadyDone, Deferred, Failed, InDoubt, NotSent) with Export-Csv. The result file
    is written even when the send stops part way, so it always shows what this run did.

    Safe to run again: every delivery is tracked in the store, so a second run mails only the
    vendors not yet sent (the others are reported as AlreadyDone). Use the same -StorePath for
    every run of a campaign.

    Exit code: 0 when every vendor is done, 1 when a delivery failed, or the send stopped (an
    invalid RFQ or vendor list, an SMTP server that cannot be reached, Ctrl+C...), 4 when the
    campaign is not finished (vendors still Queued, Deferred or InDoubt: run it again). That is what
    a scheduled task should see.

    Works in Windows PowerShell 5.1 and PowerShell 7.4 or later.
.PARAMETER RfqPath
    The RFQ file (YAML).
.PARAMETER VendorPath
    The vendor CSV file.
.PARAMETER ResultPath
    The CSV file the results are written to, or a folder for a new file per run named
    <RFQ file name>-results-<yyyyMMdd-HHmmss>.csv. Default: such a file beside the vendor file.
.PARAMETER Category
    Send only to vendors in any of these categories.
.PARAMETER StorePath
    The store that tracks the campaign. Default: $env:RFQSENDER_STORE, else the user's RfqSender folder.
.PARAMETER PickupFolder
    Where the .eml files go. Default: $env:RFQSENDER_PICKUP, else the user's RfqSender outbox.
.PARAMETER MaxMessages
    Send at most this many messages in this run; the rest stays queued for the next run.
.PARAMETER DelayMs
    Pause between two messages, in milliseconds.
.PARAMETER SkipInvalid
    Send to the valid vendors even when some rows of the file are invalid.
.EXAMPLE
    ./Send-RfqFromCsv.ps1 -RfqPath ./rfq.yaml -VendorPath ./vendors.csv -WhatIf
    Shows which vendors would be mailed; sends nothing and writes no result file.
.EXAMPLE
    ./Send-RfqFromCsv.ps1 -RfqPath ./rfq.yaml -VendorPath ./vendors.csv -ResultPath ./results.csv -StorePath ./rfqsender.db
.EXAMPLE
    ./Send-RfqFromCsv.ps1 -RfqPath .\rfq.yaml -VendorPath .\export.csv -Category Cables, Electrical -MaxMessages 200
#>
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [Parameter(Mandatory = $true)]
    [string] $RfqPath,

    [Parameter(Mandatory = $true)]
    [string] $VendorPath,

    [string] $ResultPath,

    [string[]] $Category,

    [string] $StorePath,

    [string] $PickupFolder,

    [ValidateRange(1, 2147483647)]
    [int] $MaxMessages,

    [ValidateRange(0, 2147483647)]
    [int] $DelayMs = 0,

    [switch] $SkipInvalid
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
if (-not (Get-Module -Name RfqSender)) {
    Import-Module -Name RfqSender
}

# No result file named, or a folder: a new file per run, named after the RFQ file and the time.
if (-not $ResultPath -or (Test-Path -LiteralPath $ResultPath -PathType Container)) {
    $folder = if ($ResultPath) { $ResultPath } else { Split-Path -Path (Resolve-Path -LiteralPath $VendorPath).ProviderPath -Parent }
    $name = '{0}-results-{1:yyyyMMdd-HHmmss}.csv' -f [System.IO.Path]::GetFileNameWithoutExtension($RfqPath), (Get-Date)
    $ResultPath = Join-Path -Path $folder -ChildPath $name
}

# Only the options that were given, so that Send-Rfq's own defaults (and RFQSENDER_* variables) apply otherwise.
$send = @{ RfqPath = $RfqPath; VendorPath = $VendorPath; DelayMs = $DelayMs }
if ($Category) { $send.Category = $Category }
if ($StorePath) { $send.StorePath = $StorePath }
if ($PickupFolder) { $send.PickupFolder = $PickupFolder }
if ($PSBoundParameters.ContainsKey('MaxMessages')) { $send.MaxMessages = $MaxMessages }
if ($SkipInvalid) { $send.SkipInvalid = $true }

$stopped = $null
$sendResults = $null
try {
    # Per-vendor failures are reported and the others are still sent (-ErrorAction Continue);
    # -OutVariable keeps the results of the vendors handled before a terminating error.
    Send-Rfq @send -ErrorAction Continue -OutVariable sendResults | Out-Null
}
catch {
    $stopped = $_
}

$results = @($sendResults | Where-Object { $null -ne $_ })
if ($results.Count -gt 0) {
    $results |
        Select-Object -Property RfqNumber, VendorKey, Vendor, To, Cc, Action, State, Attempts, Detail, MessageId, Timestamp |
        Export-Csv -Path $ResultPath -NoTypeInformation -Encoding UTF8
    Write-Output "Results: $ResultPath"
}

foreach ($group in ($results | Group-Object -Property Action | Sort-Object -Property Name)) {
    Write-Output ('{0,-12} {1,6}' -f $group.Name, $group.Count)
}

$problems = @($results | Where-Object -Property IsError)
if ($stopped) {
    Write-Error -ErrorRecord $stopped -ErrorAction Continue
    Write-Output 'The send stopped; fix the problem above and run the same command again: vendors already sent are not mailed twice.'
    exit 1
}

if ($WhatIfPreference) {
    exit 0
}

$lookup = @{ RfqNumber = (Import-Rfq -Path $RfqPath).Number; Summary = $true }
if ($StorePath) { $lookup.StorePath = $StorePath }
$campaign = Get-RfqDelivery @lookup | Select-Object -First 1
$unfinished = $campaign.Queued + $campaign.Deferred + $campaign.InDoubt + $campaign.Sending
if ($unfinished -gt 0 -or -not $campaign.InputComplete) {
    Write-Output "$($campaign.RfqNumber) is not finished: $($campaign.Queued) queued, $($campaign.Deferred) deferred, $($campaign.InDoubt) in doubt. Run this script again (InDoubt ones: Resume-Rfq -InDoubt Resend after checking)."
    exit 4
}

if ($problems.Count -gt 0) {
    Write-Output "$($problems.Count) vendor(s) failed; see Detail in $ResultPath."
    exit 1
}

exit 0
