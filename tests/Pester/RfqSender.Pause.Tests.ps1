#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Pausing a campaign as an operator does it: Suspend-RfqCampaign pauses the example campaign (5 of its vendors
# sent), Send-Rfq, Resume-Rfq and Send-RfqReminder then send nothing and end with the error CampaignPaused,
# Get-RfqCampaign shows who paused it, and Resume-RfqCampaign lifts the pause so that Resume-Rfq sends the rest,
# each vendor once. A pause that lands while a send runs (from another process) is covered by the store
# contract tests, on SQLite and PostgreSQL.

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

Describe 'Suspend-RfqCampaign and Resume-RfqCampaign' {
    BeforeEach {
        $paths = New-Campaign
    }

    It 'pauses a campaign so that no send, resume or reminder sends anything, then lifts it and the rest goes once' {
        $paused = Suspend-RfqCampaign -RfqNumber RFQ-2026-114 -Reason 'price list is wrong' -PassThru -ErrorAction Stop
        ($paused.IsPaused, $paused.PausedBy, $paused.PauseReason) | Should -Be @($true, [Environment]::UserName, 'price list is wrong')
        $paused.PausedAt | Should -BeGreaterThan ([datetimeoffset]::UtcNow.AddMinutes(-5))
        (Get-RfqCampaign -RfqNumber RFQ-2026-114).IsPaused | Should -BeTrue
        (Get-RfqCampaign | Out-String) | Should -Match 'PAUSED'

        $resumed = @(Resume-Rfq -RfqNumber RFQ-2026-114 -ErrorAction SilentlyContinue -ErrorVariable resumeErrors)
        $resumed | Should -BeNullOrEmpty
        $resumeErrors.Count | Should -Be 1
        $resumeErrors[0].FullyQualifiedErrorId | Should -BeLike 'CampaignPaused*'
        $resumeErrors[0].CategoryInfo.Category | Should -Be 'OperationStopped'
        $resumeErrors[0].TargetObject | Should -Be 'RFQ-2026-114'
        "$($resumeErrors[0])" | Should -BeLike '*paused (by *: price list is wrong)*Resume-RfqCampaign -RfqNumber RFQ-2026-114*'
        "$($resumeErrors[0])" | Should -BeLike "*Left to do: $($vendorCount - 5) Queued*"

        $sent = @(Send-Rfq -RfqPath $rfqPath -VendorPath $vendorPath -ErrorAction SilentlyContinue -ErrorVariable sendErrors -WarningAction SilentlyContinue)
        $sent | Should -BeNullOrEmpty
        @($sendErrors | Where-Object FullyQualifiedErrorId -like 'CampaignPaused*').Count | Should -Be 1
        $null = Send-RfqReminder -RfqNumber RFQ-2026-114 -MinimumInterval 0 -ErrorAction SilentlyContinue -ErrorVariable remindErrors -WarningAction SilentlyContinue
        @($remindErrors | Where-Object FullyQualifiedErrorId -like 'CampaignPaused*').Count | Should -Be 1
        Get-EmlCount $paths.Outbox | Should -Be 5
        (Get-RfqCampaign -RfqNumber RFQ-2026-114).Queued | Should -Be ($vendorCount - 5)

        $lifted = Get-RfqCampaign -RfqNumber RFQ-2026-114 | Resume-RfqCampaign -PassThru -ErrorAction Stop
        ($lifted.IsPaused, $lifted.PausedBy) | Should -Be @($false, $null)
        $results = @(Resume-Rfq -RfqNumber RFQ-2026-114 -ErrorAction Stop -WarningAction SilentlyContinue)
        $results.Count | Should -Be ($vendorCount - 5)
        $results | ForEach-Object { $_.Action.ToString() | Should -Be 'Sent' }
        Get-EmlCount $paths.Outbox | Should -Be $vendorCount
        (Get-RfqCampaign -RfqNumber RFQ-2026-114).Sent | Should -Be $vendorCount
    }

    It 'changes nothing under -WhatIf, and writes nothing without -PassThru' {
        Suspend-RfqCampaign -RfqNumber RFQ-2026-114 -WhatIf
        (Get-RfqCampaign -RfqNumber RFQ-2026-114).IsPaused | Should -BeFalse
        Suspend-RfqCampaign -RfqNumber RFQ-2026-114 | Should -BeNullOrEmpty
        Resume-RfqCampaign -RfqNumber RFQ-2026-114 -WhatIf
        (Get-RfqCampaign -RfqNumber RFQ-2026-114).IsPaused | Should -BeTrue
        Resume-RfqCampaign -RfqNumber RFQ-2026-114 | Should -BeNullOrEmpty
        (Get-RfqCampaign -RfqNumber RFQ-2026-114).IsPaused | Should -BeFalse
    }

    It 'reports an unknown campaign as CampaignNotFound, a missing store as StoreNotFound and a bad reason as ReasonInvalid' {
        $null = Suspend-RfqCampaign -RfqNumber RFQ-0000-404 -ErrorAction SilentlyContinue -ErrorVariable unknown
        $unknown[0].FullyQualifiedErrorId | Should -BeLike 'CampaignNotFound*'
        $unknown[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $null = Resume-RfqCampaign -RfqNumber RFQ-2026-114 -StorePath (Join-Path $TestDrive 'none.db') -ErrorAction SilentlyContinue -ErrorVariable missing
        $missing[0].FullyQualifiedErrorId | Should -BeLike 'StoreNotFound*'
        { Suspend-RfqCampaign -RfqNumber RFQ-2026-114 -Reason "two`nlines" -ErrorAction Stop } | Should -Throw -ErrorId 'ReasonInvalid*'
        (Get-RfqCampaign -RfqNumber RFQ-2026-114).IsPaused | Should -BeFalse
    }
}
