#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The common parameters as users rely on them: -WhatIf, -Confirm, -ErrorAction Stop, and the error records
# (FullyQualifiedErrorId, category, target) of the main error paths.
# -Confirm prompts through the host: the "No" answers are given to a child pwsh on its standard input, which
# its console host reads the choices from (this session itself runs with -NonInteractive).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-Module $manifest -Force

    $savedEnvironment = Clear-RfqSenderEnvironment

    $vendorCount = (Get-RfqVendor -Path $vendorPath).Count

    function New-TestHome {
        $path = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $path
        $env:RFQSENDER_HOME = $path
        [pscustomobject]@{ Home = $path; Store = Join-Path $path 'rfqsender.db'; Outbox = Join-Path $path 'outbox' }
    }

    # Runs a script in a fresh pwsh that imported the module, with the given lines on its standard input (the
    # answers to the confirmation prompts). Returns what it printed; the script leaves its results as JSON in $out.
    function Invoke-ChildPwsh([string] $script, [string[]] $answers) {
        $folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $folder
        $file = Join-Path $folder 'child.ps1'
        Set-Content -LiteralPath $file -Encoding utf8 -Value @(
            '$ErrorActionPreference = ''Stop'''
            "Import-Module '$($manifest -replace "'", "''")'"
            "`$out = '$((Join-Path $folder 'out.json') -replace "'", "''")'"
            $script
        )
        Set-Content -LiteralPath (Join-Path $folder 'stdin.txt') -Value $answers
        $exe = [System.Environment]::ProcessPath
        $arguments = @('-NoProfile', '-File', "`"$file`"")
        if ([System.IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { $arguments = @("`"$(Join-Path $PSHOME 'pwsh.dll')`"") + $arguments }
        $process = Start-Process -FilePath $exe -ArgumentList $arguments -NoNewWindow -Wait -PassThru `
            -RedirectStandardInput (Join-Path $folder 'stdin.txt') -RedirectStandardOutput (Join-Path $folder 'stdout.txt') -RedirectStandardError (Join-Path $folder 'stderr.txt')
        $stdout = Get-Content -Raw -LiteralPath (Join-Path $folder 'stdout.txt')
        $stderr = Get-Content -Raw -LiteralPath (Join-Path $folder 'stderr.txt')
        $process.ExitCode | Should -Be 0 -Because "the child pwsh ran:`n$stdout`n$stderr"
        [pscustomobject]@{
            Output = $stdout
            Result = if (Test-Path -LiteralPath (Join-Path $folder 'out.json')) { Get-Content -Raw -LiteralPath (Join-Path $folder 'out.json') | ConvertFrom-Json }
        }
    }

}

AfterAll {
    Restore-RfqSenderEnvironment $savedEnvironment
    Remove-Item -LiteralPath Env:RFQSENDER_HOME -ErrorAction SilentlyContinue
    Remove-Module RfqSender -ErrorAction SilentlyContinue
}

Describe '-WhatIf' {
    BeforeEach { $paths = New-TestHome }

    It 'Send-Rfq -WhatIf sends nothing, outputs nothing and creates neither the store nor the outbox' {
        $results = Import-Csv $vendorPath | Send-Rfq -RfqPath $rfqPath -WhatIf
        $results | Should -BeNullOrEmpty
        Test-Path -LiteralPath $paths.Store | Should -BeFalse
        Test-Path -LiteralPath $paths.Outbox | Should -BeFalse
        @(Get-ChildItem -LiteralPath $paths.Home -Force) | Should -BeNullOrEmpty
    }

    It 'Send-Rfq under $WhatIfPreference changes nothing in an existing campaign' {
        $null = Send-Rfq -RfqPath $rfqPath -VendorPath $vendorPath -MaxMessages 3
        $before = Get-RfqDelivery -RfqNumber RFQ-2026-114 | ForEach-Object { "$($_.VendorKey)=$($_.State)/$($_.Attempts)" }
        $WhatIfPreference = $true
        try {
            $results = Send-Rfq -RfqPath $rfqPath -VendorPath $vendorPath
            $results += Send-Rfq -RfqPath $rfqPath
        }
        finally {
            $WhatIfPreference = $false
        }
        $results | Where-Object Action -EQ 'Sent' | Should -BeNullOrEmpty
        Get-EmlCount $paths.Outbox | Should -Be 3
        Get-RfqDelivery -RfqNumber RFQ-2026-114 | ForEach-Object { "$($_.VendorKey)=$($_.State)/$($_.Attempts)" } | Should -Be $before
    }

    It 'Resume-Rfq -WhatIf sends nothing and leaves every delivery as it was' {
        $null = Send-Rfq -RfqPath $rfqPath -VendorPath $vendorPath -MaxMessages 2
        $before = Get-RfqDelivery -RfqNumber RFQ-2026-114 | ForEach-Object { "$($_.VendorKey)=$($_.State)/$($_.Attempts)" }
        $results = Resume-Rfq -RfqNumber RFQ-2026-114 -WhatIf
        $results | Where-Object Action -EQ 'Sent' | Should -BeNullOrEmpty
        Get-EmlCount $paths.Outbox | Should -Be 2
        Get-RfqDelivery -RfqNumber RFQ-2026-114 | ForEach-Object { "$($_.VendorKey)=$($_.State)/$($_.Attempts)" } | Should -Be $before
        (Get-RfqDelivery -RfqNumber RFQ-2026-114 -State Queued).Count | Should -Be ($vendorCount - 2)
    }

    It 'names each vendor with all its addresses, To and Cc, in the What if: line' {
        $run = Invoke-ChildPwsh -answers @() -script @"
`$env:RFQSENDER_HOME = '$($paths.Home)'
Import-Csv '$vendorPath' | Select-Object -First 2 | Send-Rfq -RfqPath '$rfqPath' -WhatIf
"@
        $lines = @($run.Output -split "`r?`n" | Where-Object { $_ -like 'What if:*' })
        $lines.Count | Should -Be 2
        # V001 has the Cc einkauf-kopie@müller-kabel.example in examples/vendors.csv.
        $lines[0] | Should -BeLike '*Müller Kabelwerke GmbH*vertrieb@müller-kabel.example*'
        $lines[0] | Should -BeLike '*einkauf-kopie@müller-kabel.example*'
        Test-Path -LiteralPath $paths.Store | Should -BeFalse
    }
}

