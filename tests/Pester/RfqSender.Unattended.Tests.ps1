#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Safe to run unattended: no vendor silently lost, no unfinished run that looks finished (issue 9).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-Module $manifest -Force
    $env:RFQSENDER_HOME = Join-Path $TestDrive 'home'

    function Get-ClosedPort {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $port = $listener.LocalEndpoint.Port
        $listener.Stop()
        $port
    }

    function New-Work([string] $name) {
        $work = Join-Path $TestDrive $name
        New-Item -ItemType Directory -Path $work | Out-Null
        Copy-Item -Path (Join-Path $examples '*') -Destination $work -Recurse
        $work
    }
}

AfterAll {
    Remove-Module RfqSender -ErrorAction SilentlyContinue
    Remove-Item Env:RFQSENDER_HOME -ErrorAction SilentlyContinue
}

Describe 'Choosing the transport' {
    It 'sends over SMTP when an SMTP server is named without -Transport, never to the pickup folder' {
        $work = New-Work 'smtp-named'
        $store = Join-Path $work 'rfq.db'
        $port = Get-ClosedPort
        $started = Get-Date

        { Send-Rfq -RfqPath (Join-Path $work 'rfq.yaml') -VendorPath (Join-Path $work 'vendors.csv') -StorePath $store -SmtpServer 127.0.0.1 -Port $port -TlsMode None -ErrorAction Stop } |
            Should -Throw -ErrorId 'TransportUnavailable*'

        ((Get-Date) - $started).TotalSeconds | Should -BeLessThan 20
        Test-Path (Join-Path $env:RFQSENDER_HOME 'outbox') | Should -BeFalse
        $deliveries = Get-RfqDelivery -RfqNumber RFQ-2026-114 -StorePath $store
        $deliveries.Count | Should -BeGreaterThan 30
        $deliveries | ForEach-Object { $_.State | Should -Be 'Queued'; $_.Attempts | Should -Be 0 }
    }

    It 'reports the error as a connection error with the RFQ as target' {
        $work = New-Work 'smtp-error'
        $port = Get-ClosedPort
        $caught = $null
        try {
            Send-Rfq -RfqPath (Join-Path $work 'rfq.yaml') -VendorPath (Join-Path $work 'vendors.csv') -StorePath (Join-Path $work 'rfq.db') -SmtpServer 127.0.0.1 -Port $port -TlsMode None -ErrorAction Stop
        }
        catch {
            $caught = $_
        }
        $caught | Should -Not -BeNullOrEmpty
        $caught.CategoryInfo.Category | Should -Be 'ConnectionError'
        $caught.TargetObject | Should -Be 'RFQ-2026-114'
        "$caught" | Should -Match 'cannot be reached'
    }

    It 'refuses -Transport Pickup together with an SMTP server' {
        $work = New-Work 'contradiction'
        { Send-Rfq -RfqPath (Join-Path $work 'rfq.yaml') -VendorPath (Join-Path $work 'vendors.csv') -StorePath (Join-Path $work 'rfq.db') -Transport Pickup -SmtpServer relay.contoso.example -ErrorAction Stop } |
            Should -Throw -ErrorId 'SettingsInvalid*'
        Test-Path (Join-Path $work 'rfq.db') | Should -BeFalse
    }
}

