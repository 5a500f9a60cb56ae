#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# A PostgreSQL store through the module in a real PowerShell: Send-Rfq, Get-RfqCampaign, Get-RfqDelivery and
# Copy-RfqStore with -StoreConnectionString and -StoreCredential; and a crash round of issue 12 through the
# module: a Send-Rfq worker in a child pwsh and an rfq worker send one campaign, the pwsh one is killed, and
# the campaign is finished. Needs the test PostgreSQL of tests/ci/start-postgresql.sh (skipped without it,
# except under CI=true, where it fails).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-Module $manifest -Force
    $savedEnvironment = Clear-RfqSenderEnvironment

    $envFile = Join-Path ($env:RFQSENDER_POSTGRES_DIR ?? '/tmp/rfqsender-postgres') 'env'
    $script:pg = $null
    if (Test-Path -LiteralPath $envFile) {
        $script:pg = @{}
        foreach ($line in Get-Content -LiteralPath $envFile) { $name, $value = $line -split '=', 2; $pg[$name] = $value }
    }
    $script:schemas = [System.Collections.Generic.List[string]]::new()

    function New-Schema {
        $name = 'p_' + [guid]::NewGuid().ToString('N').Substring(0, 12)
        $env:PGPASSWORD = $pg.owner_password
        & psql -q -v ON_ERROR_STOP=1 -h $pg.host -p $pg.port -U $pg.owner -d $pg.database -c "CREATE SCHEMA $name; GRANT USAGE ON SCHEMA $name TO $($pg.worker);" | Out-Null
        Remove-Item Env:PGPASSWORD
        $LASTEXITCODE | Should -Be 0
        $schemas.Add($name)
        $name
    }

    function Get-Connection([string] $schema) { "Host=$($pg.host);Port=$($pg.port);Database=$($pg.database);Username=$($pg.owner);Search Path=$schema" }
    $script:credential = if ($pg) { [pscredential]::new($pg.owner, (ConvertTo-SecureString -String $pg.owner_password -AsPlainText -Force)) }

    function New-Work([string] $name) {
        $path = Join-Path ([System.IO.Path]::GetTempPath()) ("rfqsender-shared-$name-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
        $null = New-Item -ItemType Directory -Path $path
        $path
    }

    function Skip-WithoutServer {
        if ($pg) { return $false }
        if ($env:CI -eq 'true') { throw "CI=true but the test PostgreSQL is not set up: $envFile is missing (tests/ci/start-postgresql.sh)." }
        Set-ItResult -Skipped -Because "no test PostgreSQL ($envFile; tests/ci/start-postgresql.sh)"
        $true
    }
}

AfterAll {
    if ($pg) {
        $env:PGPASSWORD = $pg.owner_password
        $env:PGOPTIONS = '-c client_min_messages=warning'
        foreach ($schema in $schemas) { & psql -q -h $pg.host -p $pg.port -U $pg.owner -d $pg.database -c "DROP SCHEMA IF EXISTS $schema CASCADE;" | Out-Null }
        Remove-Item Env:PGPASSWORD, Env:PGOPTIONS -ErrorAction SilentlyContinue
    }
    Restore-RfqSenderEnvironment $savedEnvironment
    Remove-Module RfqSender -ErrorAction SilentlyContinue
}

