#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The scripts of examples/ run end to end as their help says, through the pickup folder, in temp folders, with
# RFQSENDER_HOME redirected and the module installed on PSModulePath (the scripts import it by name).
# Not run here: Register-RfqScheduledTask.ps1 (Windows Task Scheduler, #Requires -Modules ScheduledTasks; its
# arguments are checked against Send-RfqFromCsv.ps1) and Send-RfqRunbook.ps1 with a storage account (Az); the
# runbook's Graph send runs against a fake identity endpoint and Graph on 127.0.0.1.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-Module $manifest -Force

    $savedEnvironment = Clear-RfqSenderEnvironment
    $savedModulePath = $env:PSModulePath
    $env:PSModulePath = (Split-Path -Parent (Split-Path -Parent $manifest)) + [IO.Path]::PathSeparator + $env:PSModulePath

    $vendors = @(Get-RfqVendor -Path $vendorPath)

    # A folder of its own for each test: the example files, RFQSENDER_HOME inside it, and the location there.
    function Enter-Work {
        $path = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $path
        foreach ($name in 'rfq.yaml', 'vendors.csv', 'rfq-body.html', 'specs') {
            Copy-Item -LiteralPath (Join-Path $examples $name) -Destination $path -Recurse
        }
        $env:RFQSENDER_HOME = Join-Path $path 'home'
        Push-Location -LiteralPath $path
        $path
    }
}

AfterAll {
    $env:PSModulePath = $savedModulePath
    Restore-RfqSenderEnvironment $savedEnvironment
    Remove-Module RfqSender -ErrorAction SilentlyContinue
}

