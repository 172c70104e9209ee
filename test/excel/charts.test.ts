/**
 * Excel charts of the product's own sheets through Office.js (issue 14): «Справка» written in
 * Excel over a results workbook written by openpyxl has the same charts as the `.xlsx` writer
 * puts into a file — the same titles, series names, value and category ranges, and the same cells
 * covered — at ExcelApi 1.7 and 1.20 (series set one by one) and at 1.6 (a chart made from the
 * block of adjacent columns, whose series Excel takes from the header row). A chart over columns
 * apart is drawn on 1.7 and left out on 1.6.
 */
import * as path from 'path';
import { strFromU8, unzipSync } from 'fflate';
import { Edit, OwnedSheet } from '../../src/engine/edits';
import { REPORT_SHEET } from '../../src/engine/report';
import { runReportSheet } from '../../src/taskpane/actions';
import { applyEdits } from '../../src/xlsx/patch';
import { SimWorkbook } from '../excel-host';
import { a1 } from '../excel-host/model';
import { ROOT, simHost } from './helpers';

const RESULTS = path.join(ROOT, 'test', 'fixtures', 'results', 'long_openpyxl.xlsx');
const NOW = new Date(2026, 11, 7);

interface FileChart {
  title: string;
  series: { name: string; values: string; categories: string }[];
  /** The cells covered, `H2:O19`. */
  covers: string;
}

/** `'Справка'!$B$5:$B$13` and `Справка!B5:B13` alike → `Справка!B5:B13`. */
function norm(ref: string): string {
  const bang = ref.lastIndexOf('!');
  const sheet = ref
    .slice(0, bang)
    .replace(/^'(.*)'$/, '$1')
    .replace(/''/g, "'");
  return `${sheet}!${ref.slice(bang + 1).replace(/\$/g, '')}`;
}