Describe 'A PostgreSQL store through the cmdlets' {
    It 'sends, lists and copies a campaign with -StoreConnectionString and -StoreCredential, and no password shows' {
        if (Skip-WithoutServer) { return }
        $work = New-Work 'cmdlets'
        $connection = Get-Connection (New-Schema)
        $results = @(Send-Rfq -RfqPath $rfqPath -VendorPath $vendorPath -StoreConnectionString $connection -StoreCredential $credential -PickupFolder (Join-Path $work 'outbox'))
        $vendorCount = $results.Count
        $vendorCount | Should -BeGreaterThan 30

        @($results | Where-Object State -EQ 'Sent').Count | Should -Be $vendorCount
        $campaign = Get-RfqCampaign -StoreConnectionString $connection -StoreCredential $credential
        $campaign.RfqNumber | Should -Be 'RFQ-2026-114'
        $campaign.Sent | Should -Be $vendorCount
        (Get-RfqDelivery -RfqNumber RFQ-2026-114 -StoreConnectionString $connection -StoreCredential $credential -Summary |
            Where-Object Category -EQ '(all)').Sent | Should -Be $vendorCount

        $copy = Copy-RfqStore -StoreConnectionString $connection -StoreCredential $credential -DestinationPath (Join-Path $work 'copy.db')
        $copy.Copied | Should -Be $vendorCount
        $copy.Source | Should -BeLike "PostgreSQL $($pg.host):$($pg.port)/*"
        "$($copy | Format-List * | Out-String)" | Should -Not -BeLike "*$($pg.owner_password)*"
        (Copy-RfqStore -StoreConnectionString $connection -StoreCredential $credential -DestinationPath (Join-Path $work 'copy.db')).AlreadyPresent | Should -Be $vendorCount
        (Get-RfqCampaign -StorePath (Join-Path $work 'copy.db')).Sent | Should -Be $vendorCount

        # Completion reads the same store: the connection string on the command line, the password from the environment.
        $env:RFQSENDER_STORE_PASSWORD = $pg.owner_password
        try {
            $line = "Get-RfqDelivery -StoreConnectionString '$connection' -RfqNumber RFQ-2026"
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain 'RFQ-2026-114'
            $line = "Get-RfqDelivery -StoreConnectionString '$connection' -RfqNumber RFQ-2026-114 -Category Ca"
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain 'Cables'
        }
        finally { Remove-Item Env:RFQSENDER_STORE_PASSWORD }
    }

    It 'refuses a store file and a connection string at once, naming both parameters' {
        if (Skip-WithoutServer) { return }
        $work = New-Work 'both'
        $caught = $null
        try { Get-RfqCampaign -StorePath (Join-Path $work 'x.db') -StoreConnectionString (Get-Connection 'public') -ErrorAction Stop } catch { $caught = $_ }
        "$caught" | Should -BeLike '*-StorePath*-StoreConnectionString*'
    }

    It 'a wrong password is refused with the server''s code and without the password' {
        if (Skip-WithoutServer) { return }
        $wrong = [pscredential]::new($pg.owner, (ConvertTo-SecureString -String 'Not-The-Passw0rd' -AsPlainText -Force))
        $caught = $null
        try { Get-RfqCampaign -StoreConnectionString (Get-Connection 'public') -StoreCredential $wrong -ErrorAction Stop } catch { $caught = $_ }
        "$caught" | Should -BeLike '*28P01*'
        "$caught $($caught.TargetObject) $($caught.Exception)" | Should -Not -BeLike '*Not-The-Passw0rd*'
    }
}

