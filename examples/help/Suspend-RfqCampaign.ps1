# The examples of Get-Help Suspend-RfqCampaign -Examples, in the order of the help (docs/cmdlets/Suspend-RfqCampaign.md).
# A test checks that each example of the help is here word for word, so keep both in step.
# Paths are relative to the repository root (the module's examples/ folder holds rfq.yaml and vendors.csv).
# They are separate examples: run them one at a time, not as one script.

# Example 1: Pause a campaign, saying why
Suspend-RfqCampaign -RfqNumber RFQ-2026-114 -Reason 'The price list attached is out of date'

# Example 2: Pause every campaign that still has work to do
Get-RfqCampaign | Where-Object -Property Open -GT 0 | Suspend-RfqCampaign -Reason 'Mail server maintenance tonight' -PassThru
