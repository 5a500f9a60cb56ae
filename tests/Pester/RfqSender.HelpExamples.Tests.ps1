#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Every example of every cmdlet's help (docs/cmdlets/*.md, mirrored word for word in examples/help/*.ps1 and
# compiled into the module's MAML) is executed as a user would paste it: in a folder that holds the
# module's example files under ./examples, with RFQSENDER_HOME redirected, after a first send registered
# the example campaign (the examples that read or resume RFQ-2026-114 assume one).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-Module $manifest -Force

    $savedEnvironment = Clear-RfqSenderEnvironment

    # A folder as a user has it when they paste an example: the module's examples under ./examples (the help's
    # paths are relative to the repository root), the same files at the top (./rfq-body.html, ./specs/...),
    # and the few files some examples name that a user would have of their own.
    function New-ExampleFolder([string] $path) {
        $null = New-Item -ItemType Directory -Path $path, (Join-Path $path 'examples'), (Join-Path $path 'rfqs'), (Join-Path $path 'D'), (Join-Path $path 'replies') -Force
        foreach ($target in (Join-Path $path 'examples'), $path, (Join-Path $path 'rfqs')) {
            foreach ($name in 'rfq.yaml', 'vendors.csv', 'rfq-body.html', 'rfq-body.txt', 'specs') {
                Copy-Item -LiteralPath (Join-Path $examples $name) -Destination $target -Recurse -Force
            }
        }
        Remove-Item -LiteralPath (Join-Path $path 'rfqs/vendors.csv')
        Set-Content -LiteralPath (Join-Path $path 'items.csv') -Encoding utf8 -Value @(
            'Part,Description,Quantity,Unit'
            'BOX-40,Folding box 40x30x20 cm,2000,pc'
            'TAPE-50,Packing tape 50 mm,300,roll'
        )
        Copy-Item -LiteralPath (Join-Path $examples 'specs/cable-spec.pdf') -Destination (Join-Path $path 'specs/packaging.pdf')
        Set-Content -LiteralPath (Join-Path $path 'campaigns.csv') -Encoding utf8 -Value 'Number', 'RFQ-2026-114'
    }
}

BeforeDiscovery {
    $docs = Join-Path (Split-Path -Parent (Split-Path -Parent $PSScriptRoot)) 'docs/cmdlets'
    $helpExamples = foreach ($file in Get-ChildItem -Path $docs -Filter '*.md' | Sort-Object Name) {
        $command = $file.BaseName
        $lines = Get-Content -LiteralPath $file.FullName -Encoding utf8
        $inExamples = $false
        $title = $null
        $code = $null
        $number = 0
        foreach ($line in $lines) {
            if ($line -match '^## ') { $inExamples = $line -match '^## EXAMPLES\s*$'; continue }
            if (-not $inExamples) { continue }
            if ($line -match '^### (.+)$') { $title = $Matches[1].Trim(); $number++; continue }
            if ($null -eq $code -and $title -and $line -match '^```(powershell)?\s*$') { $code = [System.Collections.Generic.List[string]]::new(); continue }
            if ($null -ne $code -and $line -match '^```\s*$') {
                @{ Command = $command; Number = $number; Title = $title; Code = ($code -join "`n"); Name = "$command $title" }
                $code = $null
                $title = $null
                continue
            }
            if ($null -ne $code) { $code.Add($line) }
        }
    }

    # The about_ topics: every PowerShell code block is an example.
    $aboutExamples = foreach ($file in Get-ChildItem -Path (Split-Path -Parent $docs) -Filter 'about_*.md' | Sort-Object Name) {
        $number = 0
        $code = $null
        foreach ($line in Get-Content -LiteralPath $file.FullName -Encoding utf8) {
            if ($null -eq $code -and $line -match '^```powershell\s*$') { $code = [System.Collections.Generic.List[string]]::new(); continue }
            if ($null -ne $code -and $line -match '^```\s*$') {
                $number++
                @{ Command = $file.BaseName; Number = $number; Title = "code block $number"; Code = ($code -join "`n"); Name = "$($file.BaseName) code block $number"; About = $true }
                $code = $null
                continue
            }
            if ($null -ne $code) { $code.Add($line) }
        }
    }

    # Examples that cannot run on this machine, each with the reason. Every other example must run without an error.
    $notRunnable = @{
        'Copy-RfqStore 2' = 'Get-Credential prompts, and db.contoso.example is a real server we must not reach'
        'Receive-RfqReply 2' = 'Get-Credential prompts, and imap.contoso.com is a real server we must not reach'
        'Receive-RfqReply 4' = 'Microsoft Graph with a managed identity (needs Azure and the Graph endpoint)'
        'Set-RfqReply 1' = 'needs the unmatched reply 17 of a mailbox read before'
        'Send-Rfq 6'   = 'Get-Credential prompts, and smtp.contoso.com is a real server we must not reach'
        'Send-Rfq 7'   = 'Microsoft Graph with a managed identity (needs Azure and the Graph endpoint)'
        'Send-Rfq 8'   = 'Microsoft Graph (needs a tenant, an app and ./rfqsender.yaml with its ids)'
        'Resume-Rfq 3' = 'Microsoft Graph with a managed identity (needs Azure and the Graph endpoint)'
        'Send-RfqReminder 3' = 'IMAP and SMTP to imap.contoso.com and smtp.contoso.com (real servers we must not reach) with credentials the user holds'
        'Resume-Rfq 5' = 'SMTP to smtp.contoso.com (a real server we must not reach) with a credential the user holds'
        'Test-RfqTransport 3' = 'Get-Credential prompts, and smtp.contoso.com is a real server we must not reach'
        'Test-RfqTransport 4' = 'Microsoft Graph with a managed identity (needs Azure and the Graph endpoint)'
    }
    $cmdletExamples = @($helpExamples)
    $helpExamples = @($cmdletExamples) + @($aboutExamples)
    foreach ($example in $helpExamples) {
        $key = "$($example.Command) $($example.Number)"
        $example.Skip = $notRunnable.ContainsKey($key)
        $example.Note = if ($example.Skip) { " (not run: $($notRunnable[$key]))" } else { '' }
    }
    $catalogue = @{ All = @($cmdletExamples); NotRunnable = @($notRunnable.Keys) }
    $rfqExamples = @($cmdletExamples | Where-Object { -not $_.Skip -and $_.Code -match '\$rfq = New-Rfq' })
    $aboutTopics = @($aboutExamples | ForEach-Object { @{ Topic = $_.Command; Code = $_.Code } })
}

