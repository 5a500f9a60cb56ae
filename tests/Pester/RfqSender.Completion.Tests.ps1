#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Argument completion from the store: RFQ numbers and vendor categories.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-Module $manifest -Force
    $store = Join-Path $TestDrive 'completion.db'
    $outbox = Join-Path $TestDrive 'outbox'
    $examples = Join-Path $repoRoot 'examples'
    Send-Rfq -RfqPath (Join-Path $examples 'rfq.yaml') -VendorPath (Join-Path $examples 'vendors.csv') -StorePath $store -PickupFolder $outbox -MaxMessages 1 | Out-Null

    function Get-Completion([string] $line) {
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
    }
}

AfterAll {
    Remove-Module RfqSender -ErrorAction SilentlyContinue
}

Describe 'Argument completion' {
    It 'completes RFQ numbers from the store' {
        Get-Completion "Get-RfqDelivery -StorePath '$store' -RfqNumber RFQ-2026" | Should -Contain 'RFQ-2026-114'
        Get-Completion "Resume-Rfq -StorePath '$store' -RfqNumber RFQ-2026" | Should -Contain 'RFQ-2026-114'
        Get-Completion "Get-RfqCampaign -StorePath '$store' -RfqNumber RFQ-2026" | Should -Contain 'RFQ-2026-114'
        Get-Completion "Set-RfqDelivery -StorePath '$store' -RfqNumber RFQ-2026" | Should -Contain 'RFQ-2026-114'
    }

    It 'resolves a relative store path against the PowerShell location, not the process directory' {
        Push-Location -Path $TestDrive
        try {
            Get-Completion "Get-RfqDelivery -StorePath ./completion.db -RfqNumber RFQ-2026" | Should -Contain 'RFQ-2026-114'
        }
        finally {
            Pop-Location
        }
    }

    It 'completes vendor categories of the campaign, quoting those with spaces' {
        $categories = Get-Completion "Get-RfqDelivery -StorePath '$store' -RfqNumber RFQ-2026-114 -Category "
        $categories | Should -Contain 'Cables'
        $categories | Should -Contain "'IT Hardware'"
    }

    It 'completes delivery states' {
        Get-Completion "Get-RfqDelivery -RfqNumber RFQ-2026-114 -State In" | Should -Contain 'InDoubt'
    }

    It 'completes the states of Set-RfqDelivery' {
        # Every state completes (PowerShell completes enum values itself); those only a send sets are refused with StateNotSettable.
        Get-Completion "Set-RfqDelivery -RfqNumber RFQ-2026-114 -VendorKey V001 -State Sk" | Should -Be @('Skipped')
        Get-Completion "Set-RfqDelivery -RfqNumber RFQ-2026-114 -VendorKey V001 -State Res" | Should -Be @('Responded')
    }

    It 'completes nothing, without an error, when there is no store' {
        Get-Completion "Get-RfqDelivery -StorePath '$(Join-Path $TestDrive 'none.db')' -RfqNumber RFQ" | Should -BeNullOrEmpty
        Test-Path (Join-Path $TestDrive 'none.db') | Should -BeFalse
    }
}