Describe 'A campaign never looks finished when it is not' {
    It 'registers the whole -VendorPath file before sending, and warns that the capped run did not finish' {
        $work = New-Work 'whole-file'
        $store = Join-Path $work 'rfq.db'
        $vendorCount = (Get-RfqVendor -Path (Join-Path $work 'vendors.csv')).Count

        $results = Send-Rfq -RfqPath (Join-Path $work 'rfq.yaml') -VendorPath (Join-Path $work 'vendors.csv') -StorePath $store -PickupFolder (Join-Path $work 'out') -MaxMessages 5 -WarningVariable warnings -WarningAction SilentlyContinue

        @($results | Where-Object Action -eq 'Sent').Count | Should -Be 5
        $summary = Get-RfqDelivery -RfqNumber RFQ-2026-114 -StorePath $store -Summary | Select-Object -First 1
        $summary.Total | Should -Be $vendorCount
        $summary.Queued | Should -Be ($vendorCount - 5)
        $summary.InputComplete | Should -BeTrue
        ($warnings -join "`n") | Should -Match 'RFQ-2026-114 is not finished: \d+ Queued'
    }

    It 'refuses an RFQ that changed since vendors received it, and sends the new version only when allowed' {
        $work = New-Work 'changed'
        $store = Join-Path $work 'rfq.db'
        $send = @{ VendorPath = (Join-Path $work 'vendors.csv'); StorePath = $store; PickupFolder = (Join-Path $work 'out') }
        Send-Rfq -RfqPath (Join-Path $work 'rfq.yaml') @send -MaxMessages 3 -WarningAction SilentlyContinue | Out-Null
        (Get-Content (Join-Path $work 'rfq.yaml') -Raw) -replace '(?m)^title: .*$', 'title: Copper cable, 4 lots' | Set-Content (Join-Path $work 'rfq.yaml')

        { Send-Rfq -RfqPath (Join-Path $work 'rfq.yaml') @send -ErrorAction Stop } | Should -Throw -ErrorId 'RfqChanged*'
        @(Get-RfqDelivery -RfqNumber RFQ-2026-114 -StorePath $store -State Sent).Count | Should -Be 3

        Send-Rfq -RfqPath (Join-Path $work 'rfq.yaml') @send -AllowChangedRfq | Out-Null
        $deliveries = Get-RfqDelivery -RfqNumber RFQ-2026-114 -StorePath $store
        @($deliveries | Where-Object RfqVersion -eq 1).Count | Should -Be 3
        @($deliveries | Where-Object RfqVersion -eq 2).Count | Should -Be ($deliveries.Count - 3)
    }

    It 'keeps one pickup file per vendor, named with its key' {
        $work = New-Work 'pickup-names'
        Send-Rfq -RfqPath (Join-Path $work 'rfq.yaml') -VendorPath (Join-Path $work 'vendors.csv') -StorePath (Join-Path $work 'rfq.db') -PickupFolder (Join-Path $work 'out') | Out-Null
        $files = Get-ChildItem (Join-Path $work 'out') -Filter *.eml
        $deliveries = Get-RfqDelivery -RfqNumber RFQ-2026-114 -StorePath (Join-Path $work 'rfq.db')
        $files.Count | Should -Be $deliveries.Count
        foreach ($delivery in $deliveries) {
            @($files | Where-Object { $_.Name.EndsWith("[$($delivery.VendorKey)].eml") }).Count | Should -Be 1
        }
    }
}

Describe 'examples/Send-RfqFromCsv.ps1' {
    It 'reads a Windows-1252 export as -VendorPath does, and exits 4 while the campaign is not finished, then 0' {
        $work = New-Work 'from-csv'
        $csv = Join-Path $work 'export.csv'
        [System.IO.File]::WriteAllBytes($csv, [System.Text.Encoding]::GetEncoding(1252).GetBytes("Name;Email;Contact;Country`r`nMüller Kabel GmbH;verkauf@mueller.example;Jürgen Weiß;DE`r`nSoleil Câbles;ventes@soleil.example;Zoé;FR`r`n"))
        $store = Join-Path $work 'rfq.db'
        $script = Join-Path $examples 'Send-RfqFromCsv.ps1'

        & $script -RfqPath (Join-Path $work 'rfq.yaml') -VendorPath $csv -StorePath $store -PickupFolder (Join-Path $work 'out') -MaxMessages 1 -ResultPath (Join-Path $work 'r1.csv') -WarningAction SilentlyContinue | Out-Null
        $first = $LASTEXITCODE
        & $script -RfqPath (Join-Path $work 'rfq.yaml') -VendorPath $csv -StorePath $store -PickupFolder (Join-Path $work 'out') -ResultPath (Join-Path $work 'r2.csv') | Out-Null
        $second = $LASTEXITCODE

        $first | Should -Be 4
        $second | Should -Be 0
        $names = (Get-RfqDelivery -RfqNumber RFQ-2026-114 -StorePath $store).VendorName | Sort-Object
        $names | Should -Be @('Müller Kabel GmbH', 'Soleil Câbles')
        $keys = (Get-RfqDelivery -RfqNumber RFQ-2026-114 -StorePath $store).VendorKey | Sort-Object
        $keys | Should -Be ((Get-RfqVendor -Path $csv).Key | Sort-Object)
    }
}

