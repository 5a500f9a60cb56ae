#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Export-RfqReport as a buyer runs it: the reply corpus's campaign sent to a pickup folder and its replies read,
# then the report written as HTML, CSV and JSON in a real pwsh, with the figures Get-RfqDelivery -Summary shows;
# -NoClobber, -WhatIf, -PassThru and the errors. The page itself is checked in headless Chromium and by a strict
# HTML parser in the engine tests (tests/RfqSender.Engine.Tests/Reporting).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-Module $manifest -Force

    $savedEnvironment = Clear-RfqSenderEnvironment
    $campaign = Send-CorpusCampaign (Join-Path $TestDrive 'campaign')
    $null = Receive-RfqReply -Path $campaign.Replies -NoFiles -ErrorAction Stop
    $summary = Get-RfqDelivery -RfqNumber $oracle.rfqNumber -Summary | Where-Object Category -eq '(all)'
}

AfterAll {
    Restore-RfqSenderEnvironment $savedEnvironment
    Remove-Item -LiteralPath Env:RFQSENDER_HOME -ErrorAction SilentlyContinue
    Remove-Module RfqSender -ErrorAction SilentlyContinue
}

Describe 'Export-RfqReport' {
    It 'writes one self-contained HTML page with the summary figures and every vendor' {
        $file = Join-Path $TestDrive 'report.html'
        $out = Export-RfqReport -RfqNumber $oracle.rfqNumber -Path $file -PassThru -ErrorAction Stop

        $out | Should -BeOfType System.IO.FileInfo
        $out.FullName | Should -Be $file
        $html = Get-Content -Raw -LiteralPath $file
        $html | Should -Match '^<!DOCTYPE html>'
        $html | Should -Not -Match '<script'
        $html | Should -Not -Match '(src|href)='
        [regex]::Match($html, 'data-metric="answered">([^<]*)<').Groups[1].Value | Should -Be "$($summary.Responded)"
        [regex]::Match($html, 'data-metric="bounced">([^<]*)<').Groups[1].Value | Should -Be "$($summary.Bounced)"
        [regex]::Match($html, 'data-metric="away">([^<]*)<').Groups[1].Value | Should -Be "$($summary.Away)"
        [regex]::Matches($html, '<tr data-vendor=').Count | Should -Be $summary.Total
    }

    It 'writes a CSV row per vendor that Import-Csv reads, its format chosen by the extension' {
        $file = Join-Path $TestDrive 'report.csv'
        Export-RfqReport $oracle.rfqNumber $file -ErrorAction Stop | Should -BeNullOrEmpty

        $rows = @(Import-Csv -LiteralPath $file)
        $rows.Count | Should -Be $summary.Total
        @($rows | Where-Object Status -eq 'Answered').Count | Should -Be $summary.Responded
        @($rows | Where-Object Status -eq 'Bounced').Count | Should -Be $summary.Bounced
        ($rows | Where-Object VendorKey -eq 'V-BLUE').Detail | Should -BeLike 'Bounced 5.1.1*'
    }

    It 'writes the whole report as JSON with -Format Json, whatever the extension' {
        $file = Join-Path $TestDrive 'report.txt'
        Export-RfqReport -RfqNumber $oracle.rfqNumber -Path $file -Format Json -ErrorAction Stop
        $report = Get-Content -Raw -LiteralPath $file | ConvertFrom-Json

        $report.rfqNumber | Should -Be $oracle.rfqNumber
        $report.totals.answered | Should -Be $summary.Responded
        @($report.vendors).Count | Should -Be $summary.Total
    }

    It 'takes the campaign from the pipeline' {
        $file = Join-Path $TestDrive 'piped.html'
        Get-RfqCampaign -RfqNumber $oracle.rfqNumber | Export-RfqReport -Path $file -ErrorAction Stop
        Test-Path -LiteralPath $file | Should -BeTrue
    }

    It 'keeps an existing file with -NoClobber and writes nothing with -WhatIf' {
        $file = Join-Path $TestDrive 'kept.html'
        Set-Content -LiteralPath $file -Value 'mine'
        Export-RfqReport -RfqNumber $oracle.rfqNumber -Path $file -NoClobber -ErrorVariable refused -ErrorAction SilentlyContinue
        $refused[0].FullyQualifiedErrorId | Should -BeLike 'InputInvalid,*'
        $refused[0].Exception.Message | Should -BeLike "*$file*"
        (Get-Content -Raw -LiteralPath $file).Trim() | Should -Be 'mine'

        $never = Join-Path $TestDrive 'never.html'
        Export-RfqReport -RfqNumber $oracle.rfqNumber -Path $never -WhatIf
        Test-Path -LiteralPath $never | Should -BeFalse
    }

    It 'reports an unknown campaign as CampaignNotFound and writes no file' {
        $file = Join-Path $TestDrive 'nope.html'
        Export-RfqReport -RfqNumber RFQ-NOPE -Path $file -ErrorVariable unknown -ErrorAction SilentlyContinue
        $unknown[0].FullyQualifiedErrorId | Should -BeLike 'CampaignNotFound,*'
        $unknown[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        Test-Path -LiteralPath $file | Should -BeFalse
    }
}
