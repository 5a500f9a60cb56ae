#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Vendors' replies as a buyer reads them: the corpus campaign (RFQ-2026-114 from purchasing@contoso.com to
# the vendors of the reply corpus, so its Message-IDs are those the corpus replies name) sent to a pickup
# folder, then Receive-RfqReply over a folder holding the corpus, Get-RfqReply, Set-RfqReply for an
# unmatched reply, a second read that changes nothing, -WhatIf, and the errors. IMAP is covered by the
# engine tests against Dovecot, Graph by the Graph tests against the fake Graph; here only how the Graph
# parameter set binds (no request leaves the machine).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-Module $manifest -Force

    $savedEnvironment = Clear-RfqSenderEnvironment
    function New-RepliedCampaign { Send-CorpusCampaign (Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))) }

    function Get-State([string] $key) { (Get-RfqDelivery -RfqNumber $oracle.rfqNumber -VendorKey $key).State.ToString() }
}

AfterAll {
    Restore-RfqSenderEnvironment $savedEnvironment
    Remove-Item -LiteralPath Env:RFQSENDER_HOME -ErrorAction SilentlyContinue
    Remove-Module RfqSender -ErrorAction SilentlyContinue
}

Describe 'Receive-RfqReply with the source from the settings' {
    BeforeAll {
        $campaign = New-RepliedCampaign
        Set-Content -LiteralPath (Join-Path $campaign.Home 'rfqsender.yaml') -Value "replies:`n  folder: replies`n"
        $empty = Join-Path $campaign.Home 'empty'
        $null = New-Item -ItemType Directory -Path $empty
    }

    It 'reads the folder that replies: names when no source parameter is given' {
        $read = @(Receive-RfqReply -ErrorAction Stop)
        $read.Count | Should -Be @($oracle.cases).Count
        $read | ForEach-Object { $_.Source | Should -BeLike "*$([IO.Path]::DirectorySeparatorChar)replies" }
        @(Receive-RfqReply -ErrorAction Stop).Count | Should -Be 0
    }

    It 'reads the folder a parameter names instead' {
        @(Receive-RfqReply -Path $empty -ErrorAction Stop).Count | Should -Be 0
        @(Receive-RfqReply -Path $campaign.Replies -ErrorAction Stop).Count | Should -Be 0 -Because 'every message was recorded already'
    }

    It 'says what is missing when IMAP values are given and no server is configured' {
        { Receive-RfqReply -Folder Archive -ErrorAction Stop } | Should -Throw '*needs the server*'
    }
}

Describe 'Receive-RfqReply from a folder' {
    BeforeAll {
        $campaign = New-RepliedCampaign
        $read = @(Receive-RfqReply -Path $campaign.Replies -ErrorAction Stop)
    }

    It 'writes one record per message of the folder' {
        $read.Count | Should -Be @($oracle.cases).Count
        $read | ForEach-Object { $_.GetType().FullName } | Sort-Object -Unique | Should -Be 'RfqSender.Engine.Tracking.InboundRecord'
    }

    It 'matches by Message-ID what the corpus says, sets answered vendors Responded and bounced ones Failed' {
        foreach ($case in $oracle.cases | Where-Object method -eq 'MessageId') {
            $record = $read | Where-Object SourceId -eq $case.file
            $record.VendorKey | Should -Be $case.vendor -Because $case.file
            $record.Kind.ToString() | Should -Be $case.kind -Because $case.file
        }
        Get-State 'V-NW' | Should -Be 'Responded'
        Get-State 'V-BLUE' | Should -Be 'Failed'
        (Get-RfqDelivery -RfqNumber $oracle.rfqNumber -VendorKey V-BLUE).Detail | Should -BeLike 'Bounced 5.1.1 purchasing-desk@blueyonder.example*'
        Get-State 'V-TREY' | Should -Be 'Sent' -Because 'a delayed notice is not final'
        Get-State 'V-GRAPH' | Should -Be 'Sent' -Because 'an out-of-office reply is not an answer'
    }

    It 'keeps the quote files beside the store, per RFQ and vendor' {
        $quote = Get-RfqReply -RfqNumber $oracle.rfqNumber -VendorKey V-TAIL -Kind Reply | Where-Object { $_.Attachments.Count -gt 0 }
        $quote.Attachments[0].FileName | Should -Be 'Quotation-TT-2026-0412.pdf'
        $quote.Attachments[0].SavedPath | Should -BeLike (Join-Path $campaign.Quotes "$($oracle.rfqNumber)/V-TAIL/*/Quotation-TT-2026-0412.pdf")
        $quote.Attachments[0].SavedPath | Should -Exist
        (Get-FileHash -LiteralPath $quote.Attachments[0].SavedPath -Algorithm SHA256).Hash.ToLowerInvariant() | Should -Be $quote.Attachments[0].Sha256
    }

    It 'lists the away date of an out-of-office reply and the unmatched messages' {
        (Get-RfqReply -RfqNumber $oracle.rfqNumber -VendorKey V-GRAPH).AwayUntil | Should -Be ([datetime]'2026-12-14')
        $unmatched = @(Get-RfqReply -Unmatched)
        $unmatched.Count | Should -BeGreaterThan 0
        $unmatched | ForEach-Object { $_.IsUnmatched | Should -BeTrue }
        @(Get-RfqReply -Unmatched -Kind MailingList).Count | Should -Be 1
    }

    It 'assigns an unmatched reply by hand, with who and why, once' {
        $private = Get-RfqReply -Unmatched | Where-Object SourceId -eq '12-private-gmail-no-token.eml'
        $assigned = $private | Set-RfqReply -RfqNumber $oracle.rfqNumber -VendorKey V-VAN -Reason 'The owner writes from his own address' -PassThru -Confirm:$false
        $assigned.VendorKey | Should -Be 'V-VAN'
        $assigned.MatchMethod.ToString() | Should -Be 'Assigned'
        Get-State 'V-VAN' | Should -Be 'Responded'
        (Get-RfqDelivery -RfqNumber $oracle.rfqNumber -VendorKey V-VAN -History).Reason | Should -Be 'The owner writes from his own address'

        $private | Set-RfqReply -RfqNumber $oracle.rfqNumber -VendorKey V-VAN -ErrorVariable again -ErrorAction SilentlyContinue
        $again[0].FullyQualifiedErrorId | Should -BeLike 'ReplyNotAssignable*'
    }

    It 'counts the bounced and the away vendors in the summary' {
        $all = Get-RfqDelivery -RfqNumber $oracle.rfqNumber -Summary | Where-Object Category -eq '(all)'
        $all.Bounced | Should -Be 4
        $all.Failed | Should -Be 4
        $all.Away | Should -BeGreaterThan 0
    }

    It 'reads nothing and changes nothing the second time' {
        $before = Get-RfqDelivery -RfqNumber $oracle.rfqNumber | ForEach-Object { "$($_.VendorKey) $($_.State)" }
        @(Receive-RfqReply -Path $campaign.Replies).Count | Should -Be 0
        Get-RfqDelivery -RfqNumber $oracle.rfqNumber | ForEach-Object { "$($_.VendorKey) $($_.State)" } | Should -Be $before
    }
}

