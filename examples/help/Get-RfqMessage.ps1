# The examples of Get-Help Get-RfqMessage -Examples, in the order of the help (docs/cmdlets/Get-RfqMessage.md).
# A test checks that each example of the help is here word for word, so keep both in step.
# Paths are relative to the repository root (the module's examples/ folder holds rfq.yaml and vendors.csv).
# They are separate examples: run them one at a time, not as one script.

# Example 1: The message one vendor would get
Get-RfqMessage -RfqPath ./examples/rfq.yaml -VendorPath ./examples/vendors.csv -Vendor V001

# Example 2: Write it as an .eml file to open in a mail client
Get-RfqMessage -RfqPath ./examples/rfq.yaml -VendorPath ./examples/vendors.csv -Vendor 'Nordlicht Kabel AS' -Path ./Nordlicht.eml

# Example 3: Read the text of the message
(Get-RfqMessage -RfqPath ./examples/rfq.yaml -VendorPath ./examples/vendors.csv -Vendor V002).TextBody

# Example 4: Every vendor of a category from the pipeline, as a table
Get-RfqVendor -Path ./examples/vendors.csv -Category Cables |
    Get-RfqMessage -RfqPath ./examples/rfq.yaml |
    Format-Table -Property VendorName, To, Subject

# Example 5: One .eml file per vendor in a folder
$null = New-Item -ItemType Directory -Path ./preview -Force
Get-RfqMessage -Rfq (Import-Rfq -Path ./examples/rfq.yaml) -VendorPath ./examples/vendors.csv -Path ./preview |
    Select-Object -Property VendorName, Size, Path
