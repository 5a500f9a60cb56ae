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

# A campaign whose vendors got a CSV quote sheet each and sent it back, as a buyer meets it: RFQ-Q-1 (two line items,
# New-Rfq -QuoteSheet Csv) sent to three vendors into a pickup folder under $path; each vendor's sheet is taken out of
# its message (base64), filled in (Q1 and Q2 with prices, Q3 with text in a price cell) and mailed back as a reply
# that answers the message; Receive-RfqReply reads them. Returns Home, Outbox, Replies and the Rfq.
function New-QuotedCampaign([string] $path) {
    $null = New-Item -ItemType Directory -Path $path, (Join-Path $path 'replies') -Force
    $env:RFQSENDER_HOME = $path
    $rfq = New-Rfq -Number RFQ-Q-1 -Title 'Cable glands' -DueDate '2026-12-20T17:00:00+01:00' -From 'Purchasing <purchasing@contoso.example>' `
        -Subject 'RFQ {{Rfq.Number}}' -Body 'Please quote on the sheet attached.' -QuoteSheet Csv `
        -Item @{ Part = 'GL-16'; Description = 'Cable gland M16'; Quantity = 500; Unit = 'pc' }, @{ Part = 'GL-20'; Description = 'Cable gland M20'; Quantity = 200; Unit = 'pc' }
    $vendors = @(
        [pscustomobject]@{ Key = 'Q1'; Name = 'Quick Glands Ltd'; Email = 'sales@quick-glands.example' }
        [pscustomobject]@{ Key = 'Q2'; Name = 'Nordic Fittings AB'; Email = 'offert@nordic-fittings.example' }
        [pscustomobject]@{ Key = 'Q3'; Name = 'Tardy Parts GmbH'; Email = 'verkauf@tardy-parts.example' })
    $outbox = Join-Path $path 'outbox'
    $null = $vendors | Send-Rfq -Rfq $rfq -PickupFolder $outbox -ErrorAction Stop
    $prices = @{ Q1 = @('0.85', '1.20'); Q2 = @('0.79', '1.35'); Q3 = @('call us', '1.10') }
    foreach ($file in Get-ChildItem -LiteralPath $outbox -Filter '*.eml') {
        $eml = Get-Content -Raw -LiteralPath $file.FullName
        $to = [regex]::Match($eml, '(?m)^To: .*<([^>]+)>|(?m)^To: ([^\r\n<]+)').Groups | Where-Object { $_.Success } | Select-Object -Last 1
        $vendor = $vendors | Where-Object Email -eq $to.Value.Trim()
        $messageId = [regex]::Match($eml, '(?m)^Message-ID: (<[^>]+>)').Groups[1].Value
        $part = [regex]::Match($eml, '(?s)filename="?RFQ-Q-1 quote\.csv"?.*?\r?\n\r?\n(.*?)\r?\n--')
        $csv = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($part.Groups[1].Value)).TrimStart([char]0xFEFF)
        $p = $prices[$vendor.Key]
        $csv = $csv.Replace(',500,pc,,,,,', ",500,pc,$($p[0]),EUR,10,2027-01-31,").Replace(',200,pc,,,,,', ",200,pc,$($p[1]),EUR,14,2027-01-31,")
        $body = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($csv), 'InsertLineBreaks')
        $reply = @(
            "From: $($vendor.Name) <$($vendor.Email)>"
            'To: purchasing@contoso.example'
            'Subject: RE: RFQ RFQ-Q-1'
            "Message-ID: <answer.$($vendor.Key)@vendor.example>"
            "In-Reply-To: $messageId"
            "References: $messageId"
            'Date: Tue, 24 Nov 2026 10:00:00 +0000'
            'MIME-Version: 1.0'
            'Content-Type: multipart/mixed; boundary="part"'
            ''
            '--part'
            'Content-Type: text/plain; charset=utf-8'
            ''
            'Our quote is in the sheet.'
            '--part'
            'Content-Type: text/csv; name="RFQ-Q-1 quote.csv"'
            'Content-Disposition: attachment; filename="RFQ-Q-1 quote.csv"'
            'Content-Transfer-Encoding: base64'
            ''
            $body
            '--part--'
            '') -join "`r`n"
        [IO.File]::WriteAllText((Join-Path $path "replies/$($vendor.Key).eml"), $reply)
    }
    $null = Receive-RfqReply -Path (Join-Path $path 'replies') -ErrorAction Stop
    [pscustomobject]@{ Home = $path; Outbox = $outbox; Replies = Join-Path $path 'replies'; Rfq = $rfq }
}

# True when something listens on 127.0.0.1:<port> (the local test services).
function Test-LocalPort([int] $port) {
    $client = [System.Net.Sockets.TcpClient]::new()
    try { $client.ConnectAsync('127.0.0.1', $port).Wait(1000) -and $client.Connected } catch { $false } finally { $client.Dispose() }
}

# A fresh data folder with the example campaign sent to its first 5 vendors (V001..V005; the rest queued).
# With -Rfq, that RFQ file instead of the example's (such as the one Copy-ExamplesDueLater makes).
function New-Campaign([string] $Rfq = $rfqPath) {
    $path = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $path
    $env:RFQSENDER_HOME = $path
    $null = Send-Rfq -RfqPath $Rfq -VendorPath $vendorPath -MaxMessages 5 -WarningAction SilentlyContinue -ErrorAction Stop
    [pscustomobject]@{ Home = $path; Store = Join-Path $path 'rfqsender.db'; Outbox = Join-Path $path 'outbox' }
}

function Get-EmlCount([string] $folder) { @(Get-ChildItem -LiteralPath $folder -Filter '*.eml' -ErrorAction SilentlyContinue).Count }

# The examples copied under $TestDrive with the RFQ's due date two months after the run (the example's is a fixed
# day), for tests whose outcome depends on the due date (reminders: none goes after it). Returns the RFQ file's path.
function Copy-ExamplesDueLater {
    $copy = Join-Path $TestDrive 'examples-due-later'
    if (-not (Test-Path -LiteralPath $copy)) {
        Copy-Item -LiteralPath $examples -Destination $copy -Recurse
        $file = Join-Path $copy 'rfq.yaml'
        $due = [DateTime]::UtcNow.Date.AddDays(60).ToString("yyyy-MM-dd'T'17:00:00+01:00", [cultureinfo]::InvariantCulture)
        $text = [IO.File]::ReadAllText($file) -replace '(?m)^dueDate: \S+', "dueDate: $due"
        [IO.File]::WriteAllText($file, $text)
    }
    Join-Path $copy 'rfq.yaml'
}
