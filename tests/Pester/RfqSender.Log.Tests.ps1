#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# -LogPath in a real pwsh, as a runbook uses it: Send-Rfq and Receive-RfqReply append one JSON line per delivery event
# that ConvertFrom-Json reads, with the campaign, vendor key, state and time and no address; -WhatIf writes none.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-Module $manifest -Force
    $savedEnvironment = Clear-RfqSenderEnvironment
}

AfterAll {
    Restore-RfqSenderEnvironment $savedEnvironment
    Remove-Item -LiteralPath Env:RFQSENDER_HOME -ErrorAction SilentlyContinue
    Remove-Module RfqSender -ErrorAction SilentlyContinue
}

Describe '-LogPath' {
    It 'logs a line per delivery of a send, none under -WhatIf' {
        $env:RFQSENDER_HOME = Join-Path $TestDrive 'send'
        $log = Join-Path $TestDrive 'send.jsonl'
        Send-Rfq -RfqPath $rfqPath -VendorPath $vendorPath -PickupFolder (Join-Path $TestDrive 'outbox') -MaxMessages 5 -LogPath $log -WhatIf
        Test-Path -LiteralPath $log | Should -BeFalse

        $results = @(Send-Rfq -RfqPath $rfqPath -VendorPath $vendorPath -PickupFolder (Join-Path $TestDrive 'outbox') -MaxMessages 5 -LogPath $log -WarningAction SilentlyContinue)
        $lines = @(Get-Content -LiteralPath $log | ConvertFrom-Json)
        $sent = @($results | Where-Object { $_.Action.ToString() -eq 'Sent' })
        @($lines | Where-Object event -eq 'sent').Count | Should -Be $sent.Count
        $sent.Count | Should -BeGreaterThan 0
        ($lines | Where-Object event -eq 'sent').vendorKey | Sort-Object | Should -Be ($sent.VendorKey | Sort-Object)
        $lines | ForEach-Object { $_.campaign | Should -Be 'RFQ-2026-114'; $_.time | Should -Not -BeNullOrEmpty }
        Get-Content -Raw -LiteralPath $log | Should -Not -Match '@'
    }

    It 'logs the replies read, and appends to the file of an earlier run' {
        $campaign = Send-CorpusCampaign (Join-Path $TestDrive 'replies')
        $log = Join-Path $TestDrive 'replies.jsonl'
        Set-Content -LiteralPath $log -Value '{"event":"earlier"}'
        $null = Receive-RfqReply -Path $campaign.Replies -NoFiles -LogPath $log
        $null = Receive-RfqReply -Path $campaign.Replies -NoFiles -LogPath $log

        $lines = @(Get-Content -LiteralPath $log | ConvertFrom-Json)
        $lines[0].event | Should -Be 'earlier'
        $lines.Count | Should -Be (1 + @($oracle.cases).Count)
        ($lines | Where-Object { $_.event -eq 'reply' -and $_.vendorKey -eq 'V-NW' }).state | Should -Be 'Responded'
        @($lines | Where-Object event -eq 'bounce').Count | Should -BeGreaterThan 0
    }
}
