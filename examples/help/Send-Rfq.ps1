# The examples of Get-Help Send-Rfq -Examples, in the order of the help (docs/cmdlets/Send-Rfq.md).
# A test checks that each example of the help is here word for word, so keep both in step.
# Paths are relative to the repository root (the module's examples/ folder holds rfq.yaml and vendors.csv).
# They are separate examples: run them one at a time, not as one script.

# Example 1: Preview a send
Import-Csv -Path ./examples/vendors.csv | Send-Rfq -RfqPath ./examples/rfq.yaml -WhatIf

# Example 2: Send to the vendors of a CSV file, in batches, with a pause between messages
Import-Csv -Path ./examples/vendors.csv | Send-Rfq -RfqPath ./examples/rfq.yaml -BatchSize 50 -DelayMs 500

# Example 3: One category, from a file, with the store and the outbox on a data drive
Send-Rfq -RfqPath ./examples/rfq.yaml -VendorPath ./examples/vendors.csv -Category Cables `
    -StorePath 'D:\RfqSender\rfqsender.db' -PickupFolder 'D:\RfqSender\outbox'

# Example 4: Finish a campaign in daily portions
Send-Rfq -RfqPath ./examples/rfq.yaml -MaxMessages 200

# Example 5: Send, then keep the results and list the failures
$results = Get-RfqVendor -Path ./examples/vendors.csv | Send-Rfq -RfqPath ./examples/rfq.yaml -ErrorAction SilentlyContinue
$results | Export-Csv -Path ./rfq-results.csv -NoTypeInformation -Encoding UTF8
$results | Where-Object -Property IsError | Format-Table -Property Vendor, To, Action, Detail
