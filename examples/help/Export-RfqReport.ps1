# The examples of Get-Help Export-RfqReport -Examples, in the order of the help (docs/cmdlets/Export-RfqReport.md).
# A test checks that each example of the help is here word for word, so keep both in step.
# Paths are relative to the repository root (the module's examples/ folder holds rfq.yaml and vendors.csv).
# They are separate examples: run them one at a time, not as one script.

# Example 1: Write the report of a campaign
Export-RfqReport -RfqNumber RFQ-2026-114 -Path ./report.html

# Example 2: Read the replies, then write the report, in a daily runbook
Receive-RfqReply -Path ./replies | Out-Null
Export-RfqReport -RfqNumber RFQ-2026-114 -Path ./report.html -PassThru

# Example 3: The vendors' statuses for a spreadsheet
Export-RfqReport RFQ-2026-114 ./report.csv
Import-Csv ./report.csv | Group-Object Status | Select-Object Name, Count
