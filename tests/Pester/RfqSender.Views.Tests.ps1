#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The views of RfqSender.format.ps1xml as a user sees them in an 80-column console: every line fits, every
# header is there in full, and values are shown, not type names.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-Module $manifest -Force

    $store = Join-Path $TestDrive 'views.db'
    $outbox = Join-Path $TestDrive 'outbox'
    # Objects of every type with a view, with long names, several addresses, categories and details (the
    # example vendors have all of those, in many scripts); results of this run: Sent and NotSent.
    $objects = @{
        'RfqSender.Engine.Vendors.Vendor'            = @(Get-RfqVendor -Path $vendorPath)
        'RfqSender.Engine.Rfqs.Rfq'                  = @(Import-Rfq -Path $rfqPath)
        'RfqSender.Engine.Sending.DeliveryResult'    = @(Send-Rfq -RfqPath $rfqPath -VendorPath $vendorPath -StorePath $store -PickupFolder $outbox -MaxMessages 10)
        'RfqSender.Engine.Tracking.DeliveryRecord'   = @(Get-RfqDelivery -RfqNumber RFQ-2026-114 -StorePath $store)
        'RfqSender.Engine.Tracking.DeliverySummary'  = @(Get-RfqDelivery -RfqNumber RFQ-2026-114 -StorePath $store -Summary)
        'RfqSender.Engine.Sending.RfqMessage'        = @(Get-RfqMessage -RfqPath $rfqPath -VendorPath $vendorPath -Vendor V001, V002)
        'RfqSender.Engine.Sending.TestSendResult'    = @(Send-Rfq -RfqPath $rfqPath -VendorPath $vendorPath -TestRecipient 'me@contoso.example' -TestCount 3 -PickupFolder $outbox)
        'RfqSender.Engine.Transports.TransportCheckStep' = @(Test-RfqTransport -PickupFolder $outbox)
        'RfqSender.Engine.Tracking.CampaignRecord'   = @(Get-RfqCampaign -StorePath $store)
        'RfqSender.Engine.Tracking.DeliveryChange'   = @(
            Set-RfqDelivery -RfqNumber RFQ-2026-114 -VendorKey V037, V038 -State Skipped -Reason 'No longer a supplier of cables and wires' -StorePath $store
            Set-RfqDelivery -RfqNumber RFQ-2026-114 -VendorKey V001 -State Responded -StorePath $store
            Get-RfqDelivery -RfqNumber RFQ-2026-114 -StorePath $store -History)
        'RfqSender.Engine.Operations.StoreCopyResult' = @(Copy-RfqStore -StorePath $store -DestinationPath (Join-Path $TestDrive 'copy.db'))
        'RfqSender.Engine.Quotes.QuoteRow'           = @(New-QuotedCampaign (Join-Path $TestDrive 'quoted') | ForEach-Object { Get-RfqQuote -RfqNumber RFQ-Q-1 })
        'RfqSender.Engine.Tracking.DeliveryAttempt'  = @(Get-RfqDelivery -RfqNumber RFQ-2026-114 -StorePath $store -History -IncludeAttempts | Where-Object { $_.PSObject.TypeNames -contains 'RfqSender.Engine.Tracking.DeliveryAttempt' })
        'RfqSender.Engine.Tracking.ReminderAttempt'  = @(
            # A campaign due two months after the run (no reminder goes after the due date), reminded at once.
            $remindStore = Join-Path $TestDrive 'views-remind.db'
            $null = Send-Rfq -RfqPath (Copy-ExamplesDueLater) -VendorPath $vendorPath -StorePath $remindStore -PickupFolder $outbox -MaxMessages 3 -WarningAction SilentlyContinue
            $null = Send-RfqReminder -RfqNumber RFQ-2026-114 -MinimumInterval 0 -StorePath $remindStore -PickupFolder $outbox
            Get-RfqDelivery -RfqNumber RFQ-2026-114 -StorePath $remindStore -History -IncludeAttempts | Where-Object { $_.PSObject.TypeNames -contains 'RfqSender.Engine.Tracking.ReminderAttempt' })
        'RfqSender.Engine.Tracking.InboundRecord'    = @(Receive-RfqReply -Path (Join-Path $repoRoot 'tests/RfqSender.Engine.Tests/Responses/Corpus') -StorePath $store -QuotesPath (Join-Path $TestDrive 'quotes'))
    }

    # The lines of a rendered table: the header lines above the dashes, and the rows below them.
    function Split-Table([string] $text) {
        $lines = @($text -split "`r?`n" | Where-Object { $_.Trim() })
        $dashes = [array]::FindIndex([string[]] $lines, [Predicate[string]] { param($l) $l -match '^[-\s]+$' })
        [pscustomobject]@{ Header = @($lines[0..($dashes - 1)]); Rows = @($lines | Select-Object -Skip ($dashes + 1)) }
    }

    function Assert-Rendering([string] $text, [string[]] $labels, [bool] $isTable) {
        $lines = @($text -split "`r?`n")
        $lines | Where-Object { $_.Length -gt 80 } | Should -BeNullOrEmpty -Because "every line fits 80 columns:`n$text"
        if ($isTable) {
            $header = (Split-Table $text).Header
            $header.Count | Should -Be 1 -Because "the header fits one line:`n$text"
            @($header[0] -split '\s+' | Where-Object { $_ }) | Should -Be @($labels) -Because "the header shows every column in full:`n$text"
        }
        else {
            foreach ($label in $labels) { $text | Should -Match "(?m)^$([regex]::Escape($label))\s+:" -Because "the list shows $label`n$text" }
        }
        $text | Should -Not -Match 'RfqSender\.Engine\.|System\.(Collections|Object\[\]|String\[\])' -Because "values are shown, not type names:`n$text"
    }
}

