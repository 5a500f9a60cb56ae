#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Importing the module as sessions really do: twice, with -Force, after Remove-Module; and beside other
# versions of its dependencies (as Az, Microsoft.Graph or PnP load them) that were loaded first. That one runs
# in a child pwsh, because this session imported the module in BeforeAll.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-Module $manifest -Force

    $savedEnvironment = Clear-RfqSenderEnvironment
    $env:RFQSENDER_HOME = Join-Path $TestDrive 'home'

    # One send of a few vendors to a pickup folder, tracked in its own store: the proof that the cmdlets work.
    function Invoke-PickupSend([string] $name) {
        $folder = Join-Path $TestDrive $name
        $results = @(Import-Csv $vendorPath | Select-Object -First 3 | Send-Rfq -RfqPath $rfqPath -StorePath (Join-Path $folder 'store.db') -PickupFolder (Join-Path $folder 'outbox') -ErrorAction Stop)
        @($results | Where-Object Action -EQ 'Sent').Count | Should -Be 3
        @(Get-ChildItem -LiteralPath (Join-Path $folder 'outbox') -Filter '*.eml').Count | Should -Be 3
        @(Get-RfqDelivery -RfqNumber RFQ-2026-114 -StorePath (Join-Path $folder 'store.db') -State Sent).Count | Should -Be 3
    }

    # The other versions: the PackageDownload items of the test project's OtherDependencyVersions group, from the NuGet folder.
    $project = [xml](Get-Content -Raw -LiteralPath (Join-Path $repoRoot 'tests/RfqSender.Module.Tests/RfqSender.Module.Tests.csproj'))
    $packageRoot = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path $HOME '.nuget/packages' }
    $otherVersions = foreach ($item in @($project.Project.ItemGroup | Where-Object { $_.Label -eq 'OtherDependencyVersions' })[0].PackageDownload) {
        $version = $item.Version.Trim('[', ']')
        $lib = Join-Path $packageRoot "$($item.Include.ToLowerInvariant())/$version/lib"
        $tfm = 'net10.0', 'net8.0', 'netstandard2.1', 'netstandard2.0' | Where-Object { Test-Path -LiteralPath (Join-Path $lib "$_/$($item.Include).dll") } | Select-Object -First 1
        [pscustomobject]@{
            Name    = $item.Include
            Package = $version
            Path    = if ($tfm) { Join-Path $lib "$tfm/$($item.Include).dll" }
        }
    }
}

AfterAll {
    Restore-RfqSenderEnvironment $savedEnvironment
    Remove-Item -LiteralPath Env:RFQSENDER_HOME -ErrorAction SilentlyContinue
    Remove-Module RfqSender -ErrorAction SilentlyContinue
}

Describe 'Importing the module again in one session' {
    It 'works after the first import' {
        Invoke-PickupSend 'first'
    }

    It 'works after Import-Module a second time (a no-op)' {
        Import-Module $manifest
        @(Get-Module RfqSender).Count | Should -Be 1
        Invoke-PickupSend 'again'
    }

    It 'works after Import-Module -Force' {
        Import-Module $manifest -Force
        @(Get-Module RfqSender).Count | Should -Be 1
        (Get-Command -Module RfqSender).Count | Should -Be @((Import-PowerShellDataFile -LiteralPath $manifest).CmdletsToExport).Count
        Invoke-PickupSend 'force'
    }

    It 'works after Remove-Module and Import-Module' {
        Remove-Module RfqSender
        Get-Command Send-Rfq -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Import-Module $manifest
        Invoke-PickupSend 'removed'
        # The format views come back too: results are shown with the module's table, not as lists of properties.
        $text = Import-Csv $vendorPath | Select-Object -First 1 | Send-Rfq -RfqPath $rfqPath -StorePath (Join-Path $TestDrive 'removed/store.db') -PickupFolder (Join-Path $TestDrive 'removed/outbox') | Out-String -Width 200
        $text | Should -Match '(?m)^Action\s+Vendor\s+To\s+State'
    }

    It 'works after -Force imports twice in a row, and a Remove-Module in between' {
        Import-Module $manifest -Force
        Import-Module $manifest -Force
        Remove-Module RfqSender
        Import-Module $manifest -Force
        $vendors = @(Get-RfqVendor -Path $vendorPath)
        $vendors.Count | Should -BeGreaterThan 30
        (Import-Rfq -Path $rfqPath).Number | Should -Be 'RFQ-2026-114'
        Invoke-PickupSend 'force-twice'
    }
}

