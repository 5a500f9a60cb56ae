#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Send-RfqReminder as users run it: -WhatIf lists every vendor with its reminder or the reason it gets none,
# a real run writes the reminders to the pickup folder threaded to the RFQ, Get-RfqDelivery shows them, a
# second run the same day sends nothing, and a run through SMTP reaches the local Postfix sink (port 2526).
# The selection rules, the store and a crash during a reminder run are covered by the engine and CLI tests.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-Module $manifest -Force

    $savedEnvironment = Clear-RfqSenderEnvironment
    $vendorCount = (Get-RfqVendor -Path $vendorPath).Count
}

AfterAll {
    Restore-RfqSenderEnvironment $savedEnvironment
    Remove-Item -LiteralPath Env:RFQSENDER_HOME -ErrorAction SilentlyContinue
    Remove-Module RfqSender -ErrorAction SilentlyContinue
}

Describe 'Send-RfqReminder' {
    It '-WhatIf lists every vendor with its reminder or why it gets none, and changes nothing' {
        $paths = New-Campaign -Rfq (Copy-ExamplesDueLater)
        $before = (Get-FileHash -LiteralPath $paths.Store).Hash

        $tooRecent = @(Send-RfqReminder -RfqNumber RFQ-2026-114 -WhatIf)
        $due = @(Send-RfqReminder -RfqNumber RFQ-2026-114 -MinimumInterval 0 -WhatIf)

        $tooRecent.Count | Should -Be $vendorCount
        @($tooRecent | Where-Object { $_.Action -eq 'NotReminded' -and $_.Detail -like 'too recent: the RFQ went *' }).Count | Should -Be 5
        @($tooRecent | Where-Object { $_.Detail -eq 'not sent: the delivery is Queued' }).Count | Should -Be ($vendorCount - 5)
        $would = @($due | Where-Object Action -eq 'WouldSend')
        $would.Count | Should -Be 5
        $would | ForEach-Object { $_.Reminder | Should -Be 1 }
        (Get-FileHash -LiteralPath $paths.Store).Hash | Should -Be $before
        Get-EmlCount $paths.Outbox | Should -Be 5
    }

    It 'writes reminders threaded to the RFQ into the pickup folder, shows them per delivery, and a second run sends nothing' {
        $paths = New-Campaign -Rfq (Copy-ExamplesDueLater)
        $delivery = Get-RfqDelivery -RfqNumber RFQ-2026-114 -State Sent | Select-Object -First 1

        $sent = @(Send-RfqReminder -RfqNumber RFQ-2026-114 -MinimumInterval 0 | Where-Object Action -eq 'Sent')
        $again = @(Send-RfqReminder -RfqNumber RFQ-2026-114 | Where-Object Action -eq 'Sent')

        $sent.Count | Should -Be 5
        $sent | ForEach-Object { $_.Reminder | Should -Be 1; $_.Detail | Should -BeLike 'reminder 1: *' }
        $again.Count | Should -Be 0
        Get-EmlCount $paths.Outbox | Should -Be 10
        $file = Get-ChildItem -LiteralPath $paths.Outbox -Filter '*.eml' | Where-Object { $_.Name.EndsWith("[$($delivery.VendorKey)] reminder 1.eml") }
        $text = Get-Content -Raw -LiteralPath $file.FullName
        $text | Should -Match ("(?m)^In-Reply-To: <{0}>\r?$" -f [regex]::Escape($delivery.MessageId))
        $text | Should -Match ("(?m)^References: <{0}>\r?$" -f [regex]::Escape($delivery.MessageId))
        $text | Should -Match ("(?m)^Message-ID: <{0}>\r?$" -f [regex]::Escape($delivery.MessageId.Replace('@', '.r1@')))
        $text | Should -Match '(?m)^Subject: Reminder: RFQ RFQ-2026-114'
        $after = Get-RfqDelivery -RfqNumber RFQ-2026-114 -VendorKey $delivery.VendorKey
        $after.Reminders | Should -Be 1
        $after.LastReminderAt | Should -Not -BeNullOrEmpty
        $after.SentAt | Should -Be $delivery.SentAt
        $table = Get-RfqDelivery -RfqNumber RFQ-2026-114 -State Sent | Format-Table | Out-String -Width 80
        $table | Should -Match 'Rem\.'
        ($table -split "`n" | Where-Object { $_.Length -gt 80 }) | Should -BeNullOrEmpty
    }

    It 'sends through SMTP to the local Postfix sink' {
        if (-not (Test-LocalPort 2526)) { Set-ItResult -Skipped -Because 'the test Postfix does not listen on 127.0.0.1:2526'; return }
        $null = New-Campaign -Rfq (Copy-ExamplesDueLater)

        $results = @(Send-RfqReminder -RfqNumber RFQ-2026-114 -MinimumInterval 0 -SmtpServer 127.0.0.1 -Port 2526 -TlsMode None -Confirm:$false)

        $sent = @($results | Where-Object Action -eq 'Sent')
        $sent.Count | Should -Be 5
        $sent | ForEach-Object { $_.Detail | Should -Match '^reminder 1: 250 ' }
        @(Get-RfqDelivery -RfqNumber RFQ-2026-114 | Where-Object Reminders -eq 1).Count | Should -Be 5
    }

    It 'reports an unknown campaign as CampaignNotFound' {
        $null = New-Campaign -Rfq (Copy-ExamplesDueLater)

        Send-RfqReminder -RfqNumber RFQ-NOT-THERE -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

        $problems[0].FullyQualifiedErrorId | Should -BeLike 'CampaignNotFound*'
    }
}
