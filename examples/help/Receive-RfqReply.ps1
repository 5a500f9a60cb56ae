# The examples of Get-Help Receive-RfqReply -Examples, in the order of the help (docs/cmdlets/Receive-RfqReply.md).
# A test checks that each example of the help is here word for word, so keep both in step.
# Paths are relative to the repository root (the module's examples/ folder holds rfq.yaml and vendors.csv).
# They are separate examples: run them one at a time, not as one script.

# Example 1: Read a folder of saved replies
Receive-RfqReply -Path ./replies

# Example 2: Read an IMAP mailbox and move what was read
$imap = Get-Credential -UserName rfq-replies@contoso.com -Message 'IMAP password'
Receive-RfqReply -ImapServer imap.contoso.com -Credential $imap -MoveTo Processed

# Example 3: See who bounced in this read
Receive-RfqReply -Path ./replies -RfqNumber RFQ-2026-114 | Where-Object Kind -eq 'Bounce'

# Example 4: Read a shared mailbox through Microsoft Graph in a runbook
Receive-RfqReply -Mailbox rfq-replies@contoso.com -ManagedIdentity -MoveTo 'RFQ processed'
