#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The hostile-input corpus (tests/Hostile/cases.json) through the module, as a user's pipeline would
# give it: each case with a PowerShell command must fail (or warn) as the corpus says, with nothing
# registered and nothing sent.

BeforeDiscovery {
    $corpus = Join-Path (Split-Path -Parent $PSScriptRoot) 'Hostile'
    $cases = @(Get-Content -Raw -LiteralPath (Join-Path $corpus 'cases.json') | ConvertFrom-Json | Where-Object { $_.powershell } | ForEach-Object {
        @{
            Name     = $_.name
            Command  = $_.powershell
            ErrorId  = $_.errorId
            Warning  = $_.warning
            Texts    = @($_.error)
            Fifos    = @($_.fifo | Where-Object { $_ })
            UnixOnly = [bool]$_.unixOnly
        }
    })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-Module $manifest -Force
    $savedEnvironment = Clear-RfqSenderEnvironment
    $corpus = Join-Path $repoRoot 'tests/Hostile'
}

AfterAll {
    Restore-RfqSenderEnvironment $savedEnvironment
    Remove-Item -LiteralPath Env:RFQSENDER_HOME -ErrorAction SilentlyContinue
    Remove-Module RfqSender -ErrorAction SilentlyContinue
}

Describe 'Hostile input' {
    It '<Name>' -ForEach $cases {
        if ($UnixOnly -and $IsWindows) { Set-ItResult -Skipped -Because 'the case needs /dev/zero or a FIFO'; return }
        $work = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $dir = Join-Path $work 'corpus'
        $null = New-Item -ItemType Directory -Path $work
        Copy-Item -LiteralPath $corpus -Destination $dir -Recurse
        $env:RFQSENDER_HOME = Join-Path $work 'home'
        foreach ($fifo in $Fifos) { & mkfifo (Join-Path $dir $fifo); $LASTEXITCODE | Should -Be 0 }
        $store = Join-Path $work 'store/rfqsender.db'
        $pickup = Join-Path $work 'outbox'
        $code = $Command.Replace('{dir}', $dir).Replace('{store}', $store).Replace('{pickup}', $pickup)

        $caught = $null
        $problems = @()
        $warnings = @()
        $job = [powershell]::Create().AddScript("Import-Module '$manifest'; `$env:RFQSENDER_HOME = '$($env:RFQSENDER_HOME)'; $code")
        try {
            # A child runspace with a deadline: a reader that blocks (a FIFO) must not hang the suite.
            $handle = $job.BeginInvoke()
            $handle.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(60)) | Should -BeTrue -Because "$code must end in bounded time"
            try { $null = $job.EndInvoke($handle) } catch { $caught = $_.Exception.InnerException.ErrorRecord }
            $problems = @($job.Streams.Error)
            $warnings = @($job.Streams.Warning | ForEach-Object { "$_" })
        }
        finally {
            $job.Dispose()
        }

        if ($ErrorId) {
            $ids = @($problems + @($caught) | Where-Object { $_ } | ForEach-Object { $_.FullyQualifiedErrorId })
            $ids | Where-Object { $_ -like "$ErrorId,*" } | Should -Not -BeNullOrEmpty -Because "errors: $($ids -join '; ')"
            $text = (@($problems + @($caught) | Where-Object { $_ } | ForEach-Object { "$_" }) -join "`n")
            # Contains, not -like: the texts hold brackets ('items[1]'), which are wildcards.
            foreach ($expected in $Texts | Where-Object { $_ -notlike 'warning:*' }) { $text.Contains($expected) | Should -BeTrue -Because "the error says '$expected': $text" }
        }

        if ($Warning) {
            ($warnings -join "`n").Contains($Warning) | Should -BeTrue -Because "a warning says '$Warning': $($warnings -join '; ')"
        }

        @(Get-ChildItem -LiteralPath $pickup -Filter *.eml -ErrorAction SilentlyContinue).Count | Should -Be 0
        if (Test-Path -LiteralPath $store) {
            @(Get-RfqDelivery -RfqNumber RFQ-HOSTILE-1 -StorePath $store -ErrorAction SilentlyContinue -WarningAction SilentlyContinue).Count | Should -Be 0
        }
    }
}