Describe 'Beside other versions of its dependencies, loaded first' {
    BeforeAll {
        $work = Join-Path $TestDrive 'other-versions'
        $null = New-Item -ItemType Directory -Path $work
        Copy-Item -LiteralPath $rfqPath, (Join-Path $examples 'rfq-body.html'), (Join-Path $examples 'specs') -Destination $work -Recurse
        Set-Content -LiteralPath (Join-Path $work 'vendors.yaml') -Encoding utf8 -Value @(
            'vendors:'
            '  - Key: Y1'
            '    Name: Yaml Kabel GmbH'
            '    Email: [vertrieb@yaml-kabel.example, k.kraus@yaml-kabel.example]'
            '    Cc: einkauf@yaml-kabel.example'
            '    Category: [Cables]'
            '    Country: DE'
            '  - Key: Y2'
            '    Name: Åkesson Yaml AB'
            '    Email: order@akesson-yaml.example'
            '    Category: Cables'
            '    Country: SE'
        )
        $script = Join-Path $work 'child.ps1'
        Set-Content -LiteralPath $script -Encoding utf8 -Value @'
param([string] $Manifest, [string] $PathList, [string] $Work, [string] $Out)
$ErrorActionPreference = 'Stop'
function Describe-Loaded([string[]] $names) {
    foreach ($name in $names) {
        foreach ($assembly in [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq $name }) {
            [ordered]@{
                Name     = $name
                Version  = "$($assembly.GetName().Version)"
                Location = $assembly.Location
                Context  = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($assembly).Name
                Default  = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($assembly) -eq [System.Runtime.Loader.AssemblyLoadContext]::Default
            }
        }
    }
}
$paths = @(Get-Content -LiteralPath $PathList | Where-Object { $_ })
$names = @($paths | ForEach-Object { [IO.Path]::GetFileNameWithoutExtension($_) })
$loadErrors = @()
foreach ($path in $paths) {
    try { $null = [System.Reflection.Assembly]::LoadFrom($path) } catch { $loadErrors += "$path : $_" }
}
$before = @(Describe-Loaded $names)
$report = [ordered]@{ LoadErrors = $loadErrors; Before = $before; Steps = [ordered]@{}; Errors = @() }
try {
    Import-Module $Manifest
    Set-Location -LiteralPath $Work
    $rfq = Import-Rfq -Path ./rfq.yaml
    $report.Steps.ImportRfq = $rfq.Number
    $vendors = @(Get-RfqVendor -Path ./vendors.yaml)
    $report.Steps.YamlVendors = @($vendors | ForEach-Object { "$($_.Key)=$($_.Name)" })
    $results = @($vendors | Send-Rfq -Rfq $rfq -StorePath ./store.db -PickupFolder ./outbox)
    $report.Steps.Sent = @($results | Where-Object { "$($_.Action)" -eq 'Sent' } | ForEach-Object { $_.VendorKey })
    $report.Steps.Eml = @(Get-ChildItem -LiteralPath ./outbox -Filter '*.eml').Count
    $report.Steps.Deliveries = @(Get-RfqDelivery -RfqNumber $rfq.Number -StorePath ./store.db | ForEach-Object { "$($_.VendorKey)=$($_.State)" })
    $report.Steps.Summary = @(Get-RfqDelivery -RfqNumber $rfq.Number -StorePath ./store.db -Summary | ForEach-Object { "$($_.Category)=$($_.Sent)" })
}
catch {
    $report.Errors += "$($_.FullyQualifiedErrorId): $_ $($_.Exception.InnerException)"
}
$report.After = @(Describe-Loaded $names)
$report | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $Out -Encoding utf8
'@
        $out = Join-Path $work 'report.json'
        $runnable = @($otherVersions | Where-Object Path)
        $exe = [System.Environment]::ProcessPath
        $pathList = Join-Path $work 'assemblies.txt'
        Set-Content -LiteralPath $pathList -Value @($runnable.Path)
        $arguments = @('-NoProfile', '-NonInteractive', '-File', $script, '-Manifest', $manifest, '-PathList', $pathList, '-Work', $work, '-Out', $out)
        if ([System.IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { $arguments = @((Join-Path $PSHOME 'pwsh.dll')) + $arguments }
        $printed = & $exe @arguments 2>&1 | Out-String
        $report = if (Test-Path -LiteralPath $out) { Get-Content -Raw -LiteralPath $out | ConvertFrom-Json }
    }

    It 'has the other versions restored (dotnet restore tests/RfqSender.Module.Tests)' {
        $otherVersions.Count | Should -Be 5
        $otherVersions | Where-Object { -not $_.Path } | ForEach-Object { "$($_.Name) $($_.Package)" } | Should -BeNullOrEmpty
        $report | Should -Not -BeNullOrEmpty -Because "the child pwsh printed:`n$printed"
    }

    It 'loaded <Name> <Package> into the default context before the module' -ForEach @(
        @{ Name = 'YamlDotNet'; Package = '18.1.0' }
        @{ Name = 'Polly.Core'; Package = '8.8.1' }
        @{ Name = 'Microsoft.Identity.Client'; Package = '4.91.1' }
        @{ Name = 'SQLitePCLRaw.core'; Package = '2.1.11' }
    ) {
        $report.LoadErrors | Where-Object { $_ -like "*$Name.dll*" } | Should -BeNullOrEmpty
        $loaded = @($report.Before | Where-Object { $_.Name -eq $Name -and $_.Default })
        $loaded.Count | Should -Be 1
        $loaded[0].Location | Should -BeLike "*$Package*"
    }

    It 'reads the RFQ file (YAML)' {
        $report.Errors | Should -BeNullOrEmpty
        $report.Steps.ImportRfq | Should -Be 'RFQ-2026-114'
    }

    It 'reads a YAML vendor file' {
        $report.Steps.YamlVendors | Should -Be @('Y1=Yaml Kabel GmbH', 'Y2=Åkesson Yaml AB')
    }

    It 'sends to a pickup folder and tracks the deliveries in SQLite' {
        $report.Steps.Sent | Should -Be @('Y1', 'Y2')
        $report.Steps.Eml | Should -Be 2
        $report.Steps.Deliveries | Should -Be @('Y1=Sent', 'Y2=Sent')
        $report.Steps.Summary | Should -Contain '(all)=2'
    }

    It 'leaves the default context with the other versions, and loads its own beside them (<Name>)' -ForEach @(
        @{ Name = 'YamlDotNet'; Package = '18.1.0' }
        @{ Name = 'Polly.Core'; Package = '8.8.1' }
        @{ Name = 'Microsoft.Identity.Client'; Package = '4.91.1' }
        @{ Name = 'SQLitePCLRaw.core'; Package = '2.1.11' }
        @{ Name = 'System.Text.Json'; Package = $null }
    ) {
        $before = @($report.Before | Where-Object { $_.Name -eq $Name -and $_.Default })
        $after = @($report.After | Where-Object { $_.Name -eq $Name -and $_.Default })
        $before.Count | Should -Be 1
        if ($Package) { $before[0].Location | Should -BeLike "*$Package*" }
        @($after | ForEach-Object Location) | Should -Be @($before | ForEach-Object Location)
        # What the module used of it came from its own folder, in its own context.
        $own = @($report.After | Where-Object { $_.Name -eq $Name -and -not $_.Default })
        $own | ForEach-Object { $_.Location | Should -BeLike "$(Split-Path -Parent $manifest)*" }
        if ($Name -ne 'Microsoft.Identity.Client') { $own.Count | Should -BeGreaterOrEqual 1 -Because "the module used its own $Name" }
    }

    It 'keeps System.Text.Json of the default context as it was (the runtime''s, or 11.0.0 when it was not loaded yet)' {
        $stj = @($report.Before | Where-Object { $_.Name -eq 'System.Text.Json' -and $_.Default })
        $stj.Count | Should -Be 1
        $report.LoadErrors | Where-Object { $_ -like '*System.Text.Json.dll*' } | ForEach-Object {
            # pwsh itself had loaded the runtime's System.Text.Json before the script ran: the other version cannot be loaded there.
            $stj[0].Location | Should -Not -BeLike '*system.text.json/11.0.0*'
        }
        @($report.After | Where-Object { $_.Name -eq 'System.Text.Json' -and $_.Default }).Location | Should -Be $stj[0].Location
    }
}

Describe 'Publishing' {
    It 'has a manifest Test-ModuleManifest accepts, ready for Publish-Module, and the MIT license beside it' {
        $module = Test-ModuleManifest -Path $manifest -ErrorAction Stop
        $module.Name | Should -Be 'RfqSender'
        $module.Version | Should -BeGreaterThan ([version]'0.0.0')
        $module.Author | Should -Not -BeNullOrEmpty
        $module.Description | Should -BeLike '*SMTP*Microsoft Graph*'
        $module.CompatiblePSEditions | Should -Be @('Core', 'Desktop')
        $module.Copyright | Should -BeLike '*MIT*'
        $module.ReleaseNotes | Should -Not -BeNullOrEmpty
        $module.Tags | Should -Contain 'PSEdition_Core'
        @($module.ExportedCmdlets.Keys) | Should -Contain 'Send-Rfq'
        # No public address yet: no LicenseUri or ProjectUri that would point nowhere (README says so).
        $module.LicenseUri | Should -BeNullOrEmpty
        $module.ProjectUri | Should -BeNullOrEmpty
        Join-Path (Split-Path -Parent $manifest) 'LICENSE' | Should -Exist
        Get-Content -Raw -LiteralPath (Join-Path (Split-Path -Parent $manifest) 'LICENSE') | Should -BeLike 'MIT License*'
    }
}