Describe 'A crash round through the module' {
    It 'a Send-Rfq worker killed beside an rfq worker: every vendor gets exactly one message or is InDoubt' {
        if (Skip-WithoutServer) { return }
        $work = New-Work 'crash'
        $connection = Get-Connection (New-Schema)
        $vendors = Join-Path $work 'vendors.csv'
        Set-Content -LiteralPath $vendors -Encoding utf8 -Value (@('Company,Contact,Email,Category,Country,Phone') + (1..3000 | ForEach-Object { "Vendor $_,Contact $_,sales$_@vendor$_.example,Cables,DE,+49 30 555$_" }))
        $outbox = Join-Path $work 'outbox'
        $script = Join-Path $work 'worker.ps1'
        Set-Content -LiteralPath $script -Encoding utf8 -Value @"
Import-Module '$manifest'
`$credential = [pscredential]::new('$($pg.owner)', (ConvertTo-SecureString -String `$env:TEST_PG_PASSWORD -AsPlainText -Force))
Send-Rfq -RfqPath '$rfqPath' -VendorPath '$vendors' -StoreConnectionString '$connection' -StoreCredential `$credential -PickupFolder '$outbox' -Concurrency 2 -BatchSize 25 -DelayMs 5 | Out-Null
"@
        $exe = [Environment]::ProcessPath
        $start = [System.Diagnostics.ProcessStartInfo]::new($exe)
        if ([System.IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { $start.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
        foreach ($argument in '-NoProfile', '-NonInteractive', '-File', $script) { $start.ArgumentList.Add($argument) }
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $start.Environment['TEST_PG_PASSWORD'] = $pg.owner_password
        $start.Environment['RFQSENDER_STORE_LEASE_SECONDS'] = '10'
        $start.Environment['RFQSENDER_HOME'] = Join-Path $work 'home'
        $pwshWorker = [System.Diagnostics.Process]::Start($start)
        $null = $pwshWorker.StandardOutput.ReadToEndAsync()
        $pwshErrors = $pwshWorker.StandardError.ReadToEndAsync()

        # The rfq worker beside it, on the same campaign and store.
        $rfqDll = Join-Path $repoRoot 'src/RfqSender.Cli/bin/Release/net10.0/rfq.dll'
        $rfqDll | Should -Exist
        $cli = [System.Diagnostics.ProcessStartInfo]::new((Get-Command dotnet).Source)
        foreach ($argument in $rfqDll, 'send', $rfqPath, '--vendors', $vendors, '--store-connection', $connection, '--pickup', $outbox, '--concurrency', '2', '--batch-size', '25') { $cli.ArgumentList.Add($argument) }
        $cli.RedirectStandardOutput = $true
        $cli.RedirectStandardError = $true
        $cli.Environment['RFQSENDER_STORE_PASSWORD'] = $pg.owner_password
        $cli.Environment['RFQSENDER_STORE_LEASE_SECONDS'] = '10'
        $cli.Environment['RFQSENDER_HOME'] = Join-Path $work 'home'

        # Kill the pwsh worker once messages flow (the rfq worker starts once the campaign is registered).
        $deadline = (Get-Date).AddSeconds(60)
        while ((Get-Date) -lt $deadline -and @(Get-ChildItem -LiteralPath $outbox -Filter *.eml -ErrorAction SilentlyContinue).Count -lt 50 -and -not $pwshWorker.HasExited) { Start-Sleep -Milliseconds 50 }
        $cliWorker = [System.Diagnostics.Process]::Start($cli)
        $null = $cliWorker.StandardOutput.ReadToEndAsync()
        $cliErrors = $cliWorker.StandardError.ReadToEndAsync()
        Start-Sleep -Milliseconds (Get-Random -Minimum 100 -Maximum 600)
        $killed = -not $pwshWorker.HasExited
        if ($killed) { $pwshWorker.Kill($true) }
        $killed | Should -BeTrue -Because "the pwsh worker must still be sending when it is killed (it exited: $($pwshErrors.Result))"
        $pwshWorker.WaitForExit(30000) | Should -BeTrue
        $cliWorker.WaitForExit(120000) | Should -BeTrue
        $cliWorker.ExitCode | Should -BeIn @(0, 4) -Because $cliErrors.Result

        # Finish in this session: Resume-Rfq takes back what the killed worker left (its process is gone).
        $null = Resume-Rfq -RfqNumber RFQ-2026-114 -StoreConnectionString $connection -StoreCredential $credential -PickupFolder $outbox -WarningAction SilentlyContinue
        $deliveries = @(Get-RfqDelivery -RfqNumber RFQ-2026-114 -StoreConnectionString $connection -StoreCredential $credential)
        $deliveries.Count | Should -Be 3000
        @($deliveries | Where-Object State -NotIn 'Sent', 'InDoubt') | Should -BeNullOrEmpty
        $received = @{}
        foreach ($file in Get-ChildItem -LiteralPath $outbox -Filter *.eml) {
            $to = (Select-String -LiteralPath $file.FullName -Pattern '^To: (?:.*<)?([^<>\s]+@[^<>\s]+)' | Select-Object -First 1).Matches[0].Groups[1].Value
            $received[$to] = 1 + ($received[$to] ?? 0)
        }
        foreach ($delivery in $deliveries) {
            $count = $received[$delivery.To[0]] ?? 0
            if ($delivery.State -eq 'Sent') { $count | Should -Be 1 -Because "$($delivery.To[0]) is Sent" }
            else { $count | Should -BeLessOrEqual 1 -Because "$($delivery.To[0]) is InDoubt" }
        }
        @($deliveries | Where-Object State -EQ 'InDoubt').Count | Should -BeLessOrEqual 2 -Because "one worker of two connections was killed ($killed); $($pwshErrors.Result)"
    }
}
