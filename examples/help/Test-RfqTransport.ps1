# The examples of Get-Help Test-RfqTransport -Examples, in the order of the help (docs/cmdlets/Test-RfqTransport.md).
# A test checks that each example of the help is here word for word, so keep both in step.
# Paths are relative to the repository root (the module's examples/ folder holds rfq.yaml and vendors.csv).
# They are separate examples: run them one at a time, not as one script.

# Example 1: Check the transport the settings choose
Test-RfqTransport

# Example 2: Check an SMTP relay on this machine
Test-RfqTransport -SmtpServer 127.0.0.1 -Port 2526 | Format-Table -Property Step, Result, Detail -Wrap

# Example 3: Check a submission server with STARTTLS and a password
Test-RfqTransport -SmtpServer smtp.contoso.com -Port 587 -Credential (Get-Credential)

# Example 4: Check Exchange Online through Microsoft Graph from a runbook
Test-RfqTransport -Transport Graph -ManagedIdentity -Mailbox rfq@contoso.com

# Example 5: Stop a script when the line does not work
if (-not (Test-RfqTransport -Quiet)) { throw 'The transport does not work: run Test-RfqTransport to see which step fails.' }
Send-Rfq -RfqPath ./examples/rfq.yaml -VendorPath ./examples/vendors.csv -MaxMessages 5