Describe 'Everyday input' {
    It 'takes New-Rfq -DueDate (Get-Date ...) as local time' {
        $due = [datetime]::new(2026, 12, 20, 12, 0, 0, [System.DateTimeKind]::Unspecified)
        $rfq = New-Rfq -Number 'RFQ-T-9' -Title 'Bolts' -DueDate $due -From 'Purchasing <purchasing@contoso.example>' -Subject 'RFQ {{Rfq.Number}}' -Body 'Dear vendor' `
            -Item @{ Part = 'M8'; Description = 'Bolt'; Quantity = 1; Unit = 'pc' }
        $rfq.DueDate.DateTime | Should -Be $due
        $rfq.DueDate.Offset | Should -Be ([System.TimeZoneInfo]::Local.GetUtcOffset($due))
        (New-Rfq -Number 'RFQ-T-10' -Title 'Bolts' -DueDate (Get-Date).AddDays(10) -From 'purchasing@contoso.example' -Subject 'S' -Body 'B' -Item @{ Part = 'M8'; Description = 'Bolt'; Quantity = 1; Unit = 'pc' }).Number |
            Should -Be 'RFQ-T-10'
    }
}

Describe 'Send-Rfq input' {
    It 'takes -InputObject @(a, b) as two vendors' {
        $work = New-Work 'input-array'
        $rows = @(Import-Csv (Join-Path $work 'vendors.csv') | Select-Object -First 2)
        $results = Send-Rfq -RfqPath (Join-Path $work 'rfq.yaml') -InputObject $rows -StorePath (Join-Path $work 'rfq.db') -PickupFolder (Join-Path $work 'out') -WarningAction SilentlyContinue
        @($results).Count | Should -Be 2
        @($results | Where-Object Action -eq 'Sent').Count | Should -Be 2
        (Get-ChildItem (Join-Path $work 'out') -Filter *.eml).Count | Should -Be 2
    }

    It 'warns about template fields that render empty for vendors of a -VendorPath file' {
        $work = New-Work 'empty-fields'
        Set-Content -LiteralPath (Join-Path $work 'few.csv') -Encoding utf8 -Value 'Name,Email,Country', 'No Contact GmbH,sales@nocontact.example,DE'
        Set-Content -LiteralPath (Join-Path $work 'plain.yaml') -Encoding utf8 -Value @(
            'number: RFQ-T-EMPTY', 'title: Bolts', 'dueDate: 2026-12-20T12:00:00+01:00', 'from: purchasing@contoso.example',
            'subject: "RFQ {{Rfq.Number}}"', 'body: "Dear {{Contact.Name}}, please quote."',
            'items:', '  - { part: M8, description: Bolt, quantity: 1, unit: pc }')
        $null = Send-Rfq -RfqPath (Join-Path $work 'plain.yaml') -VendorPath (Join-Path $work 'few.csv') -StorePath (Join-Path $work 'rfq.db') -PickupFolder (Join-Path $work 'out') -WarningVariable warnings -WarningAction SilentlyContinue
        ($warnings -join "`n") | Should -Match 'Contact\.Name'
    }
}

Describe 'Objects that went through serialization or JSON' {
    It 'binds vendors read back with Import-Clixml to Send-Rfq, with their contacts and categories' {
        $work = New-Work 'clixml'
        $vendors = @(Get-RfqVendor -Path (Join-Path $work 'vendors.csv') | Select-Object -First 3)
        $vendors | Export-Clixml -LiteralPath (Join-Path $work 'vendors.xml')
        $results = Import-Clixml -LiteralPath (Join-Path $work 'vendors.xml') |
            Send-Rfq -RfqPath (Join-Path $work 'rfq.yaml') -StorePath (Join-Path $work 'rfq.db') -PickupFolder (Join-Path $work 'out') -WarningAction SilentlyContinue
        @($results | Where-Object Action -eq 'Sent').Count | Should -Be 3
        $deliveries = Get-RfqDelivery -RfqNumber RFQ-2026-114 -StorePath (Join-Path $work 'rfq.db')
        ($deliveries.VendorKey | Sort-Object) | Should -Be ($vendors.Key | Sort-Object)
        foreach ($vendor in $vendors) {
            $delivery = $deliveries | Where-Object VendorKey -eq $vendor.Key
            @($delivery.To) | Should -Be @(@($vendor.To) | ForEach-Object Email)
            @($delivery.Cc) | Should -Be @(@($vendor.Cc) | ForEach-Object Email)
        }
    }

    It 'reads nested JSON contacts from the pipeline as the same JSON file does' {
        $work = New-Work 'json'
        $json = '[{"name":"Nested Kabel AG","category":"Cables","country":"DE","contacts":[{"name":"Eva Roth","email":"eva@nested.example"},{"email":"copy@nested.example","role":"cc"}]}]'
        Set-Content -LiteralPath (Join-Path $work 'v.json') -Value $json -Encoding utf8
        $fromFile = Get-RfqVendor -Path (Join-Path $work 'v.json')
        $fromPipeline = $json | ConvertFrom-Json | ForEach-Object { $_ } | Get-RfqVendor
        $fromPipeline.Key | Should -Be $fromFile.Key
        (@($fromPipeline.To) | ForEach-Object Email) | Should -Be 'eva@nested.example'
        (@($fromPipeline.Cc) | ForEach-Object Email) | Should -Be 'copy@nested.example'
        (@($fromPipeline.To) | ForEach-Object Name) | Should -Be 'Eva Roth'
    }
}

