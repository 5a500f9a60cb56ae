# The examples of Get-Help New-Rfq -Examples, in the order of the help (docs/cmdlets/New-Rfq.md).
# A test checks that each example of the help is here word for word, so keep both in step.
# Paths are relative to the repository root (the module's examples/ folder holds rfq.yaml and vendors.csv).
# They are separate examples: run them one at a time, not as one script.

# Example 1: An RFQ with a plain-text body and one line item
$rfq = New-Rfq -Number 'RFQ-2026-120' -Title 'M8 bolts' -DueDate '2026-12-20T12:00:00+01:00' `
    -From 'Purchasing <purchasing@contoso.example>' `
    -Subject 'RFQ {{Rfq.Number}}: {{Rfq.Title}}' `
    -Body "Dear {{Contact.Name}},`nplease quote for {{Rfq.Title}} by {{Rfq.DueDate}}." `
    -Item @{ Part = 'M8x40'; Description = 'Hex bolt 8.8 zinc'; Quantity = 5000; Unit = 'pc' }
Get-RfqVendor -Path ./examples/vendors.csv -Category Fasteners | Send-Rfq -Rfq $rfq

# Example 2: Line items from a CSV file, bodies from files, a due date from Get-Date
$items = Import-Csv -Path ./items.csv
$rfq = New-Rfq -Number 'RFQ-2026-121' -Title 'Packaging material' -DueDate (Get-Date).Date.AddDays(14) `
    -From 'purchasing@contoso.example' -ReplyTo 'rfq-replies@contoso.example' `
    -Subject 'RFQ {{Rfq.Number}}: {{Rfq.Title}} (reply by {{Rfq.DueDate:yyyy-MM-dd}})' `
    -BodyPath ./rfq-body.txt -BodyHtmlPath ./rfq-body.html `
    -Item $items -Attachment ./specs/packaging.pdf `
    -Field @{ Project = 'Plant 2'; DeliveryTerms = 'DAP Contoso Plant 2'; PaymentTerms = '30 days net' }
