# The examples of Get-Help Send-RfqReminder -Examples, in the order of the help (docs/cmdlets/Send-RfqReminder.md).
# A test checks that each example of the help is here word for word, so keep both in step.
# Paths are relative to the repository root (the module's examples/ folder holds rfq.yaml and vendors.csv).
# They are separate examples: run them one at a time, not as one script.

# Example 1: See who would be reminded and why the others would not
Send-RfqReminder -RfqNumber RFQ-2026-114 -WhatIf | Format-Table -Property Vendor, Action, Reminder, Detail

# Example 2: Remind the silent vendors
Send-RfqReminder -RfqNumber RFQ-2026-114

# Example 3: A daily reminder runbook in the last week before the due date
Receive-RfqReply -ImapServer imap.contoso.com -Credential $imapCredential
Send-RfqReminder -RfqNumber RFQ-2026-114 -DaysBeforeDue 7 -MinimumInterval 3.00:00:00 -MaxReminders 2 `
    -Transport Smtp -SmtpServer smtp.contoso.com -Credential $smtpCredential -RateLimitPreset ExchangeOnline

# Example 4: Use the reminder templates of the RFQ file
Send-RfqReminder -RfqNumber RFQ-2026-114 -RfqPath ./examples/rfq.yaml -MinimumInterval 0
