/**
 * Charts on owned sheets: the chart and drawing parts are written with their relationships and
 * content types; replacing the sheet leaves no orphan parts; LibreOffice reads the chart (it keeps
 * it when it saves the workbook again) and prints the file.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as XLSX from '@e965/xlsx';
import { strFromU8, unzipSync } from 'fflate';
import { OwnedSheet } from '../../src/engine/edits';
import { applyEdits, createWorkbook } from '../../src/xlsx/patch';
import { haveLibreOffice, toPdf } from '../helpers/office';

const sheet = (counts: number[]): OwnedSheet => ({
  name: "Кластеры 'итог' школ",
  freezeHeader: true,
  blocks: [
    { kind: 'text', style: 'title', lines: ['Кластеры'] },
    {
      kind: 'table',
      name: 'clusters',
      columns: [
        { header: 'Кластер' },
        { header: 'Сентябрь', format: 'integer' },
        { header: 'Декабрь', format: 'integer' },
      ],
      rows: ['ШНОР', 'зона риска', 'ШНСУ', 'резильентная', 'стабильная'].map((c, i) => [c, counts[i], counts[i] + 1]),
    },
  ],
  charts: [{ title: 'Школы по кластерам', table: 'clusters', categories: 0, series: [1, 2] }],
});

function parts(bytes: Uint8Array): Record<string, string> {
  const files = unzipSync(bytes);
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strFromU8(v)]));
}

test('a chart part over the table’s ranges, with its drawing, relationships and content types', () => {
  const bytes = createWorkbook([sheet([3, 5, 2, 4, 40])]);
  const p = parts(bytes);
  const chart = p['xl/charts/chart1.xml'];
  // The ranges point at the table's cells: header in row 3, data in rows 4–8.
  const ws = XLSX.read(bytes).Sheets["Кластеры 'итог' школ"];
  expect([ws.A4?.v, ws.A8?.v, ws.B3?.v, ws.C3?.v, ws.B8?.v]).toEqual(['ШНОР', 'стабильная', 'Сентябрь', 'Декабрь', 40]);
  expect(chart).toContain('<c:barDir val="col"/><c:grouping val="clustered"/>');
  // Ranges are absolute, the sheet name quoted (its apostrophes doubled).
  expect(chart).toContain("<c:f>'Кластеры ''итог'' школ'!$A$4:$A$8</c:f>");
  expect(chart).toContain("<c:f>'Кластеры ''итог'' школ'!$B$4:$B$8</c:f>");
  expect(chart).toContain("<c:f>'Кластеры ''итог'' школ'!$C$3</c:f>");
  expect(chart).toContain('<c:pt idx="4"><c:v>40</c:v></c:pt>');
  expect(p['xl/drawings/drawing1.xml']).toContain('r:id="rId1"');
  expect(p['xl/drawings/_rels/drawing1.xml.rels']).toContain('Target="../charts/chart1.xml"');
  expect(p['xl/worksheets/_rels/sheet1.xml.rels']).toContain('Target="../drawings/drawing1.xml"');
  expect(p['xl/worksheets/sheet1.xml']).toMatch(/<drawing r:id="rId\d+"\/><tableParts/);
  expect(p['[Content_Types].xml']).toContain('PartName="/xl/charts/chart1.xml"');
  expect(p['[Content_Types].xml']).toContain('PartName="/xl/drawings/drawing1.xml"');
});

test('replacing the sheet replaces its chart: no orphan chart or drawing parts', () => {
  const once = createWorkbook([sheet([1, 1, 1, 1, 1])]);
  const twice = applyEdits(once, [{ kind: 'replaceSheet', sheet: sheet([7, 8, 9, 10, 11]) }]);
  const p = parts(twice);
  expect(Object.keys(p).filter((k) => k.startsWith('xl/charts/'))).toHaveLength(1);
  expect(Object.keys(p).filter((k) => /^xl\/drawings\/drawing\d+\.xml$/.test(k))).toHaveLength(1);
  const chart = Object.keys(p).find((k) => k.startsWith('xl/charts/'))!;
  expect(p[chart]).toContain('<c:pt idx="4"><c:v>11</c:v></c:pt>');
  expect(p['[Content_Types].xml'].match(/drawingml\.chart\+xml/g)).toHaveLength(1);
  // The same workbook again: a second run writes the same bytes.
  const third = applyEdits(twice, [{ kind: 'replaceSheet', sheet: sheet([7, 8, 9, 10, 11]) }]);
  expect(Object.keys(parts(third)).sort()).toEqual(Object.keys(p).sort());
});

(haveLibreOffice ? test : test.skip)(
  'LibreOffice reads the chart: it prints the file and keeps the chart when saving it as .xlsx',
  () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shnor-chart-'));
    try {
      const file = path.join(dir, 'chart.xlsx');
      fs.writeFileSync(file, createWorkbook([sheet([3, 5, 2, 4, 40])]));
      expect(fs.statSync(toPdf(file, dir)).size).toBeGreaterThan(1000);
      const outDir = path.join(dir, 'lo');
      const r = spawnSync(
        'soffice',
        [
          `-env:UserInstallation=file://${path.join(dir, 'profile2')}`,
          '--headless',
          '--convert-to',
          'xlsx:Calc MS Excel 2007 XML',
          '--outdir',
          outDir,
          file,
        ],
        { encoding: 'utf8', timeout: 120_000 },
      );
      expect(r.status).toBe(0);
      const p = parts(new Uint8Array(fs.readFileSync(path.join(outDir, 'chart.xlsx'))));
      const chart = Object.keys(p).find((k) => /^xl\/charts\/chart\d+\.xml$/.test(k));
      expect(chart).toBeDefined();
      expect(p[chart!]).toMatch(/barChart/);
      expect(p[chart!]).toMatch(/\$B\$4:\$B\$8/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
  180_000,
);
