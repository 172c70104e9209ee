/**
 * The card and roadmap locators on the real-world corpus (../data/xlsx-corpus, PRODUCT.md
 * robustness): `check` runs `looksLikeCard` and `looksLikeRoadmap` on every file it reads, so they
 * must not fire on workbooks that are neither, must not throw, and must stay fast on pathological
 * files (tens of thousands of merges, megabyte-long strings). Skipped when the corpus is absent.
 */
import * as fs from 'fs';
import * as path from 'path';
import { checkCard } from '../../src/engine/card/check';
import { looksLikeCard } from '../../src/engine/card/locate';
import { checkRoadmap } from '../../src/engine/roadmap/check';
import { looksLikeRoadmap } from '../../src/engine/roadmap/locate';
import { readWorkbook } from '../../src/xlsx/read';
import { CORPUS } from '../xlsx/helpers';

test('no corpus workbook is a card or a roadmap; the checks never throw; each file under 3 s', () => {
  const hits: string[] = [];
  const slow: string[] = [];
  let read = 0;
  for (const f of fs.readdirSync(CORPUS).filter((x) => x.endsWith('.xlsx'))) {
    const r = readWorkbook(new Uint8Array(fs.readFileSync(path.join(CORPUS, f))));
    if (!r.ok) continue;
    read++;
    const t = Date.now();
    if (looksLikeCard(r.workbook)) hits.push(`card: ${f}`);
    if (looksLikeRoadmap(r.workbook)) hits.push(`roadmap: ${f}`);
    expect(() => checkCard(r.workbook, { date: '01.01.2026' })).not.toThrow();
    expect(() => checkRoadmap(r.workbook, { date: '01.01.2026' })).not.toThrow();
    if (Date.now() - t > 3000) slow.push(f);
  }
  expect(read).toBeGreaterThan(200);
  expect(hits).toEqual([]);
  expect(slow).toEqual([]);
}, 600_000);