Describe 'RFQ objects that went through serialization' {
    It 'binds an RFQ read back with Import-Clixml to Send-Rfq -Rfq, unchanged' {
        $work = New-Work 'rfq-clixml'
        $rfq = Import-Rfq -Path (Join-Path $work 'rfq.yaml')
        $rfq | Export-Clixml -LiteralPath (Join-Path $work 'rfq.xml')
        $again = Import-Clixml -LiteralPath (Join-Path $work 'rfq.xml')
        $store = Join-Path $work 'rfq.db'
        $send = @{ VendorPath = (Join-Path $work 'vendors.csv'); StorePath = $store; PickupFolder = (Join-Path $work 'out'); WarningAction = 'SilentlyContinue' }

        Send-Rfq -Rfq $rfq @send -MaxMessages 2 | Out-Null
        $results = Send-Rfq -Rfq $again @send -ErrorAction Stop

        @($results | Where-Object Action -eq 'Sent').Count | Should -Be ((Get-RfqVendor -Path (Join-Path $work 'vendors.csv')).Count - 2)
        (Get-RfqDelivery -RfqNumber RFQ-2026-114 -StorePath $store | Where-Object RfqVersion -ne 1) | Should -BeNullOrEmpty -Because 'the rebuilt RFQ is the same version'
    }
}

