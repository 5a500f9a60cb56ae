#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Looking before sending, as users do it: Get-RfqMessage renders a vendor's message (and writes it as the pickup
# folder would), Send-Rfq -TestRecipient mails the tester and leaves the store alone, -Draft writes Outlook
# drafts, and Test-RfqTransport checks the line step by step against the pickup folder and the local Postfix.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-Module $manifest -Force

    $savedEnvironment = Clear-RfqSenderEnvironment
    $postfix = @{}
    foreach ($line in Get-Content -LiteralPath '/tmp/rfqsender-postfix/env' -ErrorAction SilentlyContinue) {
        $name, $value = $line -split '=', 2
        $postfix[$name] = $value
    }

    function New-TestHome {
        $path = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $path
        $env:RFQSENDER_HOME = $path
        [pscustomobject]@{ Home = $path; Store = Join-Path $path 'rfqsender.db'; Outbox = Join-Path $path 'outbox' }
    }

    # The .eml bytes without the Date header, which is the time of writing.
    function Get-EmlWithoutDate([string] $path) { ((Get-Content -Raw -LiteralPath $path) -split "`r`n" | Where-Object { $_ -notmatch '^Date: ' }) -join "`n" }
}

AfterAll {
    Restore-RfqSenderEnvironment $savedEnvironment
    Remove-Item -LiteralPath Env:RFQSENDER_HOME -ErrorAction SilentlyContinue
    Remove-Module RfqSender -ErrorAction SilentlyContinue
}

Describe 'Get-RfqMessage' {
    It 'renders the message of a vendor named by key or by name, with its Message-ID, and opens no store' {
        $paths = New-TestHome
        $byKey = Get-RfqMessage -RfqPath $rfqPath -VendorPath $vendorPath -Vendor V002
        $byName = Get-RfqMessage -RfqPath $rfqPath -VendorPath $vendorPath -Vendor 'nordlicht kabel as'

        $byKey.VendorKey | Should -Be 'V002'
        $byName.VendorKey | Should -Be 'V002'
        $byKey.Subject | Should -Be 'RFQ RFQ-2026-114: Copper cable, 3 lots (reply by 2026-12-15)'
        $byKey.From | Should -Be 'Purchasing <purchasing@contoso.example>'
        $byKey.To | Should -BeLike '*ingrid.solberg@nordlicht-kabel.example*'
        $byKey.ReplyTo | Should -Be 'rfq-replies@contoso.example'
        $byKey.MessageId | Should -Match '^rfq\.[0-9a-f]{16}\.[0-9a-f]{16}@contoso\.example$'
        $byKey.TextBody | Should -BeLike '*Nordlicht Kabel AS is invited to quote*'
        $byKey.Attachments.FileName | Should -Be 'cable-spec.pdf'
        $byKey.Attachments.Size | Should -Be (Get-Item (Join-Path $examples 'specs/cable-spec.pdf')).Length
        $paths.Store | Should -Not -Exist
        $paths.Outbox | Should -Not -Exist
    }

    It 'writes with -Path the file the pickup folder writes for the vendor, with the same Message-ID' {
        $paths = New-TestHome
        $file = Join-Path $TestDrive 'V001-preview.eml'
        $preview = Get-RfqMessage -RfqPath $rfqPath -VendorPath $vendorPath -Vendor V001 -Path $file
        $sent = Get-RfqVendor -Path $vendorPath | Where-Object Key -EQ 'V001' | Send-Rfq -RfqPath $rfqPath

        $preview.Path | Should -Be $file
        $preview.Size | Should -Be (Get-Item -LiteralPath $file).Length
        $sent.MessageId | Should -Be $preview.MessageId
        Get-EmlWithoutDate $file | Should -BeExactly (Get-EmlWithoutDate $sent.Detail)
    }

    It 'renders each vendor from the pipeline, and writes one file per vendor into a folder' {
        $null = New-TestHome
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'previews')
        $rows = Import-Csv -LiteralPath $vendorPath | Select-Object -First 3

        $messages = @($rows | Get-RfqMessage -Rfq (Import-Rfq -Path $rfqPath) -Path $folder.FullName)

        $messages.Count | Should -Be 3
        @(Get-ChildItem -LiteralPath $folder.FullName -Filter '*.eml').Count | Should -Be 3
        $messages | ForEach-Object { Test-Path -LiteralPath $_.Path | Should -BeTrue }
    }

    It 'reports a vendor it cannot find as VendorNotFound and still renders the others' {
        $null = New-TestHome
        $messages = @(Get-RfqMessage -RfqPath $rfqPath -VendorPath $vendorPath -Vendor V001, 'No Such Vendor' -ErrorAction SilentlyContinue -ErrorVariable problems)

        $messages.VendorKey | Should -Be 'V001'
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'VendorNotFound,*'
        $problems[0].TargetObject | Should -Be 'No Such Vendor'
    }

    It 'refuses a file path for several messages, and no vendors at all, with clear errors' {
        $null = New-TestHome
        { Get-RfqMessage -RfqPath $rfqPath -VendorPath $vendorPath -Path (Join-Path $TestDrive 'one.eml') -ErrorAction Stop } |
            Should -Throw -ErrorId 'PathNotAFolder,RfqSender.PowerShell.Commands.GetRfqMessageCommand'
        Join-Path $TestDrive 'one.eml' | Should -Not -Exist
        { Get-RfqMessage -RfqPath $rfqPath -ErrorAction Stop } | Should -Throw -ErrorId 'VendorMissing,RfqSender.PowerShell.Commands.GetRfqMessageCommand'
    }
}

