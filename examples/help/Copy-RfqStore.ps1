# The examples of Get-Help Copy-RfqStore -Examples, in the order of the help (docs/cmdlets/Copy-RfqStore.md).
# A test checks that each example of the help is here word for word, so keep both in step.
# Paths are relative to the repository root (the module's examples/ folder holds rfq.yaml and vendors.csv).
# They are separate examples: run them one at a time, not as one script.

# Example 1: Copy a campaign to another store file
Copy-RfqStore -RfqNumber RFQ-2026-114 -DestinationPath ./archive.db

# Example 2: Move the campaigns of this machine to a shared PostgreSQL database
$db = Get-Credential -UserName rfq_owner -Message 'PostgreSQL password'
Copy-RfqStore -DestinationConnectionString 'Host=db.contoso.example;Database=rfqsender;Username=rfq_owner' -DestinationCredential $db

# Example 3: Run the same copy again
Copy-RfqStore -DestinationPath ./archive.db
Copy-RfqStore -DestinationPath ./archive.db | Format-Table -Property RfqNumber, Copied, AlreadyPresent