Describe 'Receive-RfqReply -WhatIf and errors' {
    It 'reads nothing under -WhatIf' {
        $campaign = New-RepliedCampaign
        @(Receive-RfqReply -Path $campaign.Replies -WhatIf).Count | Should -Be 0
        @(Get-RfqReply).Count | Should -Be 0
    }

    It 'reports a folder that does not exist and an unknown campaign as errors' {
        $campaign = New-RepliedCampaign
        Receive-RfqReply -Path (Join-Path $campaign.Home 'nowhere') -ErrorVariable missing -ErrorAction SilentlyContinue
        $missing[0].FullyQualifiedErrorId | Should -BeLike 'InputInvalid*'
        $missing[0].Exception.Message | Should -BeLike '*does not exist*'
        Receive-RfqReply -Path $campaign.Replies -RfqNumber RFQ-NOPE -ErrorVariable unknown -ErrorAction SilentlyContinue
        $unknown[0].Exception.Message | Should -BeLike '*RFQ-NOPE*'
        Get-RfqReply -RfqNumber RFQ-NOPE -ErrorVariable notFound -ErrorAction SilentlyContinue
        $notFound[0].FullyQualifiedErrorId | Should -BeLike 'CampaignNotFound*'
        Get-RfqReply -Id 4711 -ErrorVariable noReply -ErrorAction SilentlyContinue
        $noReply[0].FullyQualifiedErrorId | Should -BeLike 'ReplyNotFound*'
    }

    It 'reports an unreadable message and reads the rest' {
        $campaign = New-RepliedCampaign
        Set-Content -LiteralPath (Join-Path $campaign.Replies '00-empty.eml') -Value '' -NoNewline
        $read = @(Receive-RfqReply -Path $campaign.Replies -NoFiles -ErrorVariable unreadable -ErrorAction SilentlyContinue)
        $read.Count | Should -Be @($oracle.cases).Count
        $unreadable[0].FullyQualifiedErrorId | Should -BeLike 'ReplyUnreadable*'
        $unreadable[0].TargetObject | Should -Be '00-empty.eml'
        $campaign.Quotes | Should -Not -Exist
    }
}

Describe 'Receive-RfqReply -Mailbox (Microsoft Graph)' {
    It 'binds the Graph parameter set and reads nothing under -WhatIf' {
        $campaign = New-RepliedCampaign
        $secret = ConvertTo-SecureString 'not-a-real-Secret~42' -AsPlainText -Force
        $command = Get-Command Receive-RfqReply
        $command.ParameterSets.Name | Should -Contain 'Graph'
        ($command.ParameterSets | Where-Object Name -eq 'Graph').Parameters.Where({ $_.Name -eq 'Mailbox' }).IsMandatory | Should -BeTrue
        @(Receive-RfqReply -Mailbox rfq-replies@contoso.example -TenantId contoso.example -ClientId 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d -ClientSecret $secret -MoveTo Processed -WhatIf -ErrorAction Stop).Count | Should -Be 0
        @(Get-RfqReply).Count | Should -Be 0
    }

    It 'reports a sign-in that is not complete as an error, without the secret' {
        $campaign = New-RepliedCampaign
        $secret = ConvertTo-SecureString 'not-a-real-Secret~42' -AsPlainText -Force
        Receive-RfqReply -Mailbox rfq-replies@contoso.example -ClientSecret $secret -ErrorVariable incomplete -ErrorAction SilentlyContinue
        $incomplete.Count | Should -Be 1
        $incomplete[0].FullyQualifiedErrorId | Should -BeLike 'SettingsInvalid*'
        $incomplete[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $incomplete[0].Exception.Message | Should -BeLike '*tenant id is required*'
        "$($incomplete[0]) $($incomplete[0].Exception)" | Should -Not -BeLike '*not-a-real-Secret~42*'
        @(Get-RfqReply).Count | Should -Be 0
    }
}
