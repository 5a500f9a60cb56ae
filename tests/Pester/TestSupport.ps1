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
