import * as fs from 'fs';
import * as path from 'path';
import {
  cardFormMarkdown,
  codesMarkdown,
  dtkFormMarkdown,
  resultsFormMarkdown,
  planFormMarkdown,
  roadmapFormMarkdown,
} from '../src/engine/docs';
import { CODES } from '../src/engine/issues';

const docs = path.resolve(__dirname, '..', 'docs');

describe('generated docs are up to date (run `npm run docs` after changing codes or descriptors)', () => {
  test('docs/codes.md lists every code', () => {
    const text = fs.readFileSync(path.join(docs, 'codes.md'), 'utf8');
    expect(text).toBe(codesMarkdown());
    for (const code of Object.keys(CODES)) expect(text).toContain('`' + code + '`');
  });
  test('docs/results-form.md describes the results form', () => {
    expect(fs.readFileSync(path.join(docs, 'results-form.md'), 'utf8')).toBe(resultsFormMarkdown());
  });
  test('docs/dtk-form.md describes the ДТК', () => {
    expect(fs.readFileSync(path.join(docs, 'dtk-form.md'), 'utf8')).toBe(dtkFormMarkdown());
  });
  test('docs/card-form.md describes the information card', () => {
    expect(fs.readFileSync(path.join(docs, 'card-form.md'), 'utf8')).toBe(cardFormMarkdown());
  });
  test('docs/roadmap-form.md describes the roadmap', () => {
    expect(fs.readFileSync(path.join(docs, 'roadmap-form.md'), 'utf8')).toBe(roadmapFormMarkdown());
  });
  test('docs/plan-form.md describes the plan of measures', () => {
    expect(fs.readFileSync(path.join(docs, 'plan-form.md'), 'utf8')).toBe(planFormMarkdown());
  });
  test('every code used in the engine is registered', () => {
    const used = new Set<string>();
    const walk = (d: string): void => {
      for (const f of fs.readdirSync(d)) {
        const p = path.join(d, f);
        if (fs.statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts'))
          for (const m of fs.readFileSync(p, 'utf8').matchAll(/'([A-Z]+(?:-[A-Z]+)+)'/g)) used.add(m[1]);
      }
    };
    walk(path.resolve(__dirname, '..', 'src'));
    for (const code of used)
      if (/^(FILE|UNKNOWN|MISSING|OUT|NOT|CELL|PERCENT|LOW|BELOW|NEGATIVE|RESULTS|DTK|CARD|ROADMAP)-/.test(code))
        expect(Object.keys(CODES)).toContain(code);
  });
});
