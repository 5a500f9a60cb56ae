# The examples of Get-Help Get-RfqReply -Examples, in the order of the help (docs/cmdlets/Get-RfqReply.md).
# A test checks that each example of the help is here word for word, so keep both in step.
# Paths are relative to the repository root (the module's examples/ folder holds rfq.yaml and vendors.csv).
# They are separate examples: run them one at a time, not as one script.

# Example 1: List the replies of a campaign
Get-RfqReply -RfqNumber RFQ-2026-114

# Example 2: List the messages no vendor matched
Get-RfqReply -Unmatched | Format-List -Property Id, From, Subject, MatchReason

# Example 3: Find the quote files of a campaign
Get-RfqReply -RfqNumber RFQ-2026-114 -Kind Reply | ForEach-Object Attachments | Select-Object -Property FileName, Size, SavedPath