Describe 'Recipients refused among several' {
    # The test Postfix's plain sink (127.0.0.1:2526) refuses refused@refused.example with 550 and
    # later@deferred.example with 452, and takes every other recipient.
    BeforeAll {
        $sinkUp = $false
        $client = [System.Net.Sockets.TcpClient]::new()
        try { $sinkUp = $client.ConnectAsync('127.0.0.1', 2526).Wait(1000) -and $client.Connected } catch { } finally { $client.Dispose() }
    }

    It 'warns and writes a RecipientRefused error for a Cc refused for good, and keeps a Cc refused for now due' {
        if (-not $sinkUp -and $env:CI -ne 'true') { Set-ItResult -Skipped -Because 'the test Postfix (tests/ci/install-test-services.sh) does not listen on 127.0.0.1:2526'; return }
        $work = New-Work 'refused'
        $store = Join-Path $work 'rfq.db'
        $vendors = @(
            [pscustomobject]@{ VendorId = 'R1'; Company = 'Refused Cc GmbH'; Contact = 'Rita'; Email = 'sales@r1.example'; Country = 'DE'; Cc = 'refused@refused.example' }
            [pscustomobject]@{ VendorId = 'R2'; Company = 'Deferred Cc AG'; Contact = 'Dora'; Email = 'sales@r2.example'; Country = 'DE'; Cc = 'later@deferred.example' }
            [pscustomobject]@{ VendorId = 'R3'; Company = 'All Fine Ltd'; Contact = 'Finn'; Email = 'sales@r3.example'; Country = 'DE'; Cc = 'buyer@r3.example' }
        )

        $results = $vendors | Send-Rfq -RfqPath (Join-Path $work 'rfq.yaml') -StorePath $store -SmtpServer 127.0.0.1 -Port 2526 -TlsMode None `
            -ErrorAction SilentlyContinue -ErrorVariable problems -WarningAction SilentlyContinue -WarningVariable warnings

        $byKey = @{}; $results | ForEach-Object { $byKey[$_.VendorKey] = $_ }
        $byKey.R1.Action | Should -Be 'PartlySent'
        $byKey.R1.State | Should -Be 'Sent'
        $byKey.R1.RefusedRecipients | Should -BeLike 'refused@refused.example: 550*'
        $byKey.R2.Action | Should -Be 'PartlySent'
        $byKey.R2.State | Should -Be 'Deferred'
        $byKey.R2.PendingRecipients | Should -BeLike 'later@deferred.example: 452*'
        $byKey.R3.Action | Should -Be 'Sent'

        $refusedErrors = @($problems | Where-Object { $_.FullyQualifiedErrorId -like 'RecipientRefused,*' })
        $refusedErrors.Count | Should -Be 1
        $refusedErrors[0].TargetObject.VendorKey | Should -Be 'R1'
        "$($refusedErrors[0])" | Should -BeLike '*refused@refused.example*'
        @($warnings | Where-Object { "$_" -like '*R1*refused@refused.example*' }).Count | Should -Be 1
        @($warnings | Where-Object { "$_" -like '*R2*later@deferred.example*stays Deferred*' }).Count | Should -Be 1

        $deferred = Get-RfqDelivery -RfqNumber RFQ-2026-114 -StorePath $store -VendorKey R2
        $deferred.State | Should -Be 'Deferred'
        $deferred.PendingRecipients | Should -Be @('later@deferred.example')
        (Get-RfqDelivery -RfqNumber RFQ-2026-114 -StorePath $store -VendorKey R1).State | Should -Be 'Sent'
    }

    It 'stops at the refused recipient with -ErrorAction Stop' {
        if (-not $sinkUp -and $env:CI -ne 'true') { Set-ItResult -Skipped -Because 'the test Postfix does not listen on 127.0.0.1:2526'; return }
        $work = New-Work 'refused-stop'
        $vendors = @(
            [pscustomobject]@{ VendorId = 'S1'; Company = 'Refused Cc GmbH'; Contact = 'Rita'; Email = 'sales@s1.example'; Country = 'DE'; Cc = 'refused@refused.example' }
            [pscustomobject]@{ VendorId = 'S2'; Company = 'All Fine Ltd'; Contact = 'Finn'; Email = 'sales@s2.example'; Country = 'DE' }
        )
        $caught = $null
        try {
            $null = $vendors | Send-Rfq -RfqPath (Join-Path $work 'rfq.yaml') -StorePath (Join-Path $work 'rfq.db') -SmtpServer 127.0.0.1 -Port 2526 -TlsMode None -BatchSize 1 -ErrorAction Stop -WarningAction SilentlyContinue
        }
        catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -Be 'RecipientRefused,RfqSender.PowerShell.Commands.SendRfqCommand'
        # Nothing after the first refusal is sent: S2 (the next batch) was never even registered.
        Get-RfqDelivery -RfqNumber RFQ-2026-114 -StorePath (Join-Path $work 'rfq.db') -VendorKey S2 -ErrorAction SilentlyContinue |
            Where-Object State -EQ 'Sent' | Should -BeNullOrEmpty
    }
}

Describe 'Stopped with Ctrl+C' {
    It 'says what the run did and left, including pipeline input never registered' {
        if ($IsWindows) { Set-ItResult -Skipped -Because 'SIGINT is sent with kill(1), on Linux and macOS'; return }
        $work = New-Work 'ctrl-c'
        $script = Join-Path $work 'run.ps1'
        Set-Content -LiteralPath $script -Encoding utf8 -Value @"
Import-Module '$manifest'
Set-Location -LiteralPath '$work'
Import-Csv ./vendors.csv -Encoding utf8 | Send-Rfq -RfqPath ./rfq.yaml -StorePath ./rfq.db -PickupFolder ./outbox -DelayMs 200 -BatchSize 5 | Out-Null
"@
        $exe = [Environment]::ProcessPath
        $start = [System.Diagnostics.ProcessStartInfo]::new($exe)
        # Under 'dotnet tool run' this pwsh is dotnet running pwsh.dll.
        if ([System.IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { $start.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
        foreach ($argument in '-NoProfile', '-NonInteractive', '-File', $script) { $start.ArgumentList.Add($argument) }
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $start.Environment['RFQSENDER_HOME'] = Join-Path $work 'home'
        $child = [System.Diagnostics.Process]::Start($start)
        $output = $child.StandardOutput.ReadToEndAsync()
        $errors = $child.StandardError.ReadToEndAsync()
        $outbox = Join-Path $work 'outbox'
        $deadline = (Get-Date).AddSeconds(30)
        while ((Get-Date) -lt $deadline -and @(Get-ChildItem -LiteralPath $outbox -Filter *.eml -ErrorAction SilentlyContinue).Count -lt 6) { Start-Sleep -Milliseconds 100 }
        & kill -s INT $child.Id
        $child.WaitForExit(30000) | Should -BeTrue
        $said = $output.Result + $errors.Result

        $said | Should -Match 'RFQ-2026-114 stopped: \d+ Sent in this run\.'
        $said | Should -Match 'vendor\(s\) received from the pipeline were not registered yet'
        $said | Should -Match 'Resume-Rfq -RfqNumber RFQ-2026-114'
        $sent = @(Get-ChildItem -LiteralPath $outbox -Filter *.eml).Count
        $sent | Should -BeLessThan 40
        $summary = Get-RfqDelivery -RfqNumber RFQ-2026-114 -StorePath (Join-Path $work 'rfq.db') -Summary -WarningAction SilentlyContinue |
            Where-Object Category -EQ '(all)'
        $summary.InputComplete | Should -BeFalse
        $summary.Sent | Should -Be $sent
    }
}

Describe 'Habits from other tools' {
    It 'takes -TlsMode by the names of MailKit-based tools, and refuses an unknown one listing the names' {
        (Get-Command Send-Rfq).Parameters['TlsMode'].ParameterType.Name | Should -Be 'SmtpTlsMode'
        $work = New-Work 'tls-names'
        $caught = $null
        try { Send-Rfq -RfqPath (Join-Path $work 'rfq.yaml') -VendorPath (Join-Path $work 'vendors.csv') -StorePath (Join-Path $work 'rfq.db') -SmtpServer 127.0.0.1 -TlsMode Ssl3 -ErrorAction Stop } catch { $caught = $_ }
        "$caught" | Should -BeLike '*StartTls, StartTlsWhenAvailable, SslOnConnect*'
        Test-Path -LiteralPath (Join-Path $work 'rfq.db') | Should -BeFalse
    }

    It '-UseSsl requires TLS: a plain-only server is refused before anything is sent' {
        $client = [System.Net.Sockets.TcpClient]::new()
        $up = try { $client.ConnectAsync('127.0.0.1', 2526).Wait(1000) -and $client.Connected } catch { $false } finally { $client.Dispose() }
        if (-not $up -and $env:CI -ne 'true') { Set-ItResult -Skipped -Because 'the test Postfix does not listen on 127.0.0.1:2526'; return }
        $work = New-Work 'use-ssl'
        $store = Join-Path $work 'rfq.db'
        $caught = $null
        try { Send-Rfq -RfqPath (Join-Path $work 'rfq.yaml') -VendorPath (Join-Path $work 'vendors.csv') -StorePath $store -SmtpServer 127.0.0.1 -Port 2526 -UseSsl -ErrorAction Stop } catch { $caught = $_ }
        "$caught" | Should -BeLike '*does not offer STARTTLS*'
        Get-RfqDelivery -RfqNumber RFQ-2026-114 -StorePath $store | Where-Object State -NE 'Queued' | Should -BeNullOrEmpty

        # StartTls is Required under another name: the same refusal.
        $caught = $null
        try { Send-Rfq -RfqPath (Join-Path $work 'rfq.yaml') -VendorPath (Join-Path $work 'vendors.csv') -StorePath $store -SmtpServer 127.0.0.1 -Port 2526 -TlsMode StartTls -ErrorAction Stop } catch { $caught = $_ }
        "$caught" | Should -BeLike '*does not offer STARTTLS*'
    }
}

Describe 'Vendor files in another encoding or with another delimiter' {
    It 'Get-RfqVendor -Encoding reads the file as told, where detection would guess otherwise' {
        $work = New-Work 'encoding'
        $file = Join-Path $work 'latin.csv'
        # Windows-1252 bytes that happen to be valid UTF-8: detection reads "Müller", the file means "MÃ¼ller".
        [System.IO.File]::WriteAllBytes($file, [byte[]](0x4E, 0x61, 0x6D, 0x65, 0x2C, 0x45, 0x6D, 0x61, 0x69, 0x6C, 0x0D, 0x0A, 0x4D, 0xC3, 0xBC, 0x6C, 0x6C, 0x65, 0x72, 0x2C, 0x6D, 0x40, 0x6D, 0x2E, 0x65, 0x78, 0x61, 0x6D, 0x70, 0x6C, 0x65, 0x0D, 0x0A))
        (Get-RfqVendor -Path $file).Name | Should -Be 'Müller'
        (Get-RfqVendor -Path $file -Encoding windows-1252).Name | Should -Be ('M' + [char]0xC3 + [char]0xBC + 'ller')
        { Get-RfqVendor -Path $file -Encoding klingon -ErrorAction Stop } | Should -Throw -ErrorId 'SettingsInvalid*'
    }

    It 'Send-Rfq -VendorPath -Delimiter reads a pipe-separated file the header line alone would not reveal' {
        $work = New-Work 'delimiter'
        $file = Join-Path $work 'pipes.csv'
        Set-Content -LiteralPath $file -Encoding utf8 -Value 'VendorId|Name|Email|Country', 'P1|Pipe Co|sales@pipe.example|DE'
        $results = Send-Rfq -RfqPath (Join-Path $work 'rfq.yaml') -VendorPath $file -Delimiter '|' -StorePath (Join-Path $work 'rfq.db') -PickupFolder (Join-Path $work 'out')
        $results.VendorKey | Should -Be 'P1'
        $results.Action | Should -Be 'Sent'
        { Send-Rfq -RfqPath (Join-Path $work 'rfq.yaml') -VendorPath $file -Delimiter 'ab' -StorePath (Join-Path $work 'rfq2.db') -ErrorAction Stop } | Should -Throw -ErrorId 'SettingsInvalid*'
    }
}

Describe 'Archive copies and another sender for a run' {
    It 'Send-Rfq -Cc adds a visible archive copy and -From another sender; -Bcc is refused by the pickup folder' {
        $work = New-Work 'archive'
        $outbox = Join-Path $work 'out'
        $vendors = @([pscustomobject]@{ VendorId = 'A1'; Company = 'Archive Test GmbH'; Contact = 'Ada'; Email = 'ada@a1.example'; Country = 'DE' })
        $result = $vendors | Send-Rfq -RfqPath (Join-Path $work 'rfq.yaml') -StorePath (Join-Path $work 'rfq.db') -PickupFolder $outbox -Cc 'archive@contoso.example' -From 'Plant 2 <plant2@contoso.example>'
        $result.Action | Should -Be 'Sent'
        $eml = Get-Content -Raw -LiteralPath (Get-ChildItem -LiteralPath $outbox -Filter *.eml | Select-Object -First 1).FullName
        $eml | Should -Match '(?m)^Cc: archive@contoso\.example'
        $eml | Should -Match '(?m)^From: Plant 2 <plant2@contoso\.example>'

        $caught = $null
        $more = @([pscustomobject]@{ VendorId = 'A2'; Company = 'Hidden Copy AG'; Email = 'bea@a2.example'; Country = 'DE' })
        try { $null = $more | Send-Rfq -RfqPath (Join-Path $work 'rfq.yaml') -StorePath (Join-Path $work 'rfq2.db') -PickupFolder (Join-Path $work 'out2') -Bcc 'hidden@contoso.example' -ErrorAction Stop } catch { $caught = $_ }
        "$caught" | Should -BeLike '*cannot carry Bcc recipients*'
        Test-Path -LiteralPath (Join-Path $work 'out2') | Should -BeFalse
        { Send-Rfq -RfqPath (Join-Path $work 'rfq.yaml') -VendorPath (Join-Path $work 'vendors.csv') -StorePath (Join-Path $work 'rfq3.db') -Cc 'not an address' -ErrorAction Stop } | Should -Throw -ErrorId 'SettingsInvalid*'
    }
}

Describe 'Files per vendor' {
    It 'Send-Rfq -VendorAttachmentField attaches the files a vendor column names to that vendor only' {
        $work = New-Work 'vendor-files'
        Set-Content -LiteralPath (Join-Path $work 'v1-drawing.txt') -Value 'drawing of V1'
        $vendors = @(
            [pscustomobject]@{ VendorId = 'F1'; Company = 'File One GmbH'; Email = 'one@f1.example'; Country = 'DE'; Files = (Join-Path $work 'v1-drawing.txt') }
            [pscustomobject]@{ VendorId = 'F2'; Company = 'File Two AG'; Email = 'two@f2.example'; Country = 'DE'; Files = '' }
        )
        $outbox = Join-Path $work 'out'
        $results = $vendors | Send-Rfq -RfqPath (Join-Path $work 'rfq.yaml') -StorePath (Join-Path $work 'rfq.db') -PickupFolder $outbox -VendorAttachmentField Files
        $results.Action | Should -Be @('Sent', 'Sent')
        (Get-Content -Raw -LiteralPath (Get-ChildItem $outbox -Filter '*F1*').FullName) | Should -Match 'v1-drawing\.txt'
        (Get-Content -Raw -LiteralPath (Get-ChildItem $outbox -Filter '*F2*').FullName) | Should -Not -Match 'v1-drawing\.txt'

        $missing = @([pscustomobject]@{ VendorId = 'F3'; Company = 'File Three SA'; Email = 'three@f3.example'; Country = 'FR'; Files = (Join-Path $work 'nope.pdf') })
        { $missing | Send-Rfq -RfqPath (Join-Path $work 'rfq.yaml') -StorePath (Join-Path $work 'rfq.db') -PickupFolder $outbox -VendorAttachmentField Files -ErrorAction Stop } |
            Should -Throw -ErrorId 'TemplateInvalid*'
        @(Get-ChildItem $outbox -Filter '*F3*').Count | Should -Be 0
    }
}

Describe 'Test sends and the run options' {
    It 'a test send shows the vendor''s own files and the run''s sender, and refuses archive copies' {
        $work = New-Work 'test-send-options'
        Set-Content -LiteralPath (Join-Path $work 't1-drawing.txt') -Value 'drawing of T1'
        $vendors = @([pscustomobject]@{ VendorId = 'T1'; Company = 'Test One GmbH'; Email = 'one@t1.example'; Country = 'DE'; Files = (Join-Path $work 't1-drawing.txt') })
        $outbox = Join-Path $work 'out'
        $null = $vendors | Send-Rfq -RfqPath (Join-Path $work 'rfq.yaml') -PickupFolder $outbox -TestRecipient 'me@contoso.example' -VendorAttachmentField Files -From 'Plant 2 <plant2@contoso.example>'
        $eml = Get-Content -Raw -LiteralPath (Get-ChildItem -LiteralPath $outbox -Filter *.eml | Select-Object -First 1).FullName
        $eml | Should -Match 't1-drawing\.txt'
        $eml | Should -Match '(?m)^From: Plant 2 <plant2@contoso\.example>'
        { $vendors | Send-Rfq -RfqPath (Join-Path $work 'rfq.yaml') -PickupFolder $outbox -TestRecipient 'me@contoso.example' -Cc 'archive@contoso.example' -ErrorAction Stop } |
            Should -Throw -ErrorId 'TestParameterConflict*'
    }
}

Describe 'Previews with the run options' {
    It 'Get-RfqMessage shows the message as Send-Rfq with -From, -Cc, -Bcc and -VendorAttachmentField would send it' {
        $work = New-Work 'preview-options'
        Set-Content -LiteralPath (Join-Path $work 'p1-drawing.txt') -Value 'drawing of P1'
        $vendors = @([pscustomobject]@{ VendorId = 'P1'; Company = 'Preview One GmbH'; Email = 'one@p1.example'; Country = 'DE'; Files = (Join-Path $work 'p1-drawing.txt') })
        $message = $vendors | Get-RfqMessage -RfqPath (Join-Path $work 'rfq.yaml') -From 'Plant 2 <plant2@contoso.example>' -Cc 'archive@contoso.example' -Bcc 'hidden@contoso.example' -VendorAttachmentField Files -Path (Join-Path $work 'p1.eml')
        $message.From | Should -BeLike '*plant2@contoso.example*'
        $message.Cc | Should -BeLike '*archive@contoso.example*'
        $message.Bcc | Should -Be 'hidden@contoso.example'
        $message.Attachments.FileName | Should -Contain 'p1-drawing.txt'
        $eml = Get-Content -Raw -LiteralPath (Join-Path $work 'p1.eml')
        $eml | Should -Not -Match 'hidden@contoso\.example'
        $eml | Should -Match '(?m)^Cc: archive@contoso\.example'
    }
}
