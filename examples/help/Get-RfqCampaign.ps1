# The examples of Get-Help Get-RfqCampaign -Examples, in the order of the help (docs/cmdlets/Get-RfqCampaign.md).
# A test checks that each example of the help is here word for word, so keep both in step.
# Paths are relative to the repository root (the module's examples/ folder holds rfq.yaml and vendors.csv).
# They are separate examples: run them one at a time, not as one script.

# Example 1: Every campaign of the default store
Get-RfqCampaign

# Example 2: The campaigns of one year, with every count
Get-RfqCampaign -RfqNumber 'RFQ-2026-*' | Format-List -Property RfqNumber, Title, DueDate, Total, Queued, Sent, Deferred, Failed, InDoubt, Responded, Skipped, LastActivity

# Example 3: Finish every campaign that still has work to do
Get-RfqCampaign | Where-Object -Property Open -GT 0 | Resume-Rfq -MaxMessages 200

# Example 4: The deliveries that need attention, in every campaign
Get-RfqCampaign | Get-RfqDelivery -State Failed, InDoubt

# Example 5: A report of the campaigns of a given store to CSV
Get-RfqCampaign -StorePath 'D:\RfqSender\rfqsender.db' |
    Select-Object -Property RfqNumber, Title, DueDate, Total, Sent, Open, Failed, InDoubt, Responded, LastActivity |
    Export-Csv -Path ./campaign-report.csv -NoTypeInformation -Encoding UTF8
