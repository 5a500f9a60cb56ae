#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Pester 5 tests of the compiled help, as Get-Help really finds it in the assembled module (out/RfqSender, or the folder in RFQSENDER_TEST_MODULE).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-Module $manifest -Force
}

AfterAll {
    Remove-Module RfqSender -ErrorAction SilentlyContinue
}

Describe 'Get-Help' {
    It 'finds the compiled help of <_>' -ForEach @('Copy-RfqStore', 'Export-RfqReport', 'Get-RfqCampaign', 'Get-RfqDelivery', 'Get-RfqMessage', 'Get-RfqQuote', 'Get-RfqReply', 'Get-RfqVendor', 'Import-Rfq', 'New-Rfq', 'Receive-RfqReply', 'Resume-Rfq', 'Resume-RfqCampaign', 'Send-Rfq', 'Send-RfqReminder', 'Set-RfqDelivery', 'Set-RfqReply', 'Suspend-RfqCampaign', 'Test-RfqTransport') {
        $help = Get-Help -Name $_ -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        # Without a help file, Get-Help makes help from metadata, whose synopsis is the syntax line.
        $help.Synopsis | Should -Not -Match ('^\s*' + [regex]::Escape($_) + ' \[')
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 2
        $help.Parameters.Parameter | ForEach-Object { ($_.Description | Out-String).Trim() | Should -Not -BeNullOrEmpty }
    }

    It 'finds about_RfqSender' {
        $about = Get-Help -Name about_RfqSender
        ($about | Out-String) | Should -Match 'SHORT DESCRIPTION'
    }
}
