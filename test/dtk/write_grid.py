#!/usr/bin/python3
"""Writes the grids of test/dtk/variants.ts as .xlsx with openpyxl (another program than the one
the product reads with): JSON on stdin, a list of {path, sheet: {name, rows, merges, hiddenCols}}.
Cells: text, numbers, {"error": "#DIV/0!"}; merges [r1, c1, r2, c2] 0-based inclusive."""
import json
import sys

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

for item in json.load(sys.stdin):
    s = item['sheet']
    wb = Workbook()
    ws = wb.active
    ws.title = s['name']
    for r, row in enumerate(s['rows']):
        for c, v in enumerate(row or []):
            if v is None or v == '':
                continue
            if isinstance(v, dict):
                cell = ws.cell(row=r + 1, column=c + 1, value=v['error'])
                cell.data_type = 'e'
            else:
                ws.cell(row=r + 1, column=c + 1, value=v)
    for r1, c1, r2, c2 in s.get('merges') or []:
        ws.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)
    for c in s.get('hiddenCols') or []:
        ws.column_dimensions[get_column_letter(c + 1)].hidden = True
    wb.save(item['path'])
