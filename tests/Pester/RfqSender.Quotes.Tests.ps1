#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Quote sheets the whole way in a real pwsh: New-Rfq -QuoteSheet Csv sent to three vendors, each vendor's sheet taken
# out of its message, filled in and mailed back (one with text in a price cell), Receive-RfqReply reading them, then
# Get-RfqQuote (rows, -VendorKey, -NeedsReview, -ComparisonPath), Export-Csv of the rows, and the report's comparison.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-Module $manifest -Force

    $savedEnvironment = Clear-RfqSenderEnvironment
    $campaign = New-QuotedCampaign (Join-Path $TestDrive 'quoted')
    $rows = @(Get-RfqQuote -RfqNumber RFQ-Q-1 -ErrorAction Stop)
}

AfterAll {
    Restore-RfqSenderEnvironment $savedEnvironment
    Remove-Item -LiteralPath Env:RFQSENDER_HOME -ErrorAction SilentlyContinue
    Remove-Module RfqSender -ErrorAction SilentlyContinue
}

Describe 'Quote sheets sent and read back' {
    It 'attaches a sheet made for each vendor' {
        $emls = @(Get-ChildItem -LiteralPath $campaign.Outbox -Filter '*.eml')
        $emls.Count | Should -Be 3
        foreach ($eml in $emls) { Get-Content -Raw -LiteralPath $eml.FullName | Should -Match 'filename="?RFQ-Q-1 quote\.csv' }
    }

    It 'reads the filled sheets into a row per vendor and item, the lowest price marked' {
        $accepted = @($rows | Where-Object Status -eq 'Accepted')
        $accepted.Count | Should -Be 4
        ($accepted | Where-Object { $_.VendorKey -eq 'Q2' -and $_.Line -eq 1 }).UnitPrice | Should -Be 0.79
        ($accepted | Where-Object { $_.VendorKey -eq 'Q2' -and $_.Line -eq 1 }).IsLowest | Should -BeTrue
        ($accepted | Where-Object { $_.VendorKey -eq 'Q1' -and $_.Line -eq 2 }).IsLowest | Should -BeTrue
        ($accepted | Where-Object { $_.VendorKey -eq 'Q1' -and $_.Line -eq 1 }).IsLowest | Should -BeFalse
        ($accepted | Where-Object { $_.VendorKey -eq 'Q1' -and $_.Line -eq 2 }).LineTotal | Should -Be 240
        ($accepted | Where-Object { $_.VendorKey -eq 'Q1' -and $_.Line -eq 1 }).LeadTimeDays | Should -Be 10
        (Get-RfqDelivery -RfqNumber RFQ-Q-1 -VendorKey Q1).State.ToString() | Should -Be 'Responded'
    }

    It 'keeps the sheet with text in a price cell for review, naming the cell' {
        $review = @(Get-RfqQuote -RfqNumber RFQ-Q-1 -NeedsReview)
        $review.VendorKey | Sort-Object -Unique | Should -Be 'Q3'
        $review[0].Problem | Should -Match '^RFQ-Q-1 quote\.csv!F9: '
        $review[0].Problem | Should -Match 'call us'
        $rows | Where-Object { $_.VendorKey -eq 'Q3' -and $_.Status -eq 'Accepted' } | Should -BeNullOrEmpty
    }

    It 'filters by vendor and exports the rows with Export-Csv' {
        $file = Join-Path $TestDrive 'q1.csv'
        Get-RfqQuote -RfqNumber RFQ-Q-1 -VendorKey q1 | Export-Csv -LiteralPath $file -NoTypeInformation
        $csv = @(Import-Csv -LiteralPath $file)
        $csv.Count | Should -Be 2
        $csv.VendorKey | Sort-Object -Unique | Should -Be 'Q1'
        $csv[0].UnitPrice | Should -Be '0.85'
    }

    It 'writes the comparison workbook and the report shows it' {
        $book = Get-RfqQuote -RfqNumber RFQ-Q-1 -ComparisonPath (Join-Path $TestDrive 'quotes.xlsx') -ErrorAction Stop
        $book | Should -BeOfType System.IO.FileInfo
        $book.Length | Should -BeGreaterThan 1000
        [IO.File]::ReadAllBytes($book.FullName)[0..1] | Should -Be @(0x50, 0x4B)

        $report = Join-Path $TestDrive 'report.html'
        Export-RfqReport -RfqNumber RFQ-Q-1 -Path $report
        $html = Get-Content -Raw -LiteralPath $report
        $html | Should -Match '<section id="quotes">'
        $html | Should -Match 'data-lowest="true"><mark>0\.79 EUR</mark>'
        $html | Should -Match 'Tardy Parts GmbH</strong>'
    }

    It 'reads nothing new the second time' {
        @(Receive-RfqReply -Path $campaign.Replies).Count | Should -Be 0
        @(Get-RfqQuote -RfqNumber RFQ-Q-1).Count | Should -Be $rows.Count
    }
}
