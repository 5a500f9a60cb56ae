#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Campaigns and corrections as users work with them: Get-RfqCampaign lists the campaigns of a store,
# Get-RfqDelivery without a number names them instead of prompting, and Set-RfqDelivery corrects deliveries
# by hand (exclude, queue again, record an answer) with every change recorded, -WhatIf, pipeline input and
# per-vendor errors. A delivery in flight and an in-doubt one are covered by the engine and CLI tests
# (they need a send that is stopped at the right moment).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-Module $manifest -Force

    $savedEnvironment = Clear-RfqSenderEnvironment
    $vendorCount = (Get-RfqVendor -Path $vendorPath).Count

    function Get-State([string] $key) { (Get-RfqDelivery -RfqNumber RFQ-2026-114 -VendorKey $key).State.ToString() }
}

AfterAll {
    Restore-RfqSenderEnvironment $savedEnvironment
    Remove-Item -LiteralPath Env:RFQSENDER_HOME -ErrorAction SilentlyContinue
    Remove-Module RfqSender -ErrorAction SilentlyContinue
}

Describe 'Get-RfqCampaign' {
    BeforeEach {
        $paths = New-Campaign
        $second = New-Rfq -Number 'RFQ-2027-001' -Title 'M8 bolts' -DueDate '2027-01-20T12:00:00+01:00' -From 'Purchasing <purchasing@contoso.example>' `
            -Subject 'RFQ {{Rfq.Number}}' -Body 'Please quote for {{Rfq.Title}}.'
        $null = Get-RfqVendor -Path $vendorPath -Category Fasteners | Send-Rfq -Rfq $second -MaxMessages 1 -WarningAction SilentlyContinue
    }

    It 'lists every campaign of the store, oldest first, with its title, due date, counts by state and last activity' {
        $campaigns = @(Get-RfqCampaign)
        $campaigns.RfqNumber | Should -Be @('RFQ-2026-114', 'RFQ-2027-001')
        $first = $campaigns[0]
        $first.Title | Should -Be 'Copper cable, 3 lots'
        $first.DueDate | Should -Be ([datetimeoffset]'2026-12-15T17:00:00+01:00')
        ($first.Total, $first.Sent, $first.Queued, $first.Open, $first.Failed) | Should -Be @($vendorCount, 5, ($vendorCount - 5), ($vendorCount - 5), 0)
        $fasteners = @(Get-RfqVendor -Path $vendorPath -Category Fasteners).Count
        ($campaigns[1].Total, $campaigns[1].Sent) | Should -Be @($fasteners, 1)
        $first.LastActivity | Should -BeGreaterThan ([datetimeoffset]::UtcNow.AddMinutes(-5))
        $first.LastActivity | Should -BeLessOrEqual $campaigns[1].LastActivity
    }

    It 'moves the last activity when a delivery is changed by hand' {
        $before = (Get-RfqCampaign -RfqNumber RFQ-2026-114).LastActivity
        Start-Sleep -Milliseconds 20
        Set-RfqDelivery -RfqNumber RFQ-2026-114 -VendorKey V040 -State Skipped
        (Get-RfqCampaign -RfqNumber RFQ-2026-114).LastActivity | Should -BeGreaterThan $before
        (Get-RfqCampaign -RfqNumber RFQ-2026-114).Skipped | Should -Be 1
    }

    It 'filters by number with wildcards, and from RFQ objects on the pipeline' {
        @(Get-RfqCampaign -RfqNumber 'rfq-2027-*').RfqNumber | Should -Be @('RFQ-2027-001')
        @(Import-Rfq -Path $rfqPath | Get-RfqCampaign).RfqNumber | Should -Be @('RFQ-2026-114')
        @(Get-RfqCampaign -RfqNumber 'RFQ-1999-*') | Should -BeNullOrEmpty
    }

    It 'reports an unknown number as CampaignNotFound (ObjectNotFound) and still lists the others' {
        $found = Get-RfqCampaign -RfqNumber 'RFQ-0000-404', 'RFQ-2026-114' -ErrorAction SilentlyContinue -ErrorVariable problems
        @($found).RfqNumber | Should -Be @('RFQ-2026-114')
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'CampaignNotFound,RfqSender.PowerShell.Commands.GetRfqCampaignCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $problems[0].TargetObject | Should -Be 'RFQ-0000-404'
    }

    It 'reports a missing store as StoreNotFound and creates none' {
        $missing = Join-Path $TestDrive 'no-such.db'
        Get-RfqCampaign -StorePath $missing -ErrorAction SilentlyContinue -ErrorVariable problems | Should -BeNullOrEmpty
        $problems[0].FullyQualifiedErrorId | Should -Be 'StoreNotFound,RfqSender.PowerShell.Commands.GetRfqCampaignCommand'
        Test-Path -LiteralPath $missing | Should -BeFalse
    }

    It 'pipes campaigns into Get-RfqDelivery' {
        $rows = @(Get-RfqCampaign | Get-RfqDelivery -Summary | Where-Object Category -EQ '(all)')
        $rows.RfqNumber | Should -Be @('RFQ-2026-114', 'RFQ-2027-001')
    }

    It 'exports to CSV with values, not type names' {
        $file = Join-Path $TestDrive 'campaigns.csv'
        Get-RfqCampaign | Export-Csv -LiteralPath $file -NoTypeInformation -Encoding utf8
        $text = Get-Content -Raw -LiteralPath $file
        $text | Should -Not -Match 'RfqSender\.Engine\.|System\.[A-Z][A-Za-z]+(\.|`|\[)'
        $row = (Import-Csv -LiteralPath $file)[0]
        $row.Sent | Should -Be '5'
        $row.Counts | Should -Be "$($vendorCount - 5) Queued, 5 Sent"
    }
}

