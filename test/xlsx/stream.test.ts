/**
 * The streaming reader (src/xlsx/stream.ts) gives exactly the general reader's snapshot, or gives up
 * (null) so that the general reader is used: on the real-world corpus, the results fixtures, a
 * results workbook big enough to span many inflated pieces, and generated workbooks (property test).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import * as XLSX from '@e965/xlsx';
import { writeRussiaWorkbook } from '../../bench/russia';
import { readWorkbook } from '../../src/xlsx/read';
import { streamSnapshot } from '../../src/xlsx/stream';
import { CORPUS } from './helpers';

/** Equal as snapshots (JSON: an absent cell and an undefined one alike); a readable diff when not. */
function expectSame(name: string, a: unknown, b: unknown): void {
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  expect([name, a]).toEqual([name, b]);
  throw new Error(`${name}: the snapshots differ`);
}

function general(buf: Uint8Array): ReturnType<typeof streamSnapshot> {
  const r = readWorkbook(buf);
  return r.ok ? r.workbook : null;
}

describe('streaming reader = general reader', () => {
  test('the corpus: every file it reads, it reads as the general reader does', () => {
    // Files up to 1 MB (the suite stays quick), and LibreOffice's 300,000-line performance sample.
    const names = fs
      .readdirSync(CORPUS)
      .filter((f) => f.endsWith('.xlsx'))
      .filter((f) => f.includes('perf_300000_line') || fs.statSync(path.join(CORPUS, f)).size < 1_000_000);
    let fast = 0;
    for (const name of names) {
      const buf = new Uint8Array(fs.readFileSync(path.join(CORPUS, name)));
      const s = streamSnapshot(buf);
      if (s === null) continue;
      fast++;
      expectSame(name, s, general(buf));
    }
    // Most of the corpus takes the fast path (it gives up on strict namespaces, dates, unknown formats …).
    expect(fast).toBeGreaterThan(names.length * 0.7);
  });

  test('the results fixtures (openpyxl, LibreOffice): all read by the streaming reader, equal', () => {
    const dir = path.resolve(__dirname, '..', 'fixtures', 'results');
    const names = fs.readdirSync(dir).filter((f) => f.endsWith('.xlsx'));
    expect(names.length).toBeGreaterThan(3);
    for (const name of names) {
      const buf = new Uint8Array(fs.readFileSync(path.join(dir, name)));
      const s = streamSnapshot(buf);
      expect([name, s === null]).toEqual([name, false]);
      expectSame(name, s, general(buf));
    }
  });

  test('a results workbook of 5,400 rows (rows cut across inflated pieces), with progress reported', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shnor-stream-'));
    try {
      const file = path.join(dir, 'r.xlsx');
      const { rows, sheetBytes } = writeRussiaWorkbook(file, 300);
      expect(sheetBytes).toBeGreaterThan(2_000_000);
      const buf = new Uint8Array(fs.readFileSync(file));
      const seen: number[] = [];
      const s = streamSnapshot(buf, { onProgress: (done, total) => seen.push(done / total) });
      expect(s).not.toBeNull();
      expect(s!.sheets[0].values).toHaveLength(rows);
      expectSame('r.xlsx', s, general(buf));
      expect(seen.length).toBeGreaterThan(3);
      expect(seen[seen.length - 1]).toBe(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  const text = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom('МБОУ «СОШ № 1»', 'a & b < c > "d" \'e\'', 'строка\r\nвторая', '_x000D_', ' пробелы ', 'ёЁ😀'),
  );
  const cell = fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: -1_000_000, max: 1_000_000 }) },
    { weight: 2, arbitrary: fc.double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true }) },
    { weight: 3, arbitrary: text },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 2, arbitrary: fc.constant(null) },
  );
  const sheet = fc.record({
    rows: fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 25 }),
    merges: fc.array(fc.tuple(fc.nat(10), fc.nat(5), fc.nat(2), fc.nat(2)), { maxLength: 3 }),
    formats: fc.array(fc.tuple(fc.nat(24), fc.nat(7), fc.constantFrom('0.0', '0%', 'dd.mm.yyyy', '# ##0', '0.00%')), {
      maxLength: 6,
    }),
  });

  test('generated workbooks (SheetJS writer, shared or inline strings): equal', () => {
    fc.assert(
      fc.property(fc.array(sheet, { minLength: 1, maxLength: 3 }), fc.boolean(), (sheets, sst) => {
        const wb = XLSX.utils.book_new();
        sheets.forEach((sh, i) => {
          const ws = XLSX.utils.aoa_to_sheet(sh.rows);
          for (const [r, c, z] of sh.formats) {
            const cellRef = XLSX.utils.encode_cell({ r, c });
            if (ws[cellRef] && ws[cellRef].t === 'n') ws[cellRef].z = z;
          }
          ws['!merges'] = sh.merges.map(([r, c, h, w]) => ({
            s: { r, c },
            e: { r: r + h, c: c + w + (h === 0 ? 1 : 0) },
          }));
          XLSX.utils.book_append_sheet(wb, ws, `Лист ${i + 1}`);
        });
        const buf = new Uint8Array(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', bookSST: sst }) as Buffer);
        const s = streamSnapshot(buf);
        expect(s).not.toBeNull();
        expect(s).toEqual(general(buf));
      }),
      { numRuns: 150 },
    );
  });
});
