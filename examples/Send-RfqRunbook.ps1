<#
.SYNOPSIS
    Azure Automation runbook (PowerShell 7.4): sends an RFQ through Microsoft Graph as the
    Automation account's managed identity. Safe to re-run: re-running mails nobody twice.
.DESCRIPTION
    Uses Send-Rfq's transport parameters (-Transport Graph, -ManagedIdentity,
    -ManagedIdentityClientId, -Mailbox) and stays within Exchange Online's sending limits
    (-RateLimitPreset ExchangeOnline: 30 messages a minute, 10,000 recipients a day, counting what
    earlier jobs sent from the same store).

    Set-up, once:
    - Import the RfqSender module into the Automation account (runtime PowerShell 7.4), and
      Az.Accounts and Az.Storage when the files or the store live in a storage account.
    - Turn on the account's managed identity and grant it Mail.Send (docs/graph-setup.md, 2b),
      limited to the sending mailbox (step 4). For blob storage, give the identity the
      "Storage Blob Data Contributor" role on the container.
    - Optionally create an Automation variable 'RfqMailbox' holding the sending mailbox.

    Where the files come from: -RfqPath and -VendorPath name files on the worker (a Hybrid
    Runbook Worker's disk, or files shipped inside a module, see -ModuleRelative). With
    -StorageAccountName, the runbook first downloads every blob under -BlobPrefix of -Container
    (the RFQ file, the vendor list and the RFQ's attachments, keeping their relative paths) and
    -RfqPath and -VendorPath are paths inside that prefix.

    Why re-running is safe, and what that needs: Send-Rfq records every delivery in a store
    before and after sending, and a vendor that the store knows as sent is never mailed again.
    That only holds if the store outlives the job. Azure Automation cloud jobs run in a sandbox
    whose disk is thrown away after each job, so a store on that disk would be forgotten and the
    next run would mail every vendor again. This module version has only a SQLite store (a
    PostgreSQL store, meant for exactly this, is planned but not there yet). So:
    - On a Hybrid Runbook Worker, use -StorePath on the worker's local persistent disk (best).
    - In the cloud sandbox, use -StoreContainer: the runbook downloads the store blob before the
      send and uploads it after every portion of -ChunkSize messages, so a job that dies loses
      the record of at most one portion. Vendors of that portion may then be mailed twice
      (each with the same Message-ID), which a smaller -ChunkSize makes rarer.
    Do not point -StorePath at an Azure Files (SMB) share: SQLite's locking is not safe there.
    Never run two jobs of one campaign at the same time (schedule them far enough apart).

    Rate limits: Send-Rfq waits out short waits (the 30-a-minute limit). When the daily limit is
    reached it does not sleep for hours holding its claims: it ends the run, reports the vendors it
    did not reach as NotSent with the time the limit allows the next message, and leaves them
    queued; the next scheduled job goes on from there. On a Hybrid Runbook Worker, a job
    stopped while a message was in flight leaves that delivery InDoubt for the next job: see it
    with Get-RfqDelivery -State InDoubt and, if the vendor did not get it, send it again with
    Resume-Rfq -InDoubt Resend.
.PARAMETER RfqPath
    The RFQ file (YAML): a path on the worker, or inside -BlobPrefix with -StorageAccountName.
.PARAMETER VendorPath
    The vendor file (CSV, YAML or JSON), like -RfqPath.
.PARAMETER ModuleRelative
    -RfqPath and -VendorPath are relative to the folder of an imported module of that name (files
    shipped in a module that holds only data, e.g. 'RfqData').
.PARAMETER StorageAccountName
    Download the RFQ files from this storage account (with the managed identity).
.PARAMETER Container
    The blob container of the RFQ files and of the store.
.PARAMETER BlobPrefix
    The virtual folder of the RFQ files in the container, e.g. 'rfqs/RFQ-2026-114/'.
.PARAMETER StoreContainer
    Keep the store as a blob of -Container named '<StoreContainer>/<RFQ file name>.db' (cloud sandbox).
.PARAMETER StorePath
    The store file on a Hybrid Runbook Worker's persistent disk.
.PARAMETER Mailbox
    The sending mailbox. Default: the Automation variable 'RfqMailbox', else each RFQ's From.
.PARAMETER ManagedIdentityClientId
    The client id of a user-assigned managed identity; without it the system-assigned one is used.
.PARAMETER ChunkSize
    Messages per portion; the store is saved after each portion.
.PARAMETER Category
    Send only to vendors in any of these categories.
#>
param(
    [Parameter(Mandatory = $true)]
    [string] $RfqPath,

    [Parameter(Mandatory = $true)]
    [string] $VendorPath,

    [string] $ModuleRelative,

    [string] $StorageAccountName,

    [string] $Container = 'rfqsender',

    [string] $BlobPrefix = '',

    [string] $StoreContainer,

    [string] $StorePath,

    [string] $Mailbox,

    [string] $ManagedIdentityClientId,

    [ValidateRange(1, 10000)]
    [int] $ChunkSize = 100,

    [string[]] $Category
)

$ErrorActionPreference = 'Stop'
Import-Module -Name RfqSender
if ($StoreContainer -and -not $StorageAccountName) {
    throw '-StoreContainer keeps the store in a storage account: name it with -StorageAccountName.'
}

if (-not $StoreContainer -and -not $StorePath) {
    throw 'Name a store that outlives this job: -StorePath on a Hybrid Runbook Worker, or -StoreContainer in the cloud sandbox. A store on the sandbox disk would be forgotten and the next run would mail every vendor again.'
}

$work = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('rfq-' + [guid]::NewGuid().ToString('N'))
$null = New-Item -ItemType Directory -Path $work -Force

if ($StorageAccountName -or $StoreContainer) {
    if ($ManagedIdentityClientId) {
        $null = Connect-AzAccount -Identity -AccountId $ManagedIdentityClientId
    }
    else {
        $null = Connect-AzAccount -Identity
    }

    $context = New-AzStorageContext -StorageAccountName $StorageAccountName -UseConnectedAccount
}

if ($StorageAccountName) {
    # The RFQ, the vendor list and the attachments, with the relative paths the RFQ file uses.
    Get-AzStorageBlob -Container $Container -Prefix $BlobPrefix -Context $context |
        Get-AzStorageBlobContent -Destination $work -Force |
        Out-Null
    $RfqPath = Join-Path -Path $work -ChildPath ($BlobPrefix + $RfqPath)
    $VendorPath = Join-Path -Path $work -ChildPath ($BlobPrefix + $VendorPath)
}
elseif ($ModuleRelative) {
    $base = (Get-Module -Name $ModuleRelative -ListAvailable | Select-Object -First 1).ModuleBase
    $RfqPath = Join-Path -Path $base -ChildPath $RfqPath
    $VendorPath = Join-Path -Path $base -ChildPath $VendorPath
}

if (-not $Mailbox) {
    try { $Mailbox = Get-AutomationVariable -Name 'RfqMailbox' } catch { $Mailbox = $null }
}

$storeBlob = $null
if ($StoreContainer) {
    $storeBlob = '{0}/{1}.db' -f $StoreContainer.TrimEnd('/'), [System.IO.Path]::GetFileNameWithoutExtension($RfqPath)
    $StorePath = Join-Path -Path $work -ChildPath 'rfqsender.db'
    if (Get-AzStorageBlob -Container $Container -Blob $storeBlob -Context $context -ErrorAction SilentlyContinue) {
        $null = Get-AzStorageBlobContent -Container $Container -Blob $storeBlob -Destination $StorePath -Context $context -Force
        Write-Output "Store $storeBlob downloaded: this run resumes the campaign."
    }
    else {
        Write-Output "Store $storeBlob does not exist yet: this is the campaign's first run."
    }
}

function Save-Store {
    if ($storeBlob) {
        $null = Set-AzStorageBlobContent -File $StorePath -Container $Container -Blob $storeBlob -Context $context -Force
    }
}

# The transport parameters; the pickup folder of a sandbox would be lost, so Graph sends directly.
$send = @{
    RfqPath         = $RfqPath
    StorePath       = $StorePath
    Transport       = 'Graph'
    ManagedIdentity = $true
    MaxMessages     = $ChunkSize
    RateLimitPreset = 'ExchangeOnline'
    ErrorAction     = 'Continue'
}
if ($ManagedIdentityClientId) { $send.ManagedIdentityClientId = $ManagedIdentityClientId }
if ($Mailbox) { $send.Mailbox = $Mailbox }
if ($Category) { $send.Category = $Category }

$all = [System.Collections.Generic.List[object]]::new()
try {
    # First portion: registers every vendor of the list in the campaign (the ones beyond the
    # portion as queued) and sends up to ChunkSize of them. Vendors sent by an earlier job are AlreadyDone.
    $results = @(Send-Rfq @send -VendorPath $VendorPath)
    $all.AddRange($results)
    Save-Store

    # Then what is still due, portion by portion, saving the store after each.
    while (@($results | Where-Object -Property Action -EQ 'Sent').Count -gt 0) {
        $results = @(Send-Rfq @send)
        $all.AddRange($results)
        Save-Store
    }
}
finally {
    Save-Store
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}

$all | Group-Object -Property Action | ForEach-Object { Write-Output ('{0,-12} {1,6}' -f $_.Name, $_.Count) }
$problems = @($all | Where-Object -Property IsError)
if ($problems.Count -gt 0) {
    $problems | ForEach-Object { Write-Output ('{0} [{1}]: {2}: {3}' -f $_.Vendor, $_.VendorKey, $_.Action, $_.Detail) }
    throw "$($problems.Count) vendor(s) failed or are in doubt (see above). Run the runbook again to retry deferred ones; failed and in-doubt ones are resent only on request (Resume-Rfq -RetryFailed, -InDoubt Resend)."
}
