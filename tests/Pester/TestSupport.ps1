# Dot-sourced by every Pester file in its BeforeAll: where the module under test and the repository are.
# The xUnit runner (PesterSuiteTests) sets RFQSENDER_TEST_MODULE to the module folder its build assembled;
# run by hand, the tests use out/RfqSender (./build.ps1 Package).
$script:repoRoot = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
$script:manifest = if ($env:RFQSENDER_TEST_MODULE) { $env:RFQSENDER_TEST_MODULE } else { Join-Path $repoRoot 'out/RfqSender/RfqSender.psd1' }
if (-not (Test-Path -LiteralPath $manifest)) { throw "Assemble the module first (./build.ps1 Package): $manifest is missing." }
$script:examples = Join-Path $repoRoot 'examples'
$script:rfqPath = Join-Path $examples 'rfq.yaml'
$script:vendorPath = Join-Path $examples 'vendors.csv'

# The caller's RFQSENDER_* variables must not reach the module under test: cleared in BeforeAll, put back in AfterAll.
function Clear-RfqSenderEnvironment {
    $saved = @{}
    foreach ($item in Get-ChildItem -Path Env: | Where-Object { $_.Name -like 'RFQSENDER_*' -and $_.Name -ne 'RFQSENDER_TEST_MODULE' }) {
        $saved[$item.Name] = $item.Value
        Remove-Item -LiteralPath "Env:$($item.Name)"
    }
    $saved
}

function Restore-RfqSenderEnvironment([hashtable] $saved) {
    foreach ($name in $saved.Keys) { Set-Item -LiteralPath "Env:$name" -Value $saved[$name] }
}

# The reply corpus (tests/RfqSender.Engine.Tests/Responses/Corpus) and its oracle, and its campaign: RFQ-2026-114 from
# purchasing@contoso.com to the corpus's vendors (so the corpus replies name its Message-IDs), sent to a pickup folder
# under $path with RFQSENDER_HOME pointing there, the corpus copied to $path/replies. Returns Home, Replies and Quotes.
$script:corpus = Join-Path $repoRoot 'tests/RfqSender.Engine.Tests/Responses/Corpus'
$script:oracle = Get-Content -Raw -LiteralPath (Join-Path $corpus 'cases.json') | ConvertFrom-Json

function Send-CorpusCampaign([string] $path) {
    $null = New-Item -ItemType Directory -Path $path, (Join-Path $path 'replies') -Force
    $env:RFQSENDER_HOME = $path
    Copy-Item -Path (Join-Path $corpus '*.eml') -Destination (Join-Path $path 'replies')
    $vendors = foreach ($d in $oracle.deliveries) {
        [pscustomobject]@{ Key = $d.vendorKey; Name = $d.vendorName; Email = $d.to[0]; Cc = ($d.cc -join ';') }
    }
    $rfq = New-Rfq -Number $oracle.rfqNumber -Title 'Copper cable' -DueDate '2026-12-15T17:00:00+01:00' -From $oracle.from `
        -ReplyTo $oracle.replyAddress -Subject 'RFQ {{Rfq.Number}}' -Body 'Dear {{Vendor.Name}}, please quote.'
    $null = $vendors | Send-Rfq -Rfq $rfq -PickupFolder (Join-Path $path 'outbox') -WarningAction SilentlyContinue -ErrorAction Stop
    [pscustomobject]@{ Home = $path; Replies = Join-Path $path 'replies'; Quotes = Join-Path $path 'quotes' }
}

# True when something listens on 127.0.0.1:<port> (the local test services).
function Test-LocalPort([int] $port) {
    $client = [System.Net.Sockets.TcpClient]::new()
    try { $client.ConnectAsync('127.0.0.1', $port).Wait(1000) -and $client.Connected } catch { $false } finally { $client.Dispose() }
}

# A fresh data folder with the example campaign sent to its first 5 vendors (V001..V005; the rest queued).
function New-Campaign {
    $path = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $path
    $env:RFQSENDER_HOME = $path
    $null = Send-Rfq -RfqPath $rfqPath -VendorPath $vendorPath -MaxMessages 5 -WarningAction SilentlyContinue -ErrorAction Stop
    [pscustomobject]@{ Home = $path; Store = Join-Path $path 'rfqsender.db'; Outbox = Join-Path $path 'outbox' }
}

function Get-EmlCount([string] $folder) { @(Get-ChildItem -LiteralPath $folder -Filter '*.eml' -ErrorAction SilentlyContinue).Count }