Describe 'Send-Rfq -TestRecipient' {
    It 'sends the first vendor''s real message to the tester, marked as a test, and creates no store' {
        $paths = New-TestHome
        $outbox = Join-Path $TestDrive 'test-outbox'
        $results = @(Send-Rfq -RfqPath $rfqPath -VendorPath $vendorPath -TestRecipient 'me@contoso.example' -PickupFolder $outbox)

        $results.Count | Should -Be 1
        $results[0].PSObject.TypeNames | Should -Contain 'RfqSender.Engine.Sending.TestSendResult'
        $results[0].Sent | Should -BeTrue
        $results[0].VendorKey | Should -Be 'V001'
        $results[0].SentTo | Should -Be 'me@contoso.example'
        $results[0].Subject | Should -BeLike '`[TEST`] RFQ RFQ-2026-114*'
        $file = Get-ChildItem -LiteralPath $outbox -Filter '*.eml'
        $file.Name | Should -BeLike '`[TEST`] RFQ-2026-114 - *V001`].eml'
        $text = Get-Content -Raw -LiteralPath $file.FullName
        $text | Should -Match "(?m)^X-RfqSender-Test: 1\r?$"
        $text | Should -Match "(?m)^To: me@contoso\.example\r?$"
        $text | Should -Not -Match '(?m)^Cc:'
        $text | Should -Not -Match ([regex]::Escape((Get-RfqMessage -RfqPath $rfqPath -VendorPath $vendorPath -Vendor V001).MessageId))
        $paths.Store | Should -Not -Exist
    }

    It 'leaves an existing campaign''s store exactly as it was, and the vendor is sent later as if no test had happened' {
        $paths = New-TestHome
        $null = Send-Rfq -RfqPath $rfqPath -VendorPath $vendorPath -MaxMessages 1 -WarningAction SilentlyContinue
        $before = (Get-FileHash -LiteralPath $paths.Store).Hash
        $deliveries = Get-RfqDelivery -RfqNumber RFQ-2026-114 | Select-Object VendorKey, State, Attempts, UpdatedAt | ConvertTo-Json

        $null = Get-RfqVendor -Path $vendorPath | Select-Object -Skip 1 -First 2 | Send-Rfq -RfqPath $rfqPath -TestRecipient 'me@contoso.example' -TestCount 2 -PickupFolder (Join-Path $TestDrive 'tests')

        (Get-FileHash -LiteralPath $paths.Store).Hash | Should -Be $before
        Get-RfqDelivery -RfqNumber RFQ-2026-114 | Select-Object VendorKey, State, Attempts, UpdatedAt | ConvertTo-Json | Should -Be $deliveries
        $next = Get-RfqVendor -Path $vendorPath | Select-Object -Skip 1 -First 1 | Send-Rfq -RfqPath $rfqPath -WarningAction SilentlyContinue
        $next.Action | Should -Be 'Sent'
        $next.Attempts | Should -Be 1
    }

    It 'goes through the configured SMTP transport to the tester' {
        $null = New-TestHome
        $result = Send-Rfq -RfqPath $rfqPath -VendorPath $vendorPath -TestRecipient 'tester@contoso.example' -SmtpServer 127.0.0.1 -Port 2526 -TlsMode None

        $result.Sent | Should -BeTrue
        $result.Detail | Should -Match '^250 '
    }

    It 'refuses store and pacing parameters, and -TestCount alone, instead of ignoring them' {
        $null = New-TestHome
        { Send-Rfq -RfqPath $rfqPath -VendorPath $vendorPath -TestRecipient 'me@contoso.example' -MaxMessages 5 -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*-MaxMessages would not apply*'
        { Send-Rfq -RfqPath $rfqPath -VendorPath $vendorPath -TestCount 2 -ErrorAction Stop } | Should -Throw -ErrorId 'TestRecipientMissing,RfqSender.PowerShell.Commands.SendRfqCommand'
        { Send-Rfq -RfqPath $rfqPath -VendorPath $vendorPath -TestRecipient 'not an address' -ErrorAction Stop } | Should -Throw -ExpectedMessage '*not an e-mail address*'
    }

    It 'sends nothing under -WhatIf' {
        $null = New-TestHome
        $outbox = Join-Path $TestDrive 'whatif-tests'
        $results = Send-Rfq -RfqPath $rfqPath -VendorPath $vendorPath -TestRecipient 'me@contoso.example' -PickupFolder $outbox -WhatIf

        $results | Should -BeNullOrEmpty
        $outbox | Should -Not -Exist
    }
}

Describe 'Drafts' {
    It 'Send-Rfq -Draft and Resume-Rfq -Draft write X-Unsent: 1 into every pickup file' {
        $paths = New-TestHome
        $first = @(Send-Rfq -RfqPath $rfqPath -VendorPath $vendorPath -Draft -MaxMessages 2 -WarningAction SilentlyContinue | Where-Object Action -EQ 'Sent')
        $rest = @(Resume-Rfq -RfqNumber RFQ-2026-114 -Draft -MaxMessages 2 -WarningAction SilentlyContinue)

        $first.Count + $rest.Count | Should -Be 4
        $files = @(Get-ChildItem -LiteralPath $paths.Outbox -Filter '*.eml')
        $files.Count | Should -Be 4
        $files | ForEach-Object { Get-Content -Raw -LiteralPath $_.FullName | Should -Match "(?m)^X-Unsent: 1\r?$" }
    }

    It 'takes pickupDrafts from rfqsender.yaml, and -Draft:$false turns it off' {
        $paths = New-TestHome
        Set-Content -LiteralPath (Join-Path $paths.Home 'rfqsender.yaml') -Value 'pickupDrafts: true'
        $null = Send-Rfq -RfqPath $rfqPath -VendorPath $vendorPath -MaxMessages 1 -WarningAction SilentlyContinue
        $null = Resume-Rfq -RfqNumber RFQ-2026-114 -MaxMessages 1 -Draft:$false -WarningAction SilentlyContinue

        $texts = Get-ChildItem -LiteralPath $paths.Outbox -Filter '*.eml' | Sort-Object LastWriteTime | ForEach-Object { Get-Content -Raw -LiteralPath $_.FullName }
        $texts.Count | Should -Be 2
        $texts[0] | Should -Match '(?m)^X-Unsent: 1'
        $texts[1] | Should -Not -Match 'X-Unsent'
    }

    It 'is refused with another transport' {
        $null = New-TestHome
        { Send-Rfq -RfqPath $rfqPath -VendorPath $vendorPath -Draft -Transport Smtp -SmtpServer 127.0.0.1 -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*Draft (--draft)*'
    }
}

Describe 'Test-RfqTransport' {
    It 'checks the pickup folder: created, writable, left empty' {
        $null = New-TestHome
        $folder = Join-Path $TestDrive 'check-outbox'
        $steps = @(Test-RfqTransport -PickupFolder $folder)

        $steps.Step | Should -Be 'Folder', 'Write'
        $steps.Result | Should -Be 'Passed', 'Passed'
        @(Get-ChildItem -LiteralPath $folder -Force).Count | Should -Be 0
        Test-RfqTransport -PickupFolder $folder -Quiet | Should -BeTrue
    }

    It 'checks STARTTLS and AUTH at the local Postfix with what the server said, and never shows the password' {
        $null = New-TestHome
        $credential = [pscredential]::new($postfix.user, (ConvertTo-SecureString $postfix.password -AsPlainText -Force))
        $steps = @(Test-RfqTransport -SmtpServer 127.0.0.1 -Port 2525 -Credential $credential -TrustedCaCertificatePath $postfix.ca)

        $steps.Step | Should -Be 'Connect', 'Greeting', 'EHLO', 'STARTTLS', 'EHLO after TLS', 'AUTH'
        $steps.Result | Should -Be 'Passed', 'Passed', 'Passed', 'Passed', 'Passed', 'Passed'
        $steps[3].Detail | Should -Match 'Tls1[23]; certificate CN='
        $steps[5].Detail | Should -BeLike "AUTH PLAIN as $($postfix.user)*"
        ($steps | Format-List * | Out-String) | Should -Not -BeLike "*$($postfix.password)*"
    }

    It 'reports a refused password as a failed AUTH step and a TransportCheckFailed error, without the password' {
        $null = New-TestHome
        $wrong = 'Not-The-Passw0rd-42'
        $credential = [pscredential]::new($postfix.user, (ConvertTo-SecureString $wrong -AsPlainText -Force))
        $steps = @(Test-RfqTransport -SmtpServer 127.0.0.1 -Port 2525 -Credential $credential -TrustedCaCertificatePath $postfix.ca -ErrorAction SilentlyContinue -ErrorVariable problems)

        $steps[-1].Step | Should -Be 'AUTH'
        $steps[-1].Result | Should -Be 'Failed'
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'TransportCheckFailed,RfqSender.PowerShell.Commands.TestRfqTransportCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $problems[0].TargetObject.Step | Should -Be 'AUTH'
        (($steps | Format-List * | Out-String) + ($problems | Out-String)) | Should -Not -BeLike "*$wrong*"
    }

    It 'reports a server that cannot be reached: Connect failed, the rest not run; -Quiet is $false; -ErrorAction Stop throws' {
        $null = New-TestHome
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $port = $listener.LocalEndpoint.Port
        $listener.Stop()

        $steps = @(Test-RfqTransport -SmtpServer 127.0.0.1 -Port $port -ErrorAction SilentlyContinue)

        $steps[0].Result | Should -Be 'Failed'
        @($steps | Select-Object -Skip 1 | ForEach-Object Result | Sort-Object -Unique) | Should -Be 'NotRun'
        Test-RfqTransport -SmtpServer 127.0.0.1 -Port $port -Quiet | Should -BeFalse
        { Test-RfqTransport -SmtpServer 127.0.0.1 -Port $port -ErrorAction Stop } | Should -Throw -ErrorId 'TransportCheckFailed,RfqSender.PowerShell.Commands.TestRfqTransportCommand'
    }

    It 'stops with SettingsInvalid when the settings cannot work, trying nothing' {
        $null = New-TestHome
        { Test-RfqTransport -Transport Smtp -ErrorAction Stop } | Should -Throw -ErrorId 'SettingsInvalid,RfqSender.PowerShell.Commands.TestRfqTransportCommand'
    }
}
