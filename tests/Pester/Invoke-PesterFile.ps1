<#
.SYNOPSIS
    Runs one Pester test file against an assembled module folder and writes a JSON summary.
    The xUnit test PesterSuiteTests calls it once per file, each in a fresh pwsh process, so every
    file starts in a session that has loaded nothing of RfqSender.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Path,
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ResultPath
)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PesterPath 'Pester.psd1') -Force
$env:RFQSENDER_TEST_MODULE = $ModulePath

$config = New-PesterConfiguration
$config.Run.Path = $Path
$config.Run.PassThru = $true
$config.Run.Exit = $false
$config.Output.Verbosity = 'Detailed'
$config.Output.RenderMode = 'Plaintext'
$result = Invoke-Pester -Configuration $config

$failed = @(
    foreach ($test in $result.Failed) {
        [ordered]@{
            Name  = $test.ExpandedPath
            Error = (($test.ErrorRecord | ForEach-Object { "$_`n$($_.ScriptStackTrace)" }) -join "`n")
        }
    }
    foreach ($block in $result.FailedBlocks) {
        [ordered]@{ Name = "$($block.ExpandedPath) (setup)"; Error = (($block.ErrorRecord | ForEach-Object { "$_`n$($_.ScriptStackTrace)" }) -join "`n") }
    }
    foreach ($container in $result.FailedContainers) {
        [ordered]@{ Name = "$($container.Item) (file)"; Error = (($container.ErrorRecord | ForEach-Object { "$_`n$($_.ScriptStackTrace)" }) -join "`n") }
    }
)
[ordered]@{
    File    = $Path
    Pester  = "$((Get-Module Pester).Version)"
    Passed  = $result.PassedCount
    Failed  = $result.FailedCount + @($result.FailedBlocks).Count + @($result.FailedContainers).Count
    Skipped = $result.SkippedCount
    Total   = $result.TotalCount
    Failures = $failed
} | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $ResultPath -Encoding utf8
