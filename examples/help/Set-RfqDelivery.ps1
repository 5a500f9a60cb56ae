# The examples of Get-Help Set-RfqDelivery -Examples, in the order of the help (docs/cmdlets/Set-RfqDelivery.md).
# A test checks that each example of the help is here word for word, so keep both in step.
# Paths are relative to the repository root (the module's examples/ folder holds rfq.yaml and vendors.csv).
# They are separate examples: run them one at a time, not as one script.

# Example 1: Exclude a vendor from a campaign
Set-RfqDelivery -RfqNumber RFQ-2026-114 -VendorKey V040 -State Skipped -Reason 'Left the cable business'

# Example 2: Confirm in-doubt messages that the relay's log shows as accepted
Get-RfqDelivery -RfqNumber RFQ-2026-114 -State InDoubt | Set-RfqDelivery -State Sent -Reason 'Accepted in the relay log' -PassThru

# Example 3: Send in-doubt messages again
Get-RfqDelivery -RfqNumber RFQ-2026-114 -State InDoubt | Set-RfqDelivery -State Queued -Reason 'Not in the relay log'
Resume-Rfq -RfqNumber RFQ-2026-114

# Example 4: Look first, then put back a vendor that was marked sent by mistake
Set-RfqDelivery RFQ-2026-114 V002 -State Queued -Reason 'Mailbox was full; the vendor asked for it again' -WhatIf
Set-RfqDelivery RFQ-2026-114 V002 -State Queued -Reason 'Mailbox was full; the vendor asked for it again'

# Example 5: Record answers that came by phone, and read the history of the campaign
Set-RfqDelivery -RfqNumber RFQ-2026-114 -VendorKey V001, V003 -State Responded -Reason 'Quoted by phone'
Get-RfqDelivery -RfqNumber RFQ-2026-114 -History
