/**
 * The test data kept in the repository: a clone passes its tests with nothing beside it.
 * The corpus's MANIFEST.json names every workbook, its source and its size; each must be here, whole.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CORPUS } from './xlsx/helpers';

const ROOT = path.resolve(__dirname, '..');

interface Entry {
  file: string;
  repo: string;
  size: number;
}

test('the workbook corpus holds exactly the files its manifest names, at their sizes', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(CORPUS, 'MANIFEST.json'), 'utf8')) as Entry[];
  expect(manifest).toHaveLength(297);
  const onDisk = fs
    .readdirSync(CORPUS)
    .filter((f) => f !== 'MANIFEST.json' && f !== 'README.md')
    .sort();
  expect(onDisk).toEqual(manifest.map((e) => e.file).sort());
  for (const e of manifest) {
    expect(e.repo).toMatch(/^[\w.-]+\/[\w.-]+$/);
    expect({ file: e.file, size: fs.statSync(path.join(CORPUS, e.file)).size }).toEqual({ file: e.file, size: e.size });
  }
});

test('the manifest schemas are here, and no test, script or doc reaches outside the repository for data', () => {
  expect(fs.existsSync(path.join(ROOT, 'test', 'data', 'office-manifest-xsd', 'OfficeAppManifestV1_1.xsd'))).toBe(true);
  const offenders: string[] = [];
  const walk = (dir: string): void => {
    for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, d.name);
      if (d.isDirectory()) {
        if (!['node_modules', 'dist', 'artifacts', 'out', '.git', 'data'].includes(d.name)) walk(p);
      } else if (/\.(ts|tsx|js|mjs|json|md|sh)$/.test(d.name) || d.name === 'run') {
        if (/\.\.[\\/]shared[\\/]|'\.\.', 'shared'/.test(fs.readFileSync(p, 'utf8')))
          offenders.push(path.relative(ROOT, p));
      }
    }
  };
  for (const top of ['src', 'test', 'scripts', 'bench', 'docs', '.ci']) walk(path.join(ROOT, top));
  for (const f of ['README.md', 'package.json', 'webpack.config.js', 'jest.config.js', 'jest.e2e.config.js']) {
    if (/\.\.[\\/]shared[\\/]/.test(fs.readFileSync(path.join(ROOT, f), 'utf8'))) offenders.push(f);
  }
  expect(offenders).toEqual([]);
});
