#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Pester 5 tests of the assembled module (out/RfqSender, or the folder in RFQSENDER_TEST_MODULE). Run them with ./build.ps1 Test or Pester.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-Module $manifest -Force
}

AfterAll {
    Remove-Module RfqSender -ErrorAction SilentlyContinue
}

Describe 'Module' {
    It 'exports exactly the documented cmdlets' {
        $names = (Get-Command -Module RfqSender).Name | Sort-Object
        $names | Should -Be @('Copy-RfqStore', 'Export-RfqReport', 'Get-RfqCampaign', 'Get-RfqDelivery', 'Get-RfqMessage', 'Get-RfqQuote', 'Get-RfqReply', 'Get-RfqVendor', 'Import-Rfq', 'New-Rfq', 'Receive-RfqReply', 'Resume-Rfq', 'Resume-RfqCampaign', 'Send-Rfq', 'Send-RfqReminder', 'Set-RfqDelivery', 'Set-RfqReply', 'Suspend-RfqCampaign', 'Test-RfqTransport')
    }
}

Describe 'Get-RfqVendor' {
    It 'reads the example vendors without errors' {
        $vendors = Get-RfqVendor -Path $vendorPath -ErrorVariable problems
        $problems | Should -BeNullOrEmpty
        $vendors.Count | Should -BeGreaterThan 30
        $vendors | ForEach-Object { $_.Key | Should -Not -BeNullOrEmpty }
    }

    It 'filters by category' {
        $all = Get-RfqVendor -Path $vendorPath
        $cable = Get-RfqVendor -Path $vendorPath -Category Cables
        $cable.Count | Should -BeLessThan $all.Count
        $cable | ForEach-Object { $_.Categories -contains 'Cables' | Should -BeTrue }
    }

    It 'accepts files from Get-ChildItem and wildcards' {
        $vendors = Get-ChildItem -Path $vendorPath | Get-RfqVendor
        $vendors.Count | Should -Be (Get-RfqVendor -Path $vendorPath).Count
        (Get-RfqVendor -Path (Join-Path $examples 'vendor*.csv')).Count | Should -Be $vendors.Count
    }

    It 'accepts Import-Csv rows from the pipeline' {
        $fromRows = Import-Csv -Path $vendorPath | Get-RfqVendor
        $fromRows.Count | Should -Be (Get-RfqVendor -Path $vendorPath).Count
    }

    It 'reports every invalid row with its line and outputs nothing without -SkipInvalid' {
        $bad = Join-Path $TestDrive 'bad.csv'
        Set-Content -Path $bad -Encoding UTF8 -Value @(
            'Name,Email'
            'Good Co,sales@good.example'
            'Bad One,not-an-address'
            ',nobody@name.example'
        )
        $vendors = Get-RfqVendor -Path $bad -ErrorVariable problems -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $vendors | Should -BeNullOrEmpty
        $problems.Count | Should -Be 2
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'VendorInputInvalid*'
        "$($problems[0])" | Should -BeLike '*bad.csv:3*'
        "$($problems[1])" | Should -BeLike '*bad.csv:4*'

        $valid = Get-RfqVendor -Path $bad -SkipInvalid -ErrorAction SilentlyContinue
        $valid.Name | Should -Be 'Good Co'
    }
}

Describe 'One vendor input path' {
    BeforeAll {
        # V1's second row, three lines later, brings another address and V1's only 'Cables'.
        $repeated = Join-Path $TestDrive 'repeated.csv'
        Set-Content -Path $repeated -Encoding UTF8 -Value @(
            'Id,Company,Contact,Email,Category,Country'
            'V1,Alpha GmbH,Anna,a@alpha.example,Tools,DE'
            'V2,Beta AG,Ben,b@beta.example,Cables,AT'
            'V3,Gamma KG,Gina,g@gamma.example,Tools,CH'
            'v1,ALPHA  GmbH,,a2@alpha.example,Cables,'
            'V4,Delta SE,Dora,d@delta.example,"cables; tools",FR'
        )
    }

    It 'gives the same vendors and the same category subset from a file, from Import-Csv rows and to Send-Rfq (<category>)' -ForEach @(
        @{ category = $null; expected = @('V1', 'V2', 'V3', 'V4') }
        @{ category = 'cables'; expected = @('V1', 'V2', 'V4') }
        @{ category = 'TOOLS'; expected = @('V1', 'V3', 'V4') }
    ) {
        $filter = if ($category) { @{ Category = $category } } else { @{} }
        $fromFile = @(Get-RfqVendor -Path $repeated @filter)
        $fromRows = @(Import-Csv -Path $repeated | Get-RfqVendor @filter)
        $sentFromFile = @(Send-Rfq -RfqPath $rfqPath -VendorPath $repeated -StorePath (Join-Path $TestDrive "f-$category.db") -PickupFolder (Join-Path $TestDrive "f-$category") @filter)
        $sentFromRows = @(Import-Csv -Path $repeated | Send-Rfq -RfqPath $rfqPath -StorePath (Join-Path $TestDrive "r-$category.db") -PickupFolder (Join-Path $TestDrive "r-$category") @filter)

        $fromFile.Key | Should -Be $expected
        $fromRows.Key | Should -Be $expected
        ($sentFromFile.VendorKey | Sort-Object) | Should -Be $expected
        ($sentFromRows.VendorKey | Sort-Object) | Should -Be $expected
        ($fromFile | Where-Object Key -eq 'V1').To | ForEach-Object Email | Should -Be @('a@alpha.example', 'a2@alpha.example')
        ($fromRows | Where-Object Key -eq 'V1').To | ForEach-Object Email | Should -Be @('a@alpha.example', 'a2@alpha.example')
        @(($sentFromFile | Where-Object VendorKey -eq 'V1').To) | Should -Be @(($sentFromRows | Where-Object VendorKey -eq 'V1').To)
        @(($sentFromFile | Where-Object VendorKey -eq 'V1').To) | Should -Contain 'a2@alpha.example'
    }
}