Describe 'Get-RfqDelivery without -RfqNumber' {
    BeforeEach { $paths = New-Campaign }

    It 'does not prompt: it names the campaigns of the store in an RfqNumberRequired error' {
        # This session is -NonInteractive: a prompt for a mandatory parameter would fail with another error.
        $output = Get-RfqDelivery -ErrorAction SilentlyContinue -ErrorVariable problems
        $output | Should -BeNullOrEmpty
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'RfqNumberRequired,RfqSender.PowerShell.Commands.GetRfqDeliveryCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        "$($problems[0])" | Should -BeLike '*holds 1 campaign(s): RFQ-2026-114. Get-RfqCampaign lists them*'
    }
}

Describe 'Set-RfqDelivery' {
    BeforeEach { $paths = New-Campaign }

    It 'excludes a queued vendor: no later run mails it, and the change is recorded with who, when and why' {
        Set-RfqDelivery -RfqNumber RFQ-2026-114 -VendorKey V006 -State Skipped -Reason 'Left the cable business' | Should -BeNullOrEmpty
        $null = Resume-Rfq -RfqNumber RFQ-2026-114
        Get-State V006 | Should -Be 'Skipped'
        Get-EmlCount $paths.Outbox | Should -Be ($vendorCount - 1)
        $change = (Get-RfqDelivery -RfqNumber RFQ-2026-114 -VendorKey V006).LastChange
        ($change.From, $change.To, $change.Reason) | Should -Be @('Queued', 'Skipped', 'Left the cable business')
        $change.ChangedBy | Should -Be ([System.Environment]::UserName)
        $change.ChangedAt | Should -BeGreaterThan ([datetimeoffset]::UtcNow.AddMinutes(-5))
    }

    It 'puts a vendor marked Sent by mistake back in the queue, and the next run mails it again' {
        $sent = Get-EmlCount $paths.Outbox
        Set-RfqDelivery RFQ-2026-114 V002 -State Queued -Reason 'Mailbox was full'
        Get-State V002 | Should -Be 'Queued'
        $results = @(Resume-Rfq -RfqNumber RFQ-2026-114)
        ($results | Where-Object VendorKey -EQ V002).Action | Should -Be 'Sent'
        Get-EmlCount $paths.Outbox | Should -Be ($vendorCount + 1) -Because "the 5 of the first run ($sent), V002 again, and the rest"
    }

    It 'takes deliveries from Get-RfqDelivery on the pipeline, and -PassThru writes them as they are now' {
        $changed = @(Get-RfqDelivery -RfqNumber RFQ-2026-114 -State Sent | Set-RfqDelivery -State Responded -Reason 'Quoted by phone' -PassThru)
        $changed.Count | Should -Be 5
        $changed | ForEach-Object { $_.State | Should -Be 'Responded'; $_.LastChange.From | Should -Be 'Sent' }
        @(Get-RfqDelivery -RfqNumber RFQ-2026-114 -State Responded).Count | Should -Be 5
    }

    It 'binds vendor keys from a VendorId column (Import-Csv)' {
        $file = Join-Path $TestDrive 'exclude.csv'
        Set-Content -LiteralPath $file -Encoding utf8 -Value 'VendorId,Why', 'V038,duplicate', 'V039,closed'
        Import-Csv -LiteralPath $file | Set-RfqDelivery -RfqNumber RFQ-2026-114 -State Skipped
        (Get-State V038), (Get-State V039) | Should -Be @('Skipped', 'Skipped')
    }

    It '-WhatIf changes nothing and records nothing' {
        $before = Get-RfqDelivery -RfqNumber RFQ-2026-114 | ForEach-Object { "$($_.VendorKey)=$($_.State)" }
        Set-RfqDelivery -RfqNumber RFQ-2026-114 -VendorKey V002, V006 -State Queued -WhatIf | Should -BeNullOrEmpty
        Get-RfqDelivery -RfqNumber RFQ-2026-114 | ForEach-Object { "$($_.VendorKey)=$($_.State)" } | Should -Be $before
        @(Get-RfqDelivery -RfqNumber RFQ-2026-114 -History) | Should -BeNullOrEmpty
    }

    It 'refuses a change the rules do not allow, per vendor, and makes the others' {
        Set-RfqDelivery -RfqNumber RFQ-2026-114 -VendorKey V001, V006, V999 -State Skipped -ErrorAction SilentlyContinue -ErrorVariable problems
        (Get-State V001), (Get-State V006) | Should -Be @('Sent', 'Skipped')
        $problems.Count | Should -Be 2
        $problems[0].FullyQualifiedErrorId | Should -Be 'TransitionNotAllowed,RfqSender.PowerShell.Commands.SetRfqDeliveryCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $problems[0].TargetObject | Should -Be 'V001'
        "$($problems[0])" | Should -BeLike '*V001 (Müller Kabelwerke GmbH) of RFQ-2026-114 is Sent and cannot be set to Skipped*can be set to Queued, Responded.'
        $problems[1].FullyQualifiedErrorId | Should -Be 'DeliveryNotFound,RfqSender.PowerShell.Commands.SetRfqDeliveryCommand'
        $problems[1].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $problems[1].TargetObject | Should -Be 'V999'
    }

    It '-ErrorAction Stop stops at the first refused vendor' {
        { Set-RfqDelivery -RfqNumber RFQ-2026-114 -VendorKey V001, V006 -State Skipped -ErrorAction Stop } |
            Should -Throw -ErrorId 'TransitionNotAllowed,RfqSender.PowerShell.Commands.SetRfqDeliveryCommand'
        Get-State V006 | Should -Be 'Queued'
    }

    It 'refuses a state only a send sets (StateNotSettable) and a reason that is not one printable line (ReasonInvalid), changing nothing' {
        { Set-RfqDelivery -RfqNumber RFQ-2026-114 -VendorKey V006 -State Failed } |
            Should -Throw -ErrorId 'StateNotSettable,RfqSender.PowerShell.Commands.SetRfqDeliveryCommand'
        { Set-RfqDelivery -RfqNumber RFQ-2026-114 -VendorKey V006 -State Skipped -Reason "two`nlines" } |
            Should -Throw -ErrorId 'ReasonInvalid,RfqSender.PowerShell.Commands.SetRfqDeliveryCommand'
        Get-State V006 | Should -Be 'Queued'
    }

    It 'reports an unknown campaign once as CampaignNotFound, and a missing store as StoreNotFound without creating it' {
        Set-RfqDelivery -RfqNumber RFQ-0000-404 -VendorKey V001, V002 -State Skipped -ErrorAction SilentlyContinue -ErrorVariable problems
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'CampaignNotFound,RfqSender.PowerShell.Commands.SetRfqDeliveryCommand'
        $missing = Join-Path $TestDrive 'none.db'
        { Set-RfqDelivery -RfqNumber RFQ-2026-114 -VendorKey V001 -State Skipped -StorePath $missing } |
            Should -Throw -ErrorId 'StoreNotFound,RfqSender.PowerShell.Commands.SetRfqDeliveryCommand'
        Test-Path -LiteralPath $missing | Should -BeFalse
    }

    It 'setting the state a delivery is in already records nothing' {
        Set-RfqDelivery -RfqNumber RFQ-2026-114 -VendorKey V006 -State Queued -Reason 'already' -Verbose 4>&1 | Out-String | Should -BeLike '*is Queued already*'
        @(Get-RfqDelivery -RfqNumber RFQ-2026-114 -History) | Should -BeNullOrEmpty
    }

    It 'Get-RfqDelivery -History lists every change in order, and -VendorKey filters it' {
        Set-RfqDelivery -RfqNumber RFQ-2026-114 -VendorKey V006 -State Skipped -Reason 'first'
        Set-RfqDelivery -RfqNumber RFQ-2026-114 -VendorKey V001 -State Responded -Reason 'phoned'
        Set-RfqDelivery -RfqNumber RFQ-2026-114 -VendorKey V006 -State Queued -Reason 'back in'
        @(Get-RfqDelivery -RfqNumber RFQ-2026-114 -History | ForEach-Object { "$($_.VendorKey):$($_.From)>$($_.To):$($_.Reason)" }) |
            Should -Be @('V006:Queued>Skipped:first', 'V001:Sent>Responded:phoned', 'V006:Skipped>Queued:back in')
        @(Get-RfqDelivery -RfqNumber RFQ-2026-114 -History -VendorKey V001).Reason | Should -Be @('phoned')
    }

    It 'Get-RfqDelivery -History -IncludeAttempts adds each send attempt as a DeliveryAttempt, in time order, per vendor' {
        Set-RfqDelivery -RfqNumber RFQ-2026-114 -VendorKey V001 -State Responded -Reason 'phoned'
        $history = @(Get-RfqDelivery -RfqNumber RFQ-2026-114 -History -IncludeAttempts -VendorKey V001)
        $history.Count | Should -Be 2
        $history[0].GetType().Name | Should -Be 'DeliveryAttempt'
        "$($history[0].VendorKey):$($history[0].Number):$($history[0].State)" | Should -Be 'V001:1:Sent'
        $history[0].Sender | Should -Not -BeNullOrEmpty
        $history[1].GetType().Name | Should -Be 'DeliveryChange'
        $history[1].Reason | Should -Be 'phoned'
        @(Get-RfqDelivery -RfqNumber RFQ-2026-114 -History -VendorKey V001).Count | Should -Be 1
    }
}
