# The examples of Get-Help Get-RfqVendor -Examples, in the order of the help (docs/cmdlets/Get-RfqVendor.md).
# A test checks that each example of the help is here word for word, so keep both in step.
# Paths are relative to the repository root (the module's examples/ folder holds rfq.yaml and vendors.csv).
# They are separate examples: run them one at a time, not as one script.

# Example 1: Check a vendor file
Get-RfqVendor -Path ./examples/vendors.csv | Format-Table

# Example 2: Only the vendors of some categories
Get-RfqVendor -Path ./examples/vendors.csv -Category Cables, Electrical

# Example 3: Vendors from Import-Csv, keeping the valid ones
Import-Csv -Path ./examples/vendors.csv | Get-RfqVendor -SkipInvalid -ErrorVariable vendorProblems
$vendorProblems | ForEach-Object { $_.Exception.Message }

# Example 4: Every vendor file of a folder
Get-ChildItem -Path ./examples -Filter *.csv | Get-RfqVendor