BeforeDiscovery {
    $formatFile = Join-Path (Split-Path -Parent (Split-Path -Parent $PSScriptRoot)) 'module/RfqSender.format.ps1xml'
    $views = foreach ($view in ([xml](Get-Content -Raw -LiteralPath $formatFile)).Configuration.ViewDefinitions.View) {
        $isTable = $null -ne $view.TableControl
        $labels = if ($isTable) {
            $view.TableControl.TableHeaders.TableColumnHeader | ForEach-Object { $_.Label }
        }
        else {
            $view.ListControl.ListEntries.ListEntry.ListItems.ListItem | ForEach-Object { if ($_.Label) { $_.Label } else { $_.PropertyName } }
        }
        @{ View = $view.Name; TypeName = $view.ViewSelectedBy.TypeName; IsTable = $isTable; Labels = @($labels) }
    }
}

AfterAll {
    Remove-Module RfqSender -ErrorAction SilentlyContinue
}

Describe 'Format views at 80 columns' {
    It 'has objects for the view <View>, and selects it by default' -ForEach $views {
        $objects.ContainsKey($TypeName) | Should -BeTrue -Because "the test renders every view of the format file ($TypeName)"
        $objects[$TypeName].Count | Should -BeGreaterThan 0
        $objects[$TypeName][0].PSObject.TypeNames | Should -Contain $TypeName
    }

    It 'renders <View> as the default output' -ForEach $views {
        Assert-Rendering ($objects[$TypeName] | Out-String -Width 80) $Labels $IsTable
    }

    It 'renders <View> with Format-Table or Format-List' -ForEach $views {
        $text = if ($IsTable) { $objects[$TypeName] | Format-Table | Out-String -Width 80 } else { $objects[$TypeName] | Format-List | Out-String -Width 80 }
        Assert-Rendering $text $Labels $IsTable
    }

    It 'shows the values of <View>, not empty cells' -ForEach ($views | Where-Object { $_.IsTable }) {
        $text = $objects[$TypeName] | Format-Table | Out-String -Width 80
        $rows = (Split-Table $text).Rows
        $rows.Count | Should -Be $objects[$TypeName].Count
        $rows | ForEach-Object { $_.Trim() | Should -Not -BeNullOrEmpty }
    }

    It 'shows the vendor, addresses and categories of a vendor' {
        $text = $objects['RfqSender.Engine.Vendors.Vendor'] | Where-Object Key -EQ 'V001' | Out-String -Width 80
        $text | Should -BeLike '*V001*Müller Kabelwerke GmbH*vertrieb@müller-kabel.example*Cables*'
    }

    It 'shows the number, title, item count and attachments of an RFQ' {
        $text = $objects['RfqSender.Engine.Rfqs.Rfq'] | Out-String -Width 80
        $text | Should -Match '(?m)^Number\s+: RFQ-2026-114\s*$'
        $text | Should -Match '(?m)^Items\s+: 3\s*$'
        $text | Should -Match '(?m)^Attachments\s+: cable-spec\.pdf\s*$'
    }

    It 'shows the counts of a summary, the whole campaign first' {
        $text = $objects['RfqSender.Engine.Tracking.DeliverySummary'] | Out-String -Width 80
        $first = (Split-Table $text).Rows[0]
        $count = (Get-RfqVendor -Path $vendorPath).Count
        $first | Should -Match "^\(all\)\s+$count\s+10\s+$($count - 10)\s+0\s+0\s+0\s+0\s+0\s+0\s*$"
    }
}

Describe 'Export-Csv of the objects' {
    # Users keep vendors, results and deliveries as CSV: the columns must hold the values, as the views show them.
    It 'writes <TypeName> with values, not type names' -ForEach @(
        @{ TypeName = 'RfqSender.Engine.Vendors.Vendor' }
        @{ TypeName = 'RfqSender.Engine.Sending.DeliveryResult' }
        @{ TypeName = 'RfqSender.Engine.Tracking.DeliveryRecord' }
    ) {
        $file = Join-Path $TestDrive "$TypeName.csv"
        $objects[$TypeName] | Export-Csv -LiteralPath $file -NoTypeInformation -Encoding utf8
        $text = Get-Content -Raw -LiteralPath $file
        $text | Should -Not -Match 'RfqSender\.Engine\.|System\.[A-Z][A-Za-z]+(\.|`|\[)' -Because "the CSV holds values:`n$(($text -split "`n" | Select-Object -First 3) -join "`n")"
        @(Import-Csv -LiteralPath $file).Count | Should -Be $objects[$TypeName].Count
    }

    It 'round-trips vendors: the exported file reads back as the same vendors, with all their addresses and categories' {
        $file = Join-Path $TestDrive 'vendors-again.csv'
        $objects['RfqSender.Engine.Vendors.Vendor'] | Export-Csv -LiteralPath $file -NoTypeInformation -Encoding utf8
        $again = @(Get-RfqVendor -Path $file)
        $describe = { param($v) "$($v.Key)|$($v.Name)|$(@($v.To | ForEach-Object Email) -join ';')|$(@($v.Cc | ForEach-Object Email) -join ';')|$(@($v.Categories) -join ';')" }
        @($again | ForEach-Object { & $describe $_ }) | Should -Be @($objects['RfqSender.Engine.Vendors.Vendor'] | ForEach-Object { & $describe $_ })
    }
}