Describe 'Example scripts' {
    AfterEach {
        if ($env:RFQSENDER_HOME) {
            Pop-Location
            Remove-Item -LiteralPath Env:RFQSENDER_HOME
        }
    }

    Describe 'Send-ExampleRfq.ps1' {
        It 'validates, previews, sends every vendor once, re-runs without mailing anyone twice, and writes the report' {
            $work = Enter-Work
            $output = Join-Path $work 'demo'
            $printed = & (Join-Path $examples 'Send-ExampleRfq.ps1') -OutputFolder $output 6>&1 | Out-String
            $printed | Should -BeLike "*RFQ-2026-114: $($vendors.Count) vendors in*"
            $printed | Should -BeLike '*Second run: 0 sent, * already done*'
            $printed | Should -BeLike "*Second run: 0 sent, $($vendors.Count) already done*"
            Get-EmlCount (Join-Path $output 'outbox') | Should -Be $vendors.Count
            $report = @(Import-Csv -LiteralPath (Join-Path $output 'results.csv'))
            $report.Count | Should -Be $vendors.Count
            $report | ForEach-Object { $_.State | Should -Be 'Sent' }
            ($report | Where-Object VendorKey -EQ 'V001').VendorName | Should -Be 'Müller Kabelwerke GmbH'
            ($report | Where-Object VendorKey -EQ 'V001').Cc | Should -Be 'einkauf-kopie@müller-kabel.example'
            Get-Content -Raw -LiteralPath (Join-Path $output 'results.csv') | Should -Not -Match 'RfqSender\.Engine\.|System\.'

            # The whole script again: nothing new is sent.
            $null = & (Join-Path $examples 'Send-ExampleRfq.ps1') -OutputFolder $output 6>&1
            Get-EmlCount (Join-Path $output 'outbox') | Should -Be $vendors.Count
            Test-Path -LiteralPath (Join-Path $work 'home') | Should -BeFalse -Because 'the example keeps everything in -OutputFolder'
        }
    }

    Describe 'Send-RfqFromCsv.ps1' {
        BeforeAll { $script = Join-Path $examples 'Send-RfqFromCsv.ps1' }

        It '-WhatIf sends nothing and writes no result file (its first example)' {
            $work = Enter-Work
            $null = & $script -RfqPath ./rfq.yaml -VendorPath ./vendors.csv -WhatIf
            $LASTEXITCODE | Should -Be 0
            @(Get-ChildItem -LiteralPath $work -Filter '*.csv').Name | Should -Be @('vendors.csv')
            Test-Path -LiteralPath (Join-Path $work 'home') | Should -BeFalse
        }

        It 'sends every vendor, writes one result row per vendor, exits 0, and a re-run mails nobody twice (its second example)' {
            $work = Enter-Work
            $printed = & $script -RfqPath ./rfq.yaml -VendorPath ./vendors.csv -ResultPath ./results.csv -StorePath ./rfqsender.db | Out-String
            $LASTEXITCODE | Should -Be 0 -Because $printed
            $printed | Should -Match "Sent\s+$($vendors.Count)"
            Get-EmlCount (Join-Path $work 'home/outbox') | Should -Be $vendors.Count
            $results = @(Import-Csv -LiteralPath ./results.csv)
            $results.Count | Should -Be $vendors.Count
            $results | ForEach-Object { $_.Action | Should -Be 'Sent' }
            ($results | Where-Object VendorKey -EQ 'V001').Vendor | Should -Be 'Müller Kabelwerke GmbH'
            Get-Content -Raw -LiteralPath ./results.csv | Should -Not -Match 'RfqSender\.Engine\.|System\.'

            $printed = & $script -RfqPath ./rfq.yaml -VendorPath ./vendors.csv -ResultPath ./results.csv -StorePath ./rfqsender.db | Out-String
            $LASTEXITCODE | Should -Be 0
            $printed | Should -Match "AlreadyDone\s+$($vendors.Count)"
            Get-EmlCount (Join-Path $work 'home/outbox') | Should -Be $vendors.Count
        }

        It 'reads a semicolon-separated Windows-1252 export, sends only the categories asked for, with the names intact (its third example)' {
            $work = Enter-Work
            # What Excel saves as "CSV (semicolon)" on a German Windows: Windows-1252, ';'.
            $rows = Import-Csv -LiteralPath $vendorPath | Where-Object { ($_.Company + $_.Contact + $_.Email + $_.Cc) -notmatch '[^\u0000-\u00ff]' }
            $rows | Export-Csv -LiteralPath (Join-Path $work 'export.csv') -Delimiter ';' -Encoding 1252 -NoTypeInformation
            $expected = @(Get-RfqVendor -Path ./export.csv -Category Cables, Electrical)
            $expected.Count | Should -BeGreaterThan 3
            ($expected.Name -match '[äöüßéÅØ]').Count | Should -BeGreaterThan 0 -Because 'the test needs names outside ASCII'

            $printed = & $script -RfqPath .\rfq.yaml -VendorPath .\export.csv -Category Cables, Electrical -MaxMessages 200 -StorePath ./rfqsender.db -ResultPath ./results.csv 2>&1 | Out-String
            $LASTEXITCODE | Should -Be 0 -Because $printed
            $results = @(Import-Csv -LiteralPath ./results.csv)
            @($results | Sort-Object VendorKey | ForEach-Object { "$($_.VendorKey)=$($_.Vendor)" }) |
                Should -Be @($expected | Sort-Object Key | ForEach-Object { "$($_.Key)=$($_.Name)" })
            Get-EmlCount (Join-Path $work 'home/outbox') | Should -Be $expected.Count
        }

        It 'names a new result file after the RFQ file beside the vendor file when no -ResultPath is given' {
            $work = Enter-Work
            $null = & $script -RfqPath ./rfq.yaml -VendorPath ./vendors.csv -MaxMessages 2
            $LASTEXITCODE | Should -Be 4 -Because 'a capped run leaves the campaign unfinished'
            $file = @(Get-ChildItem -LiteralPath $work -Filter 'rfq-results-*.csv')
            $file.Count | Should -Be 1
            $file[0].Name | Should -Match '^rfq-results-\d{8}-\d{6}\.csv$'
            $results = @(Import-Csv -LiteralPath $file[0].FullName)
            @($results | Where-Object Action -EQ 'Sent').Count | Should -Be 2
            @($results | Where-Object Action -EQ 'NotSent').Count | Should -Be ($vendors.Count - 2)
        }

        It 'exits 1 and sends nothing after an invalid row, with every result of the run in the result file' {
            $work = Enter-Work
            $lines = @(Get-Content -LiteralPath ./vendors.csv -Encoding utf8)
            $lines[4] = $lines[4] -replace 'salg@odegaard\.example\.com', 'not-an-address'
            Set-Content -LiteralPath ./bad.csv -Value $lines -Encoding utf8
            $printed = & $script -RfqPath ./rfq.yaml -VendorPath ./bad.csv -ResultPath ./results.csv -StorePath ./rfqsender.db 2>&1 | Out-String
            $LASTEXITCODE | Should -Be 1
            $printed | Should -BeLike '*The send stopped*'
            $printed | Should -BeLike '*not-an-address*'
            $sent = Get-EmlCount (Join-Path $work 'home/outbox')
            $sent | Should -BeLessThan 4
            if ($sent -gt 0) { @(Import-Csv -LiteralPath ./results.csv | Where-Object Action -EQ 'Sent').Count | Should -Be $sent }
        }
    }

    Describe 'Send-RfqRunbook.ps1' {
        BeforeAll { $runbook = Join-Path $examples 'Send-RfqRunbook.ps1' }

        It 'refuses to run without a store that outlives the job, and leaves no temp folder behind' {
            $work = Enter-Work
            $temp = Join-Path $work 'tmp'
            $null = New-Item -ItemType Directory -Path $temp
            $savedTemp = $env:TMPDIR
            $env:TMPDIR = $temp
            try {
                { & $runbook -RfqPath ./rfq.yaml -VendorPath ./vendors.csv } | Should -Throw -ExpectedMessage '*Name a store that outlives this job*'
                { & $runbook -RfqPath ./rfq.yaml -VendorPath ./vendors.csv -StoreContainer rfq-stores } | Should -Throw -ExpectedMessage '*-StorageAccountName*'
            }
            finally {
                $env:TMPDIR = $savedTemp
            }
            Get-EmlCount (Join-Path $work 'home/outbox') | Should -Be 0
            @(Get-ChildItem -LiteralPath $temp -Force).Name | Should -BeNullOrEmpty -Because 'the runbook removes its work folder however it ends'
        }

        It 'sends in portions through Microsoft Graph as the managed identity, saving nothing outside -StorePath (a fake Graph and identity endpoint on 127.0.0.1)' {
            $work = Enter-Work
            # A Hybrid Runbook Worker's view: the identity endpoint of App Service / Automation (IDENTITY_ENDPOINT,
            # IDENTITY_HEADER) and Graph, both served by a small fake on loopback that records what it was sent.
            $requests = Join-Path $work 'requests'
            $null = New-Item -ItemType Directory -Path $requests
            $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
            $probe.Start(); $port = $probe.LocalEndpoint.Port; $probe.Stop()
            $listener = [System.Net.HttpListener]::new()
            $listener.Prefixes.Add("http://127.0.0.1:$port/")
            $listener.Start()
            $fake = [powershell]::Create().AddScript({
                    param($listener, $requests)
                    $n = 0
                    while ($listener.IsListening) {
                        try { $context = $listener.GetContext() } catch { break }
                        $n++
                        $request = $context.Request
                        $body = [System.IO.StreamReader]::new($request.InputStream).ReadToEnd()
                        $name = '{0:d3} {1} {2}' -f $n, $request.HttpMethod, ($request.Url.AbsolutePath -replace '[^A-Za-z0-9.@%-]', '_')
                        Set-Content -LiteralPath (Join-Path $requests "$name.txt") -Value $body
                        $response = $context.Response
                        if ($request.Url.AbsolutePath -eq '/msi/token' -and $request.Headers['X-IDENTITY-HEADER'] -eq 'fake-identity-header') {
                            $json = @{ access_token = 'fake-token'; expires_on = "$([DateTimeOffset]::UtcNow.AddHours(1).ToUnixTimeSeconds())"; resource = $request.QueryString['resource']; token_type = 'Bearer' } | ConvertTo-Json
                            $bytes = [System.Text.Encoding]::UTF8.GetBytes($json)
                            $response.ContentType = 'application/json'
                            $response.StatusCode = 200
                            $response.OutputStream.Write($bytes, 0, $bytes.Length)
                        }
                        elseif ($request.HttpMethod -eq 'POST' -and $request.Url.AbsolutePath -like '/v1.0/users/*/sendMail' -and $request.Headers['Authorization'] -eq 'Bearer fake-token') {
                            $response.StatusCode = 202
                        }
                        else {
                            $response.StatusCode = 404
                        }
                        $response.Close()
                    }
                }).AddArgument($listener).AddArgument($requests)
            $running = $fake.BeginInvoke()
            $saved = @{ TMPDIR = $env:TMPDIR; IDENTITY_ENDPOINT = $env:IDENTITY_ENDPOINT; IDENTITY_HEADER = $env:IDENTITY_HEADER }
            $temp = Join-Path $work 'tmp'
            $null = New-Item -ItemType Directory -Path $temp
            try {
                $env:TMPDIR = $temp
                $env:IDENTITY_ENDPOINT = "http://127.0.0.1:$port/msi/token"
                $env:IDENTITY_HEADER = 'fake-identity-header'
                $env:RFQSENDER_GRAPH_BASE_URL = "http://127.0.0.1:$port"
                # Five vendors keep the run within Exchange Online's 30 a minute; portions of two.
                Get-Content -LiteralPath ./vendors.csv -Encoding utf8 -TotalCount 6 | Set-Content -LiteralPath ./five.csv -Encoding utf8
                $printed = & $runbook -RfqPath ./rfq.yaml -VendorPath ./five.csv -StorePath ./rfqsender.db -Mailbox rfq@contoso.example -ChunkSize 2 | Out-String
            }
            finally {
                foreach ($name in $saved.Keys) { if ($null -eq $saved[$name]) { Remove-Item -LiteralPath "Env:$name" -ErrorAction SilentlyContinue } else { Set-Item -LiteralPath "Env:$name" -Value $saved[$name] } }
                Remove-Item -LiteralPath Env:RFQSENDER_GRAPH_BASE_URL -ErrorAction SilentlyContinue
                $listener.Stop()
                $null = $running.AsyncWaitHandle.WaitOne(5000)
                $fake.Dispose()
                $listener.Close()
            }
            $sendMail = @(Get-ChildItem -LiteralPath $requests -Filter '* POST *sendMail.txt')
            $sendMail.Count | Should -Be 5 -Because "the fake saw: $((Get-ChildItem -LiteralPath $requests).Name -join ', ')`n$printed"
            $sendMail.Name | ForEach-Object { $_ | Should -BeLike '*users_rfq*contoso.example_sendMail.txt' }
            $printed | Should -Match 'Sent\s+5'
            @(Get-RfqDelivery -RfqNumber RFQ-2026-114 -StorePath ./rfqsender.db -State Sent).Count | Should -Be 5
            Get-EmlCount (Join-Path $work 'home/outbox') | Should -Be 0
            @(Get-ChildItem -LiteralPath $temp -Force) | Should -BeNullOrEmpty -Because 'the runbook removes its work folder'
        }
    }

    Describe 'Register-RfqScheduledTask.ps1' {
        It 'passes the task only parameters that Send-RfqFromCsv.ps1 has' {
            $errors = $null
            $register = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $examples 'Register-RfqScheduledTask.ps1'), [ref] $null, [ref] $errors)
            $errors | Should -BeNullOrEmpty
            $send = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $examples 'Send-RfqFromCsv.ps1'), [ref] $null, [ref] $errors)
            $accepted = @($send.ParamBlock.Parameters.Name.VariablePath.UserPath) + 'WhatIf', 'Confirm', 'Verbose'
            $assignment = $register.Find({ param($node) $node -is [System.Management.Automation.Language.AssignmentStatementAst] -and $node.Left.Extent.Text -eq '$arguments' }, $true)
            $names = @($assignment.FindAll({ param($node) $node -is [System.Management.Automation.Language.StringConstantExpressionAst] -and $node.Value -match '^-[A-Za-z]+$' }, $true).Value)
            $scriptNames = @($names | Select-Object -Skip ([array]::IndexOf($names, '-File') + 1) | ForEach-Object { $_.TrimStart('-') })
            $scriptNames | Should -Not -BeNullOrEmpty
            $scriptNames | ForEach-Object { $accepted | Should -Contain $_ }
            @($send.ParamBlock.Parameters | Where-Object { $_.Attributes.NamedArguments | Where-Object { $_.ArgumentName -eq 'Mandatory' } }).Name.VariablePath.UserPath |
                ForEach-Object { $scriptNames | Should -Contain $_ -Because "Send-RfqFromCsv.ps1 needs -$_" }
        }

        It 'registers a Windows scheduled task' -Skip {
            # #Requires -Modules ScheduledTasks: Windows Task Scheduler is not on this machine.
        }
    }
}
