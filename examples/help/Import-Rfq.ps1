# The examples of Get-Help Import-Rfq -Examples, in the order of the help (docs/cmdlets/Import-Rfq.md).
# A test checks that each example of the help is here word for word, so keep both in step.
# Paths are relative to the repository root (the module's examples/ folder holds rfq.yaml and vendors.csv).
# They are separate examples: run them one at a time, not as one script.

# Example 1: Check an RFQ file
Import-Rfq -Path ./examples/rfq.yaml

# Example 2: Load once, send to the vendors of a file
$rfq = Import-Rfq -Path ./examples/rfq.yaml
Send-Rfq -Rfq $rfq -VendorPath ./examples/vendors.csv -WhatIf

# Example 3: Validate every RFQ file of a folder
Get-ChildItem -Path ./rfqs -Filter *.yaml | Import-Rfq -ErrorVariable rfqProblems | Select-Object -Property Number, Title, DueDate
