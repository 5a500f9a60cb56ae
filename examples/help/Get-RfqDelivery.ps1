# The examples of Get-Help Get-RfqDelivery -Examples, in the order of the help (docs/cmdlets/Get-RfqDelivery.md).
# A test checks that each example of the help is here word for word, so keep both in step.
# Paths are relative to the repository root (the module's examples/ folder holds rfq.yaml and vendors.csv).
# They are separate examples: run them one at a time, not as one script.

# Example 1: The state of every vendor of a campaign
Get-RfqDelivery -RfqNumber RFQ-2026-114

# Example 2: Only the deliveries that need attention
Get-RfqDelivery -RfqNumber RFQ-2026-114 -State Failed, InDoubt | Format-Table -Property VendorName, To, State, Detail

# Example 3: A report of a campaign to CSV, from a given store
Get-RfqDelivery -RfqNumber RFQ-2026-114 -StorePath 'D:\RfqSender\rfqsender.db' |
    Select-Object -Property VendorKey, VendorName, To, Cc, State, Attempts, SentAt, Detail |
    Export-Csv -Path ./RFQ-2026-114-deliveries.csv -NoTypeInformation -Encoding UTF8

# Example 4: The campaign of an RFQ object, for some vendors and a category
Import-Rfq -Path ./examples/rfq.yaml | Get-RfqDelivery -Category Cables -VendorKey V001, V002

# Example 5: How far a campaign is, in total and per category
Get-RfqDelivery -RfqNumber RFQ-2026-114 -Summary

# Example 6: Check in a script whether a campaign is done
$total = Get-RfqDelivery -RfqNumber RFQ-2026-114 -Summary | Where-Object -Property Category -EQ '(all)'
if ($total.Queued + $total.Deferred + $total.Sending -gt 0) { Resume-Rfq -RfqNumber RFQ-2026-114 -MaxMessages 200 }

# Example 7: Who changed which deliveries by hand, and why
Get-RfqDelivery -RfqNumber RFQ-2026-114 -History

# Example 8: Everything that happened to one vendor's delivery
Get-RfqDelivery -RfqNumber RFQ-2026-114 -VendorKey V001 -History -IncludeAttempts