AfterAll {
    Restore-RfqSenderEnvironment $savedEnvironment
    Remove-Item -LiteralPath Env:RFQSENDER_HOME -ErrorAction SilentlyContinue
    Remove-Module RfqSender -ErrorAction SilentlyContinue
}

Describe 'Help examples' {
    It 'finds the examples of every cmdlet in docs/cmdlets, and every example listed as not runnable exists' -ForEach $catalogue {
        $commands = $All | ForEach-Object { $_.Command } | Sort-Object -Unique
        $commands | Should -Be @((Get-Command -Module RfqSender).Name | Sort-Object)
        foreach ($command in $commands) {
            @($All | Where-Object { $_.Command -eq $command }).Count | Should -BeGreaterOrEqual 2 -Because "$command documents at least two examples"
        }
        $keys = $All | ForEach-Object { "$($_.Command) $($_.Number)" }
        foreach ($key in $NotRunnable) { $keys | Should -Contain $key }
        @($All | Where-Object { -not $_.Skip }).Count | Should -BeGreaterThan ($All.Count / 2)
    }

    It 'are the examples Get-Help shows, and those of examples/help/<Command>.ps1 (<Command>)' -ForEach @(
        $cmdletExamples | Group-Object Command | ForEach-Object { @{ Command = $_.Name; Codes = @($_.Group.Code) } }
    ) {
        $shown = @((Get-Help -Name $Command -Examples).Examples.Example | ForEach-Object { ($_.Code -replace "`r", '').Trim() })
        $shown | Should -Be @($Codes | ForEach-Object { $_.Trim() })
        $script = (Get-Content -Raw -Encoding utf8 -LiteralPath (Join-Path $examples "help/$Command.ps1")) -replace "`r", ''
        foreach ($code in $Codes) { $script.Contains($code) | Should -BeTrue -Because "examples/help/$Command.ps1 holds: $code" }
    }

    It 'finds the code of <Topic> in Get-Help <Topic>' -ForEach $aboutTopics {
        $shown = (Get-Help -Name $Topic | Out-String) -replace '\s+', ' '
        foreach ($line in $Code -split "`n") { $shown | Should -BeLike "*$(($line -replace '\s+', ' ').Trim())*" }
    }

    It 'ships the example scripts that about_RfqSender says are in the module''s examples folder' {
        $about = Get-Content -Raw -LiteralPath (Join-Path $repoRoot 'docs/about_RfqSender.md')
        $about | Should -Match "module's ``examples`` folder"
        $named = @([regex]::Matches(($about -split '### Examples')[1], '`([A-Za-z-]+\.ps1)`').ForEach({ $_.Groups[1].Value }))
        $named | Should -Contain 'Send-RfqFromCsv.ps1'
        $moduleBase = (Get-Module RfqSender).ModuleBase
        foreach ($name in $named) {
            Join-Path $moduleBase "examples/$name" | Should -Exist -Because 'about_RfqSender tells users to find it in the module'
        }
    }

    Context '<Name><Note>' -ForEach $helpExamples {
        BeforeAll {
            $work = Join-Path $TestDrive ("{0}-{1}" -f $Command, $Number)
            New-ExampleFolder $work
            $env:RFQSENDER_HOME = Join-Path $work 'home'
            # The help's Windows paths ('D:\RfqSender\...') land on a D: drive inside the test folder.
            $null = New-PSDrive -Name D -PSProvider FileSystem -Root (Join-Path $work 'D') -Scope Global
            Push-Location -LiteralPath $work
            # A campaign as an earlier run left it: most vendors sent, 4 still queued (Send-Rfq's example 2 waits 500 ms
            # between two messages); in the default store, and 5 sent on D:.
            $null = Send-Rfq -RfqPath ./examples/rfq.yaml -VendorPath ./examples/vendors.csv -MaxMessages ((Get-RfqVendor -Path ./examples/vendors.csv).Count - 4) -ErrorAction Stop
            if ($Code -match 'D:\\') {
                $null = New-Item -ItemType Directory -Path 'D:\RfqSender' -Force
                $null = Send-Rfq -RfqPath ./examples/rfq.yaml -VendorPath ./examples/vendors.csv -MaxMessages 5 -StorePath 'D:\RfqSender\rfqsender.db' -PickupFolder 'D:\RfqSender\outbox' -ErrorAction Stop
            }
        }

        AfterAll {
            Pop-Location
            Remove-PSDrive -Name D -Scope Global -ErrorAction SilentlyContinue
            Remove-Item -LiteralPath Env:RFQSENDER_HOME -ErrorAction SilentlyContinue
        }

        It 'runs without an error' -Skip:$Skip {
            $errors = [System.Collections.Generic.List[object]]::new()
            $block = [scriptblock]::Create($Code)
            $text = try {
                & $block 2>&1 | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { $errors.Add($_) } else { $_ } } | Out-String -Width 120
            }
            catch {
                $errors.Add($_)
            }
            $errors | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" } | Should -BeNullOrEmpty -Because "example:`n$Code`nprinted:`n$text"
            # Nothing a user pastes may print type names instead of values.
            $text | Should -Not -Match 'RfqSender\.Engine\.'
            foreach ($csv in Get-ChildItem -LiteralPath $work -Filter '*.csv' | Where-Object Name -NotIn 'vendors.csv', 'items.csv', 'campaigns.csv') {
                Get-Content -Raw -LiteralPath $csv.FullName | Should -Not -Match 'RfqSender\.Engine\.|System\.Collections\.|System\.Object\[\]' -Because "$($csv.Name) holds values, not type names"
            }
        }
    }
}

Describe 'RFQs the help examples build' {
    It '<Name> renders for every example vendor (no template field left undefined)' -ForEach $rfqExamples {
        $work = Join-Path $TestDrive ("rfq-{0}-{1}" -f $Command, $Number)
        New-ExampleFolder $work
        $env:RFQSENDER_HOME = Join-Path $work 'home'
        Push-Location -LiteralPath $work
        try {
            # Sent to this test's own pickup folder: a template field the RFQ lacks stops it (TemplateInvalid).
            # The example's own output is dropped; its $rfq stays in scope for the check.
            $check = [scriptblock]::Create(". {`n$Code`n} | Out-Null`n" + '@(Send-Rfq -Rfq $rfq -VendorPath ./examples/vendors.csv -ErrorAction Stop -WarningAction SilentlyContinue)')
            $results = & $check
            $results.Count | Should -Be (Get-RfqVendor -Path ./examples/vendors.csv).Count
            $results | ForEach-Object { $_.Action | Should -BeIn 'Sent', 'AlreadyDone' }
        }
        finally {
            Pop-Location
            Remove-Item -LiteralPath Env:RFQSENDER_HOME -ErrorAction SilentlyContinue
        }
    }
}
