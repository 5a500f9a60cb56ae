# The examples of Get-Help Resume-RfqCampaign -Examples, in the order of the help (docs/cmdlets/Resume-RfqCampaign.md).
# A test checks that each example of the help is here word for word, so keep both in step.
# Paths are relative to the repository root (the module's examples/ folder holds rfq.yaml and vendors.csv).
# They are separate examples: run them one at a time, not as one script.

# Example 1: Lift the pause of a campaign
Resume-RfqCampaign -RfqNumber RFQ-2026-114

# Example 2: Lift the pause and send the rest
Resume-RfqCampaign -RfqNumber RFQ-2026-114 -PassThru | Resume-Rfq