Describe '-Confirm' {
    BeforeEach { $paths = New-TestHome }

    It 'sends without asking with -Confirm:$false even when $ConfirmPreference asks for everything' {
        $ConfirmPreference = 'Low'
        try {
            $results = Import-Csv $vendorPath | Select-Object -First 3 | Send-Rfq -RfqPath $rfqPath -Confirm:$false
            $results += Resume-Rfq -RfqNumber RFQ-2026-114 -Confirm:$false
        }
        finally {
            $ConfirmPreference = 'High'
        }
        @($results | Where-Object Action -EQ 'Sent').Count | Should -Be 3
        Get-EmlCount $paths.Outbox | Should -Be 3
    }

    It 'Send-Rfq -Confirm sends only the vendors answered Yes, and reports every vendor' {
        $run = Invoke-ChildPwsh -answers 'Y', 'N', 'N' -script @"
`$env:RFQSENDER_HOME = '$($paths.Home)'
`$results = @(Import-Csv '$vendorPath' | Select-Object -First 3 | Send-Rfq -RfqPath '$rfqPath' -Confirm)
`$results | Select-Object VendorKey, @{ n = 'Action'; e = { "`$(`$_.Action)" } }, @{ n = 'State'; e = { "`$(`$_.State)" } } | ConvertTo-Json -AsArray | Set-Content -LiteralPath `$out
"@
        @($run.Output -split "`r?`n" | Where-Object { $_ -like '*Send RFQ RFQ-2026-114*' }).Count | Should -Be 3 -Because 'one prompt per vendor'
        Get-EmlCount $paths.Outbox | Should -Be 1
        (Get-RfqDelivery -RfqNumber RFQ-2026-114 -State Sent).VendorKey | Should -Be 'V001'
        $results = @($run.Result)
        ($results | Where-Object Action -EQ 'Sent').VendorKey | Should -Be 'V001'
        # A declined vendor is not sent, but the caller still learns what happened to it.
        $results.VendorKey | Should -Be @('V001', 'V002', 'V003')
        $results | Where-Object VendorKey -NE 'V001' | ForEach-Object { $_.Action | Should -Not -Be 'Sent' }
    }

    It 'Set-RfqDelivery -Confirm changes only the vendors answered Yes, and asks once per vendor' {
        $null = Send-Rfq -RfqPath $rfqPath -VendorPath $vendorPath -MaxMessages 1
        $run = Invoke-ChildPwsh -answers 'N', 'Y' -script @"
`$env:RFQSENDER_HOME = '$($paths.Home)'
Set-RfqDelivery -RfqNumber RFQ-2026-114 -VendorKey V002, V003 -State Skipped -Confirm
"@
        @($run.Output -split "`r?`n" | Where-Object { $_ -like '*Set the delivery state from Queued to Skipped*' }).Count | Should -Be 2 -Because "one prompt per vendor:`n$($run.Output)"
        (Get-RfqDelivery -RfqNumber RFQ-2026-114 -VendorKey V002).State | Should -Be 'Queued'
        (Get-RfqDelivery -RfqNumber RFQ-2026-114 -VendorKey V003).State | Should -Be 'Skipped'
        @(Get-RfqDelivery -RfqNumber RFQ-2026-114 -History).VendorKey | Should -Be @('V003')
    }

    It 'Resume-Rfq -Confirm answered No sends nothing, answered Yes sends everything due' {
        $null = Send-Rfq -RfqPath $rfqPath -VendorPath $vendorPath -MaxMessages 1
        $declined = Invoke-ChildPwsh -answers 'N' -script @"
`$env:RFQSENDER_HOME = '$($paths.Home)'
@(Resume-Rfq -RfqNumber RFQ-2026-114 -Confirm) | Select-Object VendorKey, @{ n = 'Action'; e = { "`$(`$_.Action)" } } | ConvertTo-Json -AsArray | Set-Content -LiteralPath `$out
"@
        $declined.Output | Should -BeLike "*deliveries of RFQ-2026-114*$($vendorCount - 1) Queued*"
        Get-EmlCount $paths.Outbox | Should -Be 1
        @($declined.Result | Where-Object Action -EQ 'Sent') | Should -BeNullOrEmpty
        (Get-RfqDelivery -RfqNumber RFQ-2026-114 -State Queued).Count | Should -Be ($vendorCount - 1)

        $accepted = Invoke-ChildPwsh -answers 'Y' -script @"
`$env:RFQSENDER_HOME = '$($paths.Home)'
@(Resume-Rfq -RfqNumber RFQ-2026-114 -Confirm) | Select-Object VendorKey, @{ n = 'Action'; e = { "`$(`$_.Action)" } } | ConvertTo-Json -AsArray | Set-Content -LiteralPath `$out
"@
        @($accepted.Result | Where-Object Action -EQ 'Sent').Count | Should -Be ($vendorCount - 1)
        Get-EmlCount $paths.Outbox | Should -Be $vendorCount
    }
}

Describe '-ErrorAction Stop' {
    BeforeEach { $paths = New-TestHome }

    It 'Get-RfqVendor stops at the first invalid row of a file' {
        $bad = Join-Path $paths.Home 'bad.csv'
        Set-Content -LiteralPath $bad -Encoding utf8 -Value 'Name,Email', 'Good Co,sales@good.example', 'Bad One,not-an-address', 'Bad Two,also-not'
        $vendors = $null
        $caught = $null
        try { $vendors = Get-RfqVendor -Path $bad -ErrorAction Stop -ErrorVariable problems } catch { $caught = $_ }
        $caught | Should -Not -BeNullOrEmpty
        $caught.FullyQualifiedErrorId | Should -Be 'VendorInputInvalid,RfqSender.PowerShell.Commands.GetRfqVendorCommand'
        "$caught" | Should -BeLike '*bad.csv:3*'
        $vendors | Should -BeNullOrEmpty
        @($problems).Count | Should -Be 1
    }

    It 'Send-Rfq stops at the first invalid pipeline row, sending nothing after it' {
        $rows = @(Import-Csv $vendorPath)
        $rows[3].Email = 'broken'
        $rows[5].Email = 'also broken'
        $caught = $null
        try { $null = $rows | Send-Rfq -RfqPath $rfqPath -BatchSize 1 -ErrorAction Stop -ErrorVariable problems } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -Be 'VendorInputInvalid,RfqSender.PowerShell.Commands.SendRfqCommand'
        "$caught" | Should -BeLike '*pipeline item 4*Email*'
        $caught.TargetObject.Email | Should -Be 'broken'
        @($problems | Where-Object { "$_" -like '*pipeline item 6*' }) | Should -BeNullOrEmpty -Because 'nothing after the first invalid row is read'
        Get-EmlCount $paths.Outbox | Should -BeLessOrEqual 3
        (Get-RfqDelivery -RfqNumber RFQ-2026-114 -VendorKey $rows[4].VendorId, $rows[6].VendorId -ErrorAction SilentlyContinue) | Where-Object State -EQ 'Sent' | Should -BeNullOrEmpty
    }

    It 'Send-Rfq stops at the first failed delivery: the other vendors stay queued' {
        if (-not (Test-LocalPort 2525)) { Set-ItResult -Skipped -Because 'the test Postfix (tests/ci/install-test-services.sh) does not listen on 127.0.0.1:2525'; return }
        # Port 2525 refuses mail without STARTTLS (530 at MAIL FROM): a permanent failure of each delivery.
        $rows = Import-Csv $vendorPath | Select-Object -First 4
        $caught = $null
        try {
            $null = $rows | Send-Rfq -RfqPath $rfqPath -Transport Smtp -SmtpServer 127.0.0.1 -Port 2525 -TlsMode None -RetryCount 0 -ErrorAction Stop
        }
        catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -Be 'DeliveryFailed,RfqSender.PowerShell.Commands.SendRfqCommand'
        $caught.CategoryInfo.Category | Should -Be 'InvalidResult'
        $caught.TargetObject.VendorKey | Should -Be 'V001'
        $states = Get-RfqDelivery -RfqNumber RFQ-2026-114 | ForEach-Object { "$($_.VendorKey)=$($_.State)" }
        $states | Should -Be @('V001=Failed', 'V002=Queued', 'V003=Queued', 'V004=Queued')
    }
}

Describe 'Error records' {
    BeforeEach { $paths = New-TestHome }

    It 'Send-Rfq with a missing RFQ file: RfqDefinitionInvalid, the path as target, nothing created' {
        $caught = $null
        try { Send-Rfq -RfqPath ./no-such-rfq.yaml -VendorPath $vendorPath } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -Be 'RfqDefinitionInvalid,RfqSender.PowerShell.Commands.SendRfqCommand'
        $caught.CategoryInfo.Category | Should -Be 'InvalidData'
        $caught.TargetObject | Should -Be './no-such-rfq.yaml'
        "$caught" | Should -BeLike '*no-such-rfq.yaml*does not exist*'
        Test-Path -LiteralPath $paths.Store | Should -BeFalse
    }

    It 'Import-Rfq with a missing RFQ file: PathNotFound (ObjectNotFound) with -Path and with -LiteralPath' {
        $missing = Join-Path $paths.Home 'no-such-rfq.yaml'
        $null = Import-Rfq -Path $missing -ErrorAction SilentlyContinue -ErrorVariable byPath
        $byPath[0].FullyQualifiedErrorId | Should -Be 'PathNotFound,RfqSender.PowerShell.Commands.ImportRfqCommand'
        $byPath[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $byPath[0].TargetObject | Should -Be $missing
        $null = Import-Rfq -LiteralPath $missing -ErrorAction SilentlyContinue -ErrorVariable byLiteralPath
        $byLiteralPath[0].FullyQualifiedErrorId | Should -Be $byPath[0].FullyQualifiedErrorId
        $byLiteralPath[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'Get-RfqVendor with an invalid row: VendorInputInvalid (InvalidData), the file, line and field as target' {
        $bad = Join-Path $paths.Home 'bad.csv'
        Set-Content -LiteralPath $bad -Encoding utf8 -Value 'Name,Email', 'Good Co,sales@good.example', 'Bad One,not-an-address'
        $null = Get-RfqVendor -Path $bad -ErrorAction SilentlyContinue -WarningAction SilentlyContinue -ErrorVariable problems
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'VendorInputInvalid,RfqSender.PowerShell.Commands.GetRfqVendorCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $problems[0].TargetObject.Source | Should -Be $bad
        $problems[0].TargetObject.Line | Should -Be 3
        $problems[0].TargetObject.Field | Should -Be 'Email'
        $problems[0].TargetObject.Vendor | Should -Be 'Bad One'
    }

    It 'Send-Rfq with an invalid pipeline row: VendorInputInvalid (InvalidData), the row as target' {
        $row = [pscustomobject]@{ Name = 'Bad One'; Email = 'not-an-address' }
        $caught = $null
        try { $null = $row | Send-Rfq -RfqPath $rfqPath -ErrorAction SilentlyContinue -ErrorVariable problems } catch { $caught = $_ }
        $problems[0].FullyQualifiedErrorId | Should -Be 'VendorInputInvalid,RfqSender.PowerShell.Commands.SendRfqCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $problems[0].TargetObject | Should -Be $row
        # Then the terminating error that says the send stopped.
        $caught.FullyQualifiedErrorId | Should -Be 'VendorInputInvalid,RfqSender.PowerShell.Commands.SendRfqCommand'
        Get-EmlCount $paths.Outbox | Should -Be 0
    }

    It '<Command> of an unknown campaign: CampaignNotFound (ObjectNotFound), the RFQ number as target' -ForEach @(
        @{ Command = 'Resume-Rfq' }, @{ Command = 'Get-RfqDelivery' }
    ) {
        $null = Send-Rfq -RfqPath $rfqPath -VendorPath $vendorPath -MaxMessages 1
        $output = & $Command -RfqNumber 'RFQ-0000-404' -ErrorAction SilentlyContinue -ErrorVariable problems
        $output | Should -BeNullOrEmpty
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be "CampaignNotFound,RfqSender.PowerShell.Commands.$($Command -replace '-', '')Command"
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $problems[0].TargetObject | Should -Be 'RFQ-0000-404'
        Get-EmlCount $paths.Outbox | Should -Be 1
    }

    It '<Command> without a store: StoreNotFound (ObjectNotFound), the store path as target, no store created' -ForEach @(
        @{ Command = 'Resume-Rfq' }, @{ Command = 'Get-RfqDelivery' }
    ) {
        $output = & $Command -RfqNumber 'RFQ-2026-114' -ErrorAction SilentlyContinue -ErrorVariable problems
        $output | Should -BeNullOrEmpty
        $problems[0].FullyQualifiedErrorId | Should -Be "StoreNotFound,RfqSender.PowerShell.Commands.$($Command -replace '-', '')Command"
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        "$($problems[0].TargetObject)" | Should -BeLike "*$(Split-Path -Leaf $paths.Store)"
        Test-Path -LiteralPath $paths.Store | Should -BeFalse
    }
}
