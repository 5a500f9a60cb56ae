#Requires -Version 5.1
#Requires -Modules ScheduledTasks
<#
.SYNOPSIS
    Registers a Windows scheduled task that runs an RFQ send every day.
.DESCRIPTION
    The task runs PowerShell 7 (pwsh.exe, or Windows PowerShell with -UseWindowsPowerShell) with
    Send-RfqFromCsv.ps1 from this folder: it sends the RFQ to the vendors of the CSV file and
    writes the results to a CSV file. Because every delivery is tracked in the store, the daily
    run mails only the vendors not yet sent; with -MaxMessages it sends a campaign in daily
    portions, and it retries deferred deliveries. The task's last result is the script's exit
    code: 0 when every vendor is done, 1 when something failed (see the result file).

    The task runs as the given account whether or not it is logged on: a domain account
    (-Credential) or a group managed service account (-GroupManagedServiceAccount, no password to
    manage). The account needs read access to the RFQ and vendor files and write access to the
    store, the pickup folder and the result folder. Keep the store on a local disk of the machine
    that runs the task: SQLite must not be shared over a network drive.

    Use -WhatIf to see what would be registered. Register-ScheduledTask needs an elevated
    session to register a task for another account.
.PARAMETER TaskName
    The task's name. Default: RfqSender send.
.PARAMETER TaskPath
    The folder of Task Scheduler the task goes into. Default: \RfqSender\
.PARAMETER RfqPath
    The RFQ file (YAML), as the task's account sees it.
.PARAMETER VendorPath
    The vendor CSV file.
.PARAMETER StorePath
    The store file; the same for every run of the campaign.
.PARAMETER PickupFolder
    Where the .eml files go.
.PARAMETER ResultFolder
    The folder each run writes a new result CSV file to.
.PARAMETER At
    The time of day the task runs. Default: 06:30.
.PARAMETER MaxMessages
    At most this many messages per run (0: no limit).
.PARAMETER Credential
    The account the task runs as (its password is stored by Task Scheduler).
.PARAMETER GroupManagedServiceAccount
    A group managed service account to run the task as, e.g. CONTOSO\svc-rfq$ .
.PARAMETER UseWindowsPowerShell
    Run the send in Windows PowerShell 5.1 (powershell.exe) instead of PowerShell 7 (pwsh.exe).
.EXAMPLE
    ./Register-RfqScheduledTask.ps1 -RfqPath D:\Rfq\rfq.yaml -VendorPath D:\Rfq\vendors.csv -StorePath D:\Rfq\rfqsender.db -PickupFolder D:\Rfq\outbox -ResultFolder D:\Rfq\results -Credential (Get-Credential CONTOSO\svc-rfq) -WhatIf
.EXAMPLE
    ./Register-RfqScheduledTask.ps1 -RfqPath D:\Rfq\rfq.yaml -VendorPath D:\Rfq\vendors.csv -StorePath D:\Rfq\rfqsender.db -PickupFolder D:\Rfq\outbox -ResultFolder D:\Rfq\results -GroupManagedServiceAccount 'CONTOSO\svc-rfq$' -MaxMessages 300 -At 07:00
#>
[CmdletBinding(SupportsShouldProcess = $true, DefaultParameterSetName = 'Credential')]
param(
    [string] $TaskName = 'RfqSender send',

    [string] $TaskPath = '\RfqSender\',

    [Parameter(Mandatory = $true)]
    [string] $RfqPath,

    [Parameter(Mandatory = $true)]
    [string] $VendorPath,

    [Parameter(Mandatory = $true)]
    [string] $StorePath,

    [Parameter(Mandatory = $true)]
    [string] $PickupFolder,

    [Parameter(Mandatory = $true)]
    [string] $ResultFolder,

    [datetime] $At = '06:30',

    [ValidateRange(0, 2147483647)]
    [int] $MaxMessages = 0,

    [Parameter(Mandatory = $true, ParameterSetName = 'Credential')]
    [System.Management.Automation.PSCredential] $Credential,

    [Parameter(Mandatory = $true, ParameterSetName = 'GroupManagedServiceAccount')]
    [string] $GroupManagedServiceAccount,

    [switch] $UseWindowsPowerShell
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$script = Join-Path -Path $PSScriptRoot -ChildPath 'Send-RfqFromCsv.ps1'
if (-not (Test-Path -LiteralPath $script)) {
    throw "Send-RfqFromCsv.ps1 is not beside this script ($PSScriptRoot)."
}

# Task Scheduler passes the arguments as one command line, so every path is quoted; a trailing
# backslash would escape the closing quote, hence the TrimEnd.
$PickupFolder = $PickupFolder.TrimEnd('\', '/')
$ResultFolder = $ResultFolder.TrimEnd('\', '/')
$arguments = @(
    '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass'
    '-File', "`"$script`""
    '-RfqPath', "`"$RfqPath`""
    '-VendorPath', "`"$VendorPath`""
    '-StorePath', "`"$StorePath`""
    '-PickupFolder', "`"$PickupFolder`""
    '-ResultPath', "`"$ResultFolder`""
)
if ($MaxMessages -gt 0) {
    $arguments += @('-MaxMessages', $MaxMessages)
}

$program = if ($UseWindowsPowerShell) { 'powershell.exe' } else { 'pwsh.exe' }
$action = New-ScheduledTaskAction -Execute $program -Argument ($arguments -join ' ') -WorkingDirectory $ResultFolder
$trigger = New-ScheduledTaskTrigger -Daily -At $At
# One run at a time (a paced run can take hours); a missed start runs when the machine is back.
$settings = New-ScheduledTaskSettingsSet -StartWhenAvailable -MultipleInstances IgnoreNew -ExecutionTimeLimit (New-TimeSpan -Hours 8)
$description = "Sends $RfqPath to the vendors of $VendorPath with RfqSender; results in $ResultFolder."

$account = if ($PSCmdlet.ParameterSetName -eq 'Credential') { $Credential.UserName } else { $GroupManagedServiceAccount }
if ($PSCmdlet.ShouldProcess("$TaskPath$TaskName (daily at $($At.ToString('HH:mm')), as $account): $program $($arguments -join ' ')", 'Register scheduled task')) {
    foreach ($folder in $PickupFolder, $ResultFolder, (Split-Path -Path $StorePath -Parent)) {
        $null = New-Item -ItemType Directory -Path $folder -Force
    }

    if ($PSCmdlet.ParameterSetName -eq 'Credential') {
        Register-ScheduledTask -TaskName $TaskName -TaskPath $TaskPath -Action $action -Trigger $trigger -Settings $settings `
            -User $Credential.UserName -Password $Credential.GetNetworkCredential().Password -RunLevel Limited `
            -Description $description -Force
    }
    else {
        # A gMSA logs on with LogonType Password; Windows fetches its password from Active Directory.
        $principal = New-ScheduledTaskPrincipal -UserId $GroupManagedServiceAccount -LogonType Password -RunLevel Limited
        Register-ScheduledTask -TaskName $TaskName -TaskPath $TaskPath -Action $action -Trigger $trigger -Settings $settings `
            -Principal $principal -Description $description -Force
    }
}
