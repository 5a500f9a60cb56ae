# The examples of Get-Help Set-RfqReply -Examples, in the order of the help (docs/cmdlets/Set-RfqReply.md).
# A test checks that each example of the help is here word for word, so keep both in step.
# Paths are relative to the repository root (the module's examples/ folder holds rfq.yaml and vendors.csv).
# They are separate examples: run them one at a time, not as one script.

# Example 1: Assign a reply from a private address
Set-RfqReply -Id 17 -RfqNumber RFQ-2026-114 -VendorKey V-MAX -Reason 'The owner writes from his own address'

# Example 2: Assign every unmatched message of one sender
Get-RfqReply -Unmatched | Where-Object From -eq 'max.mustermann@gmail.com' | Set-RfqReply -RfqNumber RFQ-2026-114 -VendorKey V-MAX -PassThru
