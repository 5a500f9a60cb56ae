# The examples of Get-Help Resume-Rfq -Examples, in the order of the help (docs/cmdlets/Resume-Rfq.md).
# A test checks that each example of the help is here word for word, so keep both in step.
# Paths are relative to the repository root (the module's examples/ folder holds rfq.yaml and vendors.csv).
# They are separate examples: run them one at a time, not as one script.

# Example 1: Finish a campaign after an interruption
Resume-Rfq -RfqNumber RFQ-2026-114

# Example 2: Preview what a resume would send
Resume-Rfq -RfqNumber RFQ-2026-114 -StorePath 'D:\RfqSender\rfqsender.db' -WhatIf

# Example 3: A daily portion through Exchange Online from a runbook
Resume-Rfq -RfqNumber RFQ-2026-114 -StorePath 'D:\RfqSender\rfqsender.db' -Transport Graph -ManagedIdentity `
    -Mailbox rfq@contoso.com -RateLimitPreset ExchangeOnline -MaxMessages 500

# Example 4: After a crash, send the in-doubt deliveries again
Get-RfqDelivery -RfqNumber RFQ-2026-114 -State InDoubt | Format-Table -Property VendorName, To, Detail
Resume-Rfq -RfqNumber RFQ-2026-114 -InDoubt Resend

# Example 5: Try the failed deliveries of every campaign in a list again
Import-Csv -Path ./campaigns.csv | Resume-Rfq -RetryFailed -Transport Smtp -SmtpServer smtp.contoso.com -Credential $smtpCredential
