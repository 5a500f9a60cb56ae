# The examples of Get-Help Get-RfqQuote -Examples, in the order of the help (docs/cmdlets/Get-RfqQuote.md).
# A test checks that each example of the help is here word for word, so keep both in step.
# Paths are relative to the repository root (the module's examples/ folder holds rfq.yaml and vendors.csv).
# They are separate examples: run them one at a time, not as one script.

# Example 1: The quotes of a campaign
Get-RfqQuote -RfqNumber RFQ-2026-114

# Example 2: The best offer of each item, for a spreadsheet
Get-RfqQuote -RfqNumber RFQ-2026-114 | Where-Object IsLowest | Export-Csv ./best-prices.csv -NoTypeInformation

# Example 3: The comparison as a workbook
Get-RfqQuote -RfqNumber RFQ-2026-114 -ComparisonPath ./quotes.xlsx

# Example 4: The sheets that need a look
Get-RfqQuote -RfqNumber RFQ-2026-114 -NeedsReview | Format-List VendorName, FileName, Problem