Describe 'Import-Rfq and New-Rfq' {
    It 'loads the example RFQ' {
        $rfq = Import-Rfq -Path $rfqPath
        $rfq.Number | Should -Be 'RFQ-2026-114'
        $rfq.Items.Count | Should -BeGreaterThan 0
    }

    It 'builds an RFQ from parameters' {
        $rfq = New-Rfq -Number 'RFQ-T-1' -Title 'Bolts' -DueDate ([DateTimeOffset]'2026-12-20T12:00:00+01:00') `
            -From 'Purchasing <purchasing@contoso.example>' -Subject 'RFQ {{Rfq.Number}}' -Body 'Dear {{Contact.Name}}' `
            -Item @{ Part = 'M8x40'; Description = 'Hex bolt'; Quantity = 5000; Unit = 'pc' }
        $rfq.Number | Should -Be 'RFQ-T-1'
        $rfq.Items[0].Quantity | Should -Be 5000
    }

    It 'refuses a due date without a time zone' {
        { New-Rfq -Number 'RFQ-T-3' -Title 'x' -DueDate '2026-12-20 12:00' -From 'buy@contoso.example' -Subject 's' -Body 'b' -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*offset*'
    }

    It 'names the field at fault' {
        { New-Rfq -Number 'RFQ-T-2' -Title 'x' -DueDate ([DateTimeOffset]'2026-12-20T12:00:00+01:00') -From 'not an address' -Subject 's' -Body 'b' -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*From*'
    }
}

Describe 'Send-Rfq' {
    BeforeEach {
        $store = Join-Path $TestDrive "store-$([guid]::NewGuid()).db"
        $outbox = Join-Path $TestDrive "outbox-$([guid]::NewGuid())"
    }

    It 'sends nothing and writes nothing with -WhatIf' {
        $results = Import-Csv $vendorPath | Send-Rfq -RfqPath $rfqPath -StorePath $store -PickupFolder $outbox -WhatIf
        $results | Should -BeNullOrEmpty
        Test-Path $outbox | Should -BeFalse
    }

    It 'writes one .eml per vendor, streams one result per vendor, and a re-run mails nobody twice' {
        $expected = (Get-RfqVendor -Path $vendorPath).Count
        $first = Import-Csv $vendorPath | Send-Rfq -RfqPath $rfqPath -StorePath $store -PickupFolder $outbox -BatchSize 7
        ($first | Where-Object Action -eq 'Sent').Count | Should -Be $expected
        (Get-ChildItem $outbox -Filter *.eml).Count | Should -Be $expected

        $second = Import-Csv $vendorPath | Send-Rfq -RfqPath $rfqPath -StorePath $store -PickupFolder $outbox
        ($second | Where-Object Action -eq 'Sent').Count | Should -Be 0
        ($second | Where-Object Action -eq 'AlreadyDone').Count | Should -Be $expected
    }

    It 'tracks every delivery for Get-RfqDelivery' {
        Send-Rfq -RfqPath $rfqPath -VendorPath $vendorPath -StorePath $store -PickupFolder $outbox -Category Cables | Out-Null
        $deliveries = Get-RfqDelivery -RfqNumber 'RFQ-2026-114' -StorePath $store
        $deliveries | ForEach-Object { $_.State | Should -Be 'Sent' }
        $deliveries.Count | Should -Be (Get-RfqVendor -Path $vendorPath -Category Cables).Count
        (Import-Rfq -Path $rfqPath | Get-RfqDelivery -StorePath $store -State Failed) | Should -BeNullOrEmpty
    }

    It 'stops at invalid pipeline input, reporting every invalid row, and resumes after the fix' {
        $rows = @(Import-Csv $vendorPath)
        $rows[3].Email = 'broken'
        $rows[5].Email = 'also broken'
        $terminating = $null
        $problems = $null
        try {
            $null = $rows | Send-Rfq -RfqPath $rfqPath -StorePath $store -PickupFolder $outbox -BatchSize 2 -ErrorVariable problems -ErrorAction SilentlyContinue
        }
        catch {
            $terminating = $_
        }
        $terminating | Should -Not -BeNullOrEmpty
        $terminating.FullyQualifiedErrorId | Should -BeLike 'VendorInputInvalid*'
        "$terminating" | Should -BeLike '*2 invalid vendor record(s)*'
        @($problems | Where-Object { $_.FullyQualifiedErrorId -like 'VendorInputInvalid*' }).Count | Should -BeGreaterOrEqual 2
        @(Get-ChildItem $outbox -Filter *.eml).Count | Should -Be 2

        $sent = Import-Csv $vendorPath | Send-Rfq -RfqPath $rfqPath -StorePath $store -PickupFolder $outbox
        @($sent | Where-Object Action -eq 'Sent').Count | Should -Be ((Get-RfqVendor -Path $vendorPath).Count - 2)
        @($sent | Where-Object Action -eq 'AlreadyDone').Count | Should -Be 2
    }

    It 'does not send what is due when the pipeline is empty, and asks before sending everything due' {
        Send-Rfq -RfqPath $rfqPath -VendorPath $vendorPath -StorePath $store -PickupFolder $outbox -MaxMessages 3 | Out-Null
        @() | Send-Rfq -RfqPath $rfqPath -StorePath $store -PickupFolder $outbox | Should -BeNullOrEmpty
        Send-Rfq -RfqPath $rfqPath -StorePath $store -PickupFolder $outbox -WhatIf | Should -BeNullOrEmpty
        @(Get-ChildItem $outbox -Filter *.eml).Count | Should -Be 3
    }

    It 'caps a run with -MaxMessages and sends the rest when run again without vendors' {
        $total = (Get-RfqVendor -Path $vendorPath).Count
        $first = Send-Rfq -RfqPath $rfqPath -VendorPath $vendorPath -StorePath $store -PickupFolder $outbox -MaxMessages 5
        ($first | Where-Object Action -eq 'Sent').Count | Should -Be 5
        $rest = Send-Rfq -RfqPath $rfqPath -StorePath $store -PickupFolder $outbox
        ($rest | Where-Object Action -eq 'Sent').Count | Should -Be ($total - 5)
    }
}

Describe 'Resume-Rfq' {
    BeforeEach {
        $store = Join-Path $TestDrive "store-$([guid]::NewGuid()).db"
        $outbox = Join-Path $TestDrive "outbox-$([guid]::NewGuid())"
    }

    It 'sends the rest of a campaign that a -MaxMessages run left queued, then nothing more' {
        $total = (Get-RfqVendor -Path $vendorPath).Count
        $first = Send-Rfq -RfqPath $rfqPath -VendorPath $vendorPath -StorePath $store -PickupFolder $outbox -MaxMessages 5
        @($first | Where-Object Action -eq 'Sent').Count | Should -Be 5

        $rest = Resume-Rfq -RfqNumber 'RFQ-2026-114' -StorePath $store -PickupFolder $outbox
        @($rest | Where-Object Action -eq 'Sent').Count | Should -Be ($total - 5)
        $rest | ForEach-Object { $_.RfqNumber | Should -Be 'RFQ-2026-114' }
        @(Get-ChildItem $outbox -Filter *.eml).Count | Should -Be $total
        Get-RfqDelivery -RfqNumber 'RFQ-2026-114' -StorePath $store | ForEach-Object { $_.State | Should -Be 'Sent' }

        Resume-Rfq -RfqNumber 'RFQ-2026-114' -StorePath $store -PickupFolder $outbox | Should -BeNullOrEmpty
        @(Get-ChildItem $outbox -Filter *.eml).Count | Should -Be $total
    }

    It 'sends nothing and changes nothing with -WhatIf' {
        Send-Rfq -RfqPath $rfqPath -VendorPath $vendorPath -StorePath $store -PickupFolder $outbox -MaxMessages 3 | Out-Null

        Resume-Rfq -RfqNumber 'RFQ-2026-114' -StorePath $store -PickupFolder $outbox -WhatIf | Should -BeNullOrEmpty

        @(Get-ChildItem $outbox -Filter *.eml).Count | Should -Be 3
        @(Get-RfqDelivery -RfqNumber 'RFQ-2026-114' -StorePath $store -State Sent).Count | Should -Be 3
    }

    It 'binds the RFQ number from the Number of an RFQ object' {
        $total = (Get-RfqVendor -Path $vendorPath).Count
        Send-Rfq -RfqPath $rfqPath -VendorPath $vendorPath -StorePath $store -PickupFolder $outbox -MaxMessages 4 | Out-Null

        $rest = Import-Rfq -Path $rfqPath | Resume-Rfq -StorePath $store -PickupFolder $outbox
        @($rest | Where-Object Action -eq 'Sent').Count | Should -Be ($total - 4)
    }

    It 'reports a campaign the store does not know, and a store that does not exist' {
        Send-Rfq -RfqPath $rfqPath -VendorPath $vendorPath -StorePath $store -PickupFolder $outbox -MaxMessages 1 | Out-Null

        Resume-Rfq -RfqNumber 'RFQ-NOT-THERE' -StorePath $store -PickupFolder $outbox -ErrorVariable problems -ErrorAction SilentlyContinue |
            Should -BeNullOrEmpty
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'CampaignNotFound*'

        $missing = Join-Path $TestDrive 'missing.db'
        Resume-Rfq -RfqNumber 'RFQ-2026-114' -StorePath $missing -PickupFolder $outbox -ErrorVariable absent -ErrorAction SilentlyContinue |
            Should -BeNullOrEmpty
        $absent[0].FullyQualifiedErrorId | Should -BeLike 'StoreNotFound*'
        Test-Path $missing | Should -BeFalse
    }
}

Describe 'Get-RfqDelivery -Summary' {
    BeforeEach {
        $store = Join-Path $TestDrive "store-$([guid]::NewGuid()).db"
        $outbox = Join-Path $TestDrive "outbox-$([guid]::NewGuid())"
    }

    It 'counts the whole campaign in the (all) row first, then each category' {
        $total = (Get-RfqVendor -Path $vendorPath).Count
        Send-Rfq -RfqPath $rfqPath -VendorPath $vendorPath -StorePath $store -PickupFolder $outbox -MaxMessages 5 | Out-Null

        $rows = @(Get-RfqDelivery -RfqNumber 'RFQ-2026-114' -StorePath $store -Summary)
        $rows[0].Category | Should -Be '(all)'
        $rows[0].RfqNumber | Should -Be 'RFQ-2026-114'
        $rows[0].Total | Should -Be $total
        $rows[0].Sent | Should -Be 5
        $rows[0].Queued | Should -Be ($total - 5)
        @($rows | Where-Object Category -eq '(all)').Count | Should -Be 1

        $cables = $rows | Where-Object Category -eq 'Cables'
        $cables.Total | Should -Be (Get-RfqVendor -Path $vendorPath -Category Cables).Count
        $cables.Total | Should -Be ($cables.Queued + $cables.Sent)
    }

    It 'follows the campaign: everything Sent once it is resumed' {
        $total = (Get-RfqVendor -Path $vendorPath).Count
        Send-Rfq -RfqPath $rfqPath -VendorPath $vendorPath -StorePath $store -PickupFolder $outbox -MaxMessages 5 | Out-Null
        Resume-Rfq -RfqNumber 'RFQ-2026-114' -StorePath $store -PickupFolder $outbox | Out-Null

        $all = Get-RfqDelivery -RfqNumber 'RFQ-2026-114' -StorePath $store -Summary | Select-Object -First 1
        $all.Total | Should -Be $total
        $all.Sent | Should -Be $total
        $all.Queued | Should -Be 0
    }

    It 'cannot be combined with the filters of the list' {
        Send-Rfq -RfqPath $rfqPath -VendorPath $vendorPath -StorePath $store -PickupFolder $outbox -MaxMessages 1 | Out-Null
        { Get-RfqDelivery -RfqNumber 'RFQ-2026-114' -StorePath $store -Summary -State Sent -ErrorAction Stop } |
            Should -Throw -ErrorId 'AmbiguousParameterSet*'
    }
}

Describe 'Examples' {
    It 'Send-ExampleRfq.ps1 runs the whole flow' {
        $env:RFQSENDER_HOME = Join-Path $TestDrive 'home'
        try {
            $output = & (Join-Path $examples 'Send-ExampleRfq.ps1') -OutputFolder (Join-Path $TestDrive 'example')
            Test-Path (Join-Path $TestDrive 'example/results.csv') | Should -BeTrue
            (Import-Csv (Join-Path $TestDrive 'example/results.csv')).Count | Should -Be (Get-RfqVendor -Path $vendorPath).Count
        }
        finally {
            Remove-Item Env:RFQSENDER_HOME -ErrorAction SilentlyContinue
        }
    }
}
