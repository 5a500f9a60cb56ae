#!/usr/bin/env python3
"""An independent XLSX reader and writer for the quote sheet tests: openpyxl (Debian's python3-openpyxl).

Reads a JSON request on stdin:
  {"read": "sheet.xlsx"}                              -> prints what openpyxl sees in the workbook
  {"input": "in.xlsx", "output": "out.xlsx", "ops": [...]} -> fills or damages a sheet as a vendor would, saves it
  {"output": "new.xlsx", "ops": [...]}                -> starts from an empty workbook
After saving, "excel_like": true reshapes the package as Excel and LibreOffice write it, which openpyxl does
not: every inline string moved to a shared string table (a part as rich text runs with a phonetic run), cells
without addresses (each the next column), and a formula's calculated value stored ("formula_values": {"F9": "6"}).
Operations, applied in order to the sheet named by "sheet" (default "Quote"):
  {"op": "set", "cell": "F9", "value": 12.5}           a number (int or float), a string, or null to clear; "as_text": true keeps a string starting with = from being a formula
  {"op": "set", "cell": "I9", "date": "2027-03-31"}    a date cell (number format yyyy-mm-dd)
  {"op": "set", "cell": "F9", "formula": "=2*3"}       a formula (openpyxl stores no calculated value)
  {"op": "format", "cell": "I9", "number_format": "General"}
  {"op": "delete_rows", "row": 10, "count": 1} / {"op": "insert_rows", "row": 10, "count": 1}
  {"op": "swap_rows", "row": 9, "other": 10}           exchanges the values of two rows
  {"op": "rename_sheet", "name": "Angebot"} / {"op": "delete_sheet"} / {"op": "new_sheet", "name": "Notes"}
  {"op": "epoch_1904"}                                 the workbook counts dates from 1904 (old Excel for Mac)
"""
import datetime
import json
import re
import sys
import zipfile

import openpyxl


def describe(path):
    wb = openpyxl.load_workbook(path)
    result = {"sheets": []}
    for ws in wb.worksheets:
        cells = {}
        for row in ws.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                value = c.value
                if isinstance(value, (datetime.datetime, datetime.date)):
                    value = value.isoformat()
                cells[c.coordinate] = {
                    "value": value,
                    "type": c.data_type,
                    "format": c.number_format,
                    "locked": c.protection.locked,
                }
        inputs = {}
        for address in ("F9", "G9", "H9", "I9", "J9"):
            c = ws[address]
            inputs[address] = {"format": c.number_format, "locked": c.protection.locked}
        result["sheets"].append({
            "name": ws.title,
            "state": ws.sheet_state,
            "freeze": ws.freeze_panes,
            "protected": bool(ws.protection.sheet),
            "validations": [
                {"sqref": str(v.sqref), "type": v.type, "operator": v.operator, "formula1": v.formula1}
                for v in ws.data_validations.dataValidation
            ],
            "cells": cells,
            "inputs": inputs,
        })
    return result


def apply(ws, wb, op):
    kind = op["op"]
    if kind == "set":
        c = ws[op["cell"]]
        if "date" in op:
            c.value = datetime.datetime.strptime(op["date"], "%Y-%m-%d")
            c.number_format = op.get("number_format", "yyyy-mm-dd")
        elif "formula" in op:
            c.value = op["formula"]
        else:
            c.value = op["value"]
            if op.get("as_text"):
                c.data_type = "s"
            if "number_format" in op:
                c.number_format = op["number_format"]
    elif kind == "format":
        ws[op["cell"]].number_format = op["number_format"]
    elif kind == "delete_rows":
        ws.delete_rows(op["row"], op.get("count", 1))
    elif kind == "insert_rows":
        ws.insert_rows(op["row"], op.get("count", 1))
    elif kind == "swap_rows":
        a, b = op["row"], op["other"]
        for col in range(1, ws.max_column + 1):
            x, y = ws.cell(a, col), ws.cell(b, col)
            x.value, y.value = y.value, x.value
    elif kind == "rename_sheet":
        ws.title = op["name"]
    elif kind == "delete_sheet":
        wb.remove(ws)
    elif kind == "new_sheet":
        wb.create_sheet(op["name"])
    elif kind == "epoch_1904":
        from openpyxl.utils.datetime import CALENDAR_MAC_1904
        wb.epoch = CALENDAR_MAC_1904
    else:
        raise ValueError("unknown op " + kind)


def main():
    request = json.load(sys.stdin)
    if "read" in request:
        json.dump(describe(request["read"]), sys.stdout, ensure_ascii=False)
        return
    wb = openpyxl.load_workbook(request["input"]) if request.get("input") else openpyxl.Workbook()
    for op in request.get("ops", []):
        name = op.get("sheet", "Quote")
        ws = wb[name] if name in wb.sheetnames else wb.active
        apply(ws, wb, op)
    wb.save(request["output"])
    if request.get("excel_like"):
        excel_like(request["output"], request.get("formula_values", {}), request.get("rich_text", ""))


def excel_like(path, formula_values, rich_text):
    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    strings = []

    def share(match):
        text = "".join(re.findall(r"<t[^>]*>(.*?)</t>", match.group(2), re.S))
        strings.append(text)
        return '<c%s t="s"><v>%d</v></c>' % (match.group(1), len(strings) - 1)

    def cache(match):
        value = formula_values.get(match.group(1))
        if value is None:
            return match.group(0)
        return '<c r="%s"%s><f>%s</f><v>%s</v></c>' % (match.group(1), match.group(2), match.group(3), value)

    reshaped = []
    for name, data in entries:
        if name.startswith("xl/worksheets/"):
            text = data.decode("utf-8")
            text = re.sub(r'<c([^>]*?) t="inlineStr"><is>(.*?)</is></c>', share, text, flags=re.S)
            text = re.sub(r'<c r="([A-Z]+\d+)"([^>]*)><f>(.*?)</f>(?:<v\s*/>|<v></v>)?</c>', cache, text)
            text = re.sub(r'<c r="[A-Z]+\d+"', "<c", text)
            data = text.encode("utf-8")
        elif name == "[Content_Types].xml":
            data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
        elif name == "xl/_rels/workbook.xml.rels":
            data = data.replace(b"</Relationships>", b'<Relationship Id="rIdShared" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
        reshaped.append((name, data))

    items = []
    for text in strings:
        if rich_text and text == rich_text:
            half = len(text) // 2
            items.append('<si><r><t>%s</t></r><r><rPr><b/></rPr><t>%s</t></r><rPh sb="0" eb="1"><t>ruby</t></rPh></si>' % (text[:half], text[half:]))
        else:
            items.append('<si><t xml:space="preserve">%s</t></si>' % text)
    shared = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">%s</sst>' % (len(items), len(items), "".join(items))
    reshaped.append(("xl/sharedStrings.xml", shared.encode("utf-8")))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in reshaped:
            target.writestr(name, data)


if __name__ == "__main__":
    main()
