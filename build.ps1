#Requires -Version 5.1
<#
.SYNOPSIS
    Builds, tests and packages RfqSender. A thin wrapper over the dotnet commands in README.md.
.PARAMETER Task
    Build   - compile the solution.
    Test    - run the .NET tests, then the Pester tests when Pester 5 is installed.
    Package - assemble the installable module folder out/RfqSender.
    Pester  - run only the Pester tests (needs Package first; assembled when missing).
    All     - Build, Package, Test.
.PARAMETER Configuration
    Debug or Release (default).
.EXAMPLE
    ./build.ps1 Package
    Import-Module ./out/RfqSender/RfqSender.psd1
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Package', 'Pester', 'All')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot

function Invoke-Dotnet {
    param([Parameter(ValueFromRemainingArguments = $true)] [string[]] $Arguments)
    Write-Host "dotnet $($Arguments -join ' ')" -ForegroundColor Cyan
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($Arguments -join ' ') failed with exit code $LASTEXITCODE." }
}

function Invoke-Package {
    Invoke-Dotnet build (Join-Path $root 'src/RfqSender.PowerShell/RfqSender.PowerShell.csproj') -c $Configuration '-t:AssembleModule'
}

function Invoke-Pester5 {
    $pester = Get-Module -ListAvailable -Name Pester | Where-Object { $_.Version -ge [version]'5.0' } | Sort-Object Version -Descending | Select-Object -First 1
    if (-not $pester) {
        Write-Warning 'Pester 5 is not installed (Install-Module Pester -MinimumVersion 5.0 -Scope CurrentUser); skipping the Pester tests.'
        return
    }
    if (-not (Test-Path (Join-Path $root 'out/RfqSender/RfqSender.psd1'))) { Invoke-Package }
    Import-Module $pester -Force
    $config = New-PesterConfiguration
    $config.Run.Path = Join-Path $root 'tests/Pester'
    $config.Run.Exit = $false
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'Detailed'
    $result = Invoke-Pester -Configuration $config
    if ($result.FailedCount -gt 0) { throw "$($result.FailedCount) Pester test(s) failed." }
}

if ($Task -contains 'All') { $Task = @('Build', 'Package', 'Test') }
foreach ($step in $Task) {
    switch ($step) {
        'Build'   { Invoke-Dotnet build (Join-Path $root 'RfqSender.sln') -c $Configuration }
        'Package' { Invoke-Package }
        'Test'    { Invoke-Dotnet test (Join-Path $root 'RfqSender.sln') -c $Configuration; Invoke-Pester5 }
        'Pester'  { Invoke-Pester5 }
    }
}
