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

# Example 6: Send through an SMTP server with a user name and password
Import-Csv -Path ./examples/vendors.csv |
    Send-Rfq -RfqPath ./examples/rfq.yaml -Transport Smtp -SmtpServer smtp.contoso.com -Port 587 -Credential (Get-Credential)

# Example 7: Send through Exchange Online as a shared mailbox, with a managed identity
Send-Rfq -RfqPath ./examples/rfq.yaml -VendorPath ./examples/vendors.csv -Transport Graph -ManagedIdentity `
    -Mailbox rfq@contoso.com -RateLimitPreset ExchangeOnline -StorePath 'D:\RfqSender\rfqsender.db'

# Example 8: Four messages at a time through Exchange Online, within its limits
Send-Rfq -RfqPath ./examples/rfq.yaml -VendorPath ./examples/vendors.csv -SettingsPath ./rfqsender.yaml -Environment Production `
    -Transport Graph -Concurrency 4 -RateLimitPreset ExchangeOnline

# Example 9: After a crash, send the in-doubt deliveries again
Get-RfqDelivery -RfqNumber RFQ-2026-114 -State InDoubt | Format-Table -Property VendorName, To, Detail
Send-Rfq -RfqPath ./examples/rfq.yaml -InDoubt Resend

# Example 10: Send yourself the message of the first two vendors before the campaign goes out
Send-Rfq -RfqPath ./examples/rfq.yaml -VendorPath ./examples/vendors.csv -TestRecipient 'me@contoso.example' -TestCount 2

# Example 11: Write the messages as Outlook drafts to review and send by hand
Send-Rfq -RfqPath ./examples/rfq.yaml -VendorPath ./examples/vendors.csv -Category Cables -Draft -PickupFolder ./drafts
