/** LibreOffice and Poppler in tests: convert a workbook to PDF and render its first page. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const haveLibreOffice = spawnSync('sh', ['-c', 'command -v soffice && command -v pdftoppm']).status === 0;

/** Converts `file` to PDF in `outDir` with a private LibreOffice profile (parallel runs don't clash); returns the PDF path. */
export function toPdf(file: string, outDir: string, timeoutMs = 120_000): string {
  const r = spawnSync(
    'soffice',
    [
      `-env:UserInstallation=file://${path.join(outDir, 'profile')}`,
      '--headless',
      '--convert-to',
      'pdf',
      '--outdir',
      outDir,
      file,
    ],
    { encoding: 'utf8', timeout: timeoutMs },
  );
  if (r.status !== 0) throw new Error(`soffice failed (${r.status}): ${r.stderr}`);
  const pdf = path.join(outDir, path.basename(file).replace(/\.[^.]+$/, '') + '.pdf');
  if (!fs.existsSync(pdf)) throw new Error(`soffice wrote no ${pdf}`);
  return pdf;
}

/** Renders page 1 of a PDF to PNG (80 dpi); with `artifact`, also keeps it as artifacts/<artifact> to look at. */
export function firstPagePng(pdf: string, artifact?: string): Buffer {
  const base = pdf.replace(/\.pdf$/, '-page1');
  const r = spawnSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', pdf, base]);
  if (r.status !== 0) throw new Error(`pdftoppm failed (${r.status})`);
  const png = fs.readFileSync(base + '.png');
  if (artifact) {
    const dir = path.resolve(__dirname, '..', '..', 'artifacts');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, artifact), png);
  }
  return png;
}
