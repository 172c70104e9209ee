/**
 * The `form` block of owned sheets (printable forms such as the ДТК template): per-cell values and
 * styles, merges, per-cell validation and number formats, page breaks, frozen rows; text is
 * always an inline string.
 */
import * as XLSX from '@e965/xlsx';
import { OwnedSheet } from '../../src/engine/edits';
import { applyEdits, createWorkbook } from '../../src/xlsx/patch';
import {
  STYLES_WITH_FILLS,
  entries,
  haveXmllint,
  makeXlsx,
  roughlyWellFormed,
  sheetXml,
  text,
  xmlParts,
  xmllint,
} from './helpers';

const form: OwnedSheet = {
  name: 'Форма',
  freezeHeader: true,
  landscape: true,
  blocks: [
    {
      kind: 'form',
      widths: [40, 10, 10, 20],
      freezeRows: 2,
      rows: [
        { cells: [{ value: 'Заголовок формы', style: 'title', span: 4 }] },
        {
          cells: [
            { value: 'Показатель', style: 'header' },
            { value: '2021-2022', style: 'header' },
            { value: '2022-2023', style: 'header' },
            { value: 'Примечание', style: 'header' },
          ],
        },
        {
          cells: [
            { value: '=HYPERLINK("http://x","y")', style: 'label', note: 'подсказка' },
            { value: 12, style: 'input', format: 'integer', validation: { kind: 'whole', min: 0 } },
            { value: null, style: 'input', format: 'integer', validation: { kind: 'whole', min: 0 } },
            { value: '+7 900', style: 'input', format: 'text' },
          ],
        },
        {
          cells: [
            { value: 'а) доля', style: 'label', indent: 1 },
            { value: 85, style: 'input', format: 'percentPoints', validation: { kind: 'decimal', min: 0, max: 100 } },
            { value: null, style: 'input', format: 'percentPoints', validation: { kind: 'decimal', min: 0, max: 100 } },
            { value: null, style: 'input', format: 'yesno', validation: { kind: 'list', items: ['да', 'нет'] } },
          ],
        },
        { cells: [{ value: 'Раздел 2', style: 'section', span: 4 }], pageBreakBefore: true },
        {
          lines: 3,
          cells: [
            { value: 'Вывод:', style: 'strong' },
            { value: null, style: 'input', span: 3, format: 'text' },
          ],
        },
        {
          cells: [
            { value: 'б) доля', style: 'label', indent: 2 },
            { value: null, style: 'input', format: 'percentPoints', validation: { kind: 'decimal', min: 0, max: 100 } },
          ],
        },
        { cells: [{ value: 'Подсказка под формой', style: 'note', span: 4 }] },
      ],
    },
  ],
};

describe('form block', () => {
  test('cells, merges, validation, number formats, page break, freeze; text stays text', () => {
    const bytes = createWorkbook([form]);
    const xml = text(bytes, 'xl/worksheets/sheet1.xml');
    expect(xml).toContain(
      '<mergeCells count="4"><mergeCell ref="A1:D1"/><mergeCell ref="A5:D5"/><mergeCell ref="B6:D6"/><mergeCell ref="A8:D8"/></mergeCells>',
    );
    // Covered cells of a merge are written with the same style, so borders print.
    expect(xml).toMatch(/<c r="C6" s="(\d+)"\/><c r="D6" s="\1"\/>/);
    expect(xml).toContain('<pane ySplit="2" topLeftCell="A3"');
    expect(xml).toContain('<rowBreaks count="1" manualBreakCount="1"><brk id="4" max="16383" man="1"/></rowBreaks>');
    expect(xml).toContain('<row r="6" ht="45" customHeight="1">');
    // One validation per kind; adjacent cells of a row are one range, other rows are further ranges.
    expect(xml).toMatch(/type="whole"[^>]*sqref="B3:C3"/);
    expect(xml).toMatch(/type="decimal"[^>]*sqref="B4:C4 B7"/);
    expect(xml).toContain('<formula1>"да,нет"</formula1>');
    expect(xml).toContain('<dataValidations count="3">');
    expect(xml).not.toMatch(/<f[ >]/);
    for (const m of xml.matchAll(/<c [^>]*t="([^"]+)"/g)) expect(m[1]).toBe('inlineStr');
    const styles = text(bytes, 'xl/styles.xml');
    expect(styles).toContain('formatCode="0.0&quot; %&quot;"');
    expect(styles).toMatch(/<border><left style="thin">/);
    expect(styles).toMatch(/<alignment horizontal="left" vertical="center" indent="2" wrapText="1"\/>/);
    expect(text(bytes, 'xl/comments1.xml')).toContain('подсказка');

    const wb = XLSX.read(bytes, { type: 'buffer', cellNF: true });
    const ws = wb.Sheets['Форма'];
    expect(ws.A3.v).toBe('=HYPERLINK("http://x","y")');
    expect(ws.A3.f).toBeUndefined();
    expect(ws.D3.v).toBe('+7 900');
    expect(ws.B4.v).toBe(85);
    expect(ws.B4.z).toBe('0.0" %"');
    expect(ws['!merges']).toHaveLength(4);

    const files = entries(bytes);
    const parts = xmlParts(files, Object.keys(files));
    if (haveXmllint) expect(xmllint(parts)).toBe('');
    else for (const p of Object.values(parts)) expect(roughlyWellFormed(Buffer.from(p).toString('utf8'))).toBe(true);
  });

  test('added to a user workbook: its own styles stay, the form adds borders and fills after them', () => {
    const input = makeXlsx(
      [{ name: 'Лист1', xml: sheetXml('<sheetData><row r="1"><c r="A1" s="1"><v>1</v></c></row></sheetData>') }],
      {
        styles: STYLES_WITH_FILLS,
      },
    );
    const out = applyEdits(input, [{ kind: 'replaceSheet', sheet: form }]);
    const styles = text(out, 'xl/styles.xml');
    const xfs = (xml: string): string[] =>
      (xml.slice(xml.indexOf('<cellXfs'), xml.indexOf('</cellXfs>')).match(/<xf [^>]*\/>/g) ?? []).map(String);
    // The original cell formats are still the first ones, unchanged.
    const original = xfs(STYLES_WITH_FILLS);
    expect(xfs(styles).slice(0, original.length)).toEqual(original);
    expect(xfs(styles).length).toBeGreaterThan(original.length);
    expect(styles).toMatch(/<borders count="2">/);
    expect(text(out, 'xl/worksheets/sheet1.xml')).toContain('<c r="A1" s="1"><v>1</v></c>');
    expect(XLSX.read(out, { type: 'buffer' }).Sheets['Форма'].A1.v).toBe('Заголовок формы');
  });
});