/** The charts of a written file, read from its chart and drawing parts (one drawing: one sheet with charts). */
function fileCharts(bytes: Uint8Array): FileChart[] {
  const zip = unzipSync(bytes);
  const drawings = Object.keys(zip).filter((k) => /^xl\/drawings\/drawing\d+\.xml$/.test(k));
  expect(drawings.length).toBe(1);
  const drawing = strFromU8(zip[drawings[0]]);
  const rels = strFromU8(zip[drawings[0].replace('drawings/', 'drawings/_rels/') + '.rels']);
  const target = new Map([...rels.matchAll(/Id="([^"]+)"[^>]*Target="([^"]+)"/g)].map((m) => [m[1], m[2]]));
  const anchors = [...drawing.matchAll(/<xdr:twoCellAnchor[\s\S]*?<\/xdr:twoCellAnchor>/g)].map((m) => m[0]);
  return anchors.map((a) => {
    const num = (part: string, tag: string): number =>
      Number(new RegExp(`<xdr:${part}>[\\s\\S]*?<xdr:${tag}>(\\d+)</xdr:${tag}>`).exec(a)![1]);
    const id = /r:id="([^"]+)"/.exec(a)![1];
    const xml = strFromU8(zip['xl/' + target.get(id)!.replace(/^\.\.\//, '')]);
    const title = /<c:title>[\s\S]*?<a:t>([^<]*)<\/a:t>/.exec(xml)![1];
    const series = [...xml.matchAll(/<c:ser>([\s\S]*?)<\/c:ser>/g)].map((m) => ({
      name: /<c:tx>[\s\S]*?<c:v>([^<]*)<\/c:v>/.exec(m[1])![1],
      values: norm(/<c:val>[\s\S]*?<c:f>([^<]*)<\/c:f>/.exec(m[1])![1]),
      categories: norm(/<c:cat>[\s\S]*?<c:f>([^<]*)<\/c:f>/.exec(m[1])![1]),
    }));
    const from = { col: num('from', 'col'), row: num('from', 'row') };
    const to = { col: num('to', 'col'), row: num('to', 'row') };
    return { title, series, covers: `${a1(from.row, from.col)}:${a1(to.row - 1, to.col - 1)}` };
  });
}

/** The charts of a sheet of the simulated workbook, in the same shape. */
function simCharts(wb: SimWorkbook, sheet: string): (FileChart & { type: string })[] {
  return wb.sheet(sheet)!.charts.map((c) => ({
    type: c.type,
    title: c.title,
    series: c.series.map((x) => ({ name: x.name, values: norm(x.values!), categories: norm(x.xValues!) })),
    covers: c.position!,
  }));
}

const unescape = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

describe.each(['1.6', '1.7', '1.20'])('ExcelApi %s', (version) => {
  test('«Справка» in Excel: the charts of the file writer, over the same cells', async () => {
    const { sim, host, bytes } = simHost(RESULTS, version);
    const run = await runReportSheet(host, {}, {}, { now: NOW });
    expect(run.report.sheet.charts?.length).toBe(2);
    const file = fileCharts(applyEdits(bytes!, [{ kind: 'replaceSheet', sheet: run.report.sheet }]));
    const excel = simCharts(sim.workbook, REPORT_SHEET);
    expect(excel.map((c) => c.type)).toEqual(['ColumnClustered', 'ColumnClustered']);
    expect(excel.map((c) => c.title)).toEqual([run.report.charts.dynamics.title, run.report.charts.statuses.title]);
    expect(excel.map(({ type: _t, ...c }) => c)).toEqual(
      file.map((c) => ({
        ...c,
        title: unescape(c.title),
        series: c.series.map((x) => ({ ...x, name: unescape(x.name) })),
      })),
    );
    // the series and categories hold the report's figures
    const dyn = run.report.charts.dynamics;
    const cells = (ref: string): unknown[] => {
      const [from, to] = ref.replace(/^.*!/, '').split(':');
      const col = from.replace(/\d+/g, '');
      const out: unknown[] = [];
      for (let r = Number(from.replace(/\D+/g, '')); r <= Number(to.replace(/\D+/g, '')); r++)
        out.push(sim.workbook.value(REPORT_SHEET, `${col}${r}`));
      return out;
    };
    expect(cells(excel[0].series[0].categories)).toEqual(dyn.categories);
    expect(excel[0].series.map((x) => x.name)).toEqual(dyn.series.map((x) => x.name));
    dyn.series.forEach((x, i) =>
      expect(cells(excel[0].series[i].values)).toEqual(x.values.map((v) => (v === null ? '' : v))),
    );
    expect(dyn.categories.length).toBeGreaterThan(3);
    // a constant number of syncs for the whole sheet with its charts
    expect(sim.host.stats.syncs).toBeLessThan(12);
  });

  test('a chart over columns apart, level with its table: drawn from 1.7 on, left out before', async () => {
    const { sim, host, bytes } = simHost(RESULTS, version);
    const sheet: OwnedSheet = {
      name: 'Классы',
      blocks: [
        { kind: 'text', style: 'title', lines: ['Классы'] },
        {
          kind: 'table',
          name: 'ShnorTestClass1',
          heading: '5А',
          columns: [{ header: 'Предмет' }, { header: 'Успеваемость' }, { header: 'Качество' }, { header: 'СОУ' }],
          rows: [
            ['Математика', 90, 60, 55],
            ['Русский язык', 80, 50, 48],
          ],
        },
        {
          kind: 'table',
          name: 'ShnorTestClass2',
          heading: '5Б',
          columns: [{ header: 'Предмет' }, { header: 'Успеваемость' }, { header: 'Качество' }, { header: 'СОУ' }],
          rows: [['Математика', 70, 40, 45]],
        },
      ],
      charts: [
        { title: '5А: успеваемость и СОУ', table: 'ShnorTestClass1', categories: 0, series: [1, 3], beside: true },
        { title: '5Б: всё', table: 'ShnorTestClass2', categories: 0, series: [1, 2, 3], beside: true },
      ],
    };
    const edits: Edit[] = [{ kind: 'replaceSheet', sheet }];
    await host.apply(edits);
    const file = fileCharts(applyEdits(bytes!, edits));
    const excel = simCharts(sim.workbook, 'Классы').map(({ type: _t, ...c }) => c);
    expect(excel).toEqual(version === '1.6' ? [file[1]] : file);
    // title in row 1, heading in row 3, header in row 4, data in rows 5–6; four columns, then one empty
    expect(file[0].series.map((x) => x.values)).toEqual(['Классы!B5:B6', 'Классы!D5:D6']);
    expect(file[0].series.map((x) => x.name)).toEqual(['Успеваемость', 'СОУ']);
    expect(file[0].covers).toBe('F3:M20');
    // the second table: empty row 7, heading in row 8
    expect(file[1].covers).toBe('F8:M25');
  });
});
