/**
 * The all-Russia results workbook of `cli.identifyRussia`: 40,000 schools × the nine procedures of
 * the programme × two school years = 720,000 rows of the results form (long layout), as a region's
 * office would export it — texts in the shared strings, numbers inline, every cell with its `r`
 * and a style. Written once (about 25 MB, 400 MB of sheet XML) into the system's temporary folder and kept there between runs (it
 * takes a while to write and is never committed).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PROGRAMME_PROCEDURES } from '../src/engine/results/descriptor';
import { escapeText } from '../src/xlsx/ooxml';
import { writeZip } from '../src/xlsx/zip';
import { rng } from './rng';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

const HEADERS = [
  '№',
  'Код ОО',
  'Наименование ОО',
  'Муниципалитет',
  'Учебный год',
  'Процедура',
  'Предмет',
  'Класс / уровень',
  'Дата проведения',
  'Количество участников',
  'Не справились',
  'Доля не справившихся, %',
];

/** Subject and grade cells of a programme procedure (they repeat what its name says). */
function parts(p: string): [string, string] {
  const m = /^(ВПР|ОГЭ|ЕГЭ) (математика|русский язык)(?: (\d+))?(?: \((базовый|профильный)\))?$/.exec(p)!;
  return [m[2], m[3] ?? m[4] ?? ''];
}

/** Writes the workbook (`schools` × 9 × 2 rows) to `file`. */
export function writeRussiaWorkbook(file: string, schools = 40_000, seed = 5): { rows: number; sheetBytes: number } {
  const rand = rng(seed);
  const strings: string[] = [];
  const index = new Map<string, number>();
  const sst = (s: string): number => {
    let i = index.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      index.set(s, i);
    }
    return i;
  };
  const years = ['2021-2022', '2022-2023'];
  const chunks: Buffer[] = [];
  let part = '';
  const flush = (): void => {
    chunks.push(Buffer.from(part, 'utf8'));
    part = '';
  };
  part += `${DECL}<worksheet xmlns="${NS}" xmlns:r="${REL}"><dimension ref="A1:L${schools * 18 + 1}"/>`;
  part +=
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>';
  part +=
    '<sheetFormatPr defaultRowHeight="15"/><cols><col min="1" max="1" width="12" customWidth="1"/><col min="2" max="2" width="40" customWidth="1"/></cols><sheetData>';
  part += '<row r="1" spans="1:12">';
  HEADERS.forEach((h, c) => (part += `<c r="${String.fromCharCode(65 + c)}1" s="1" t="s"><v>${sst(h)}</v></c>`));
  const procs = PROGRAMME_PROCEDURES.map((p) => {
    const [subject, grade] = parts(p);
    return { name: sst(p), subject: sst(subject), grade: grade === '' ? null : sst(grade) };
  });
  part += '</row>';
  let r = 1;
  for (let s = 0; s < schools; s++) {
    const region = 1 + (s % 89);
    const code = `sch${String(region).padStart(2, '0')}${String(s).padStart(5, '0')}`;
    const name = sst(`МБОУ «СОШ № ${(s % 450) + 1}» ${Math.floor(s / 450) + 1}`);
    const mun = sst(`Регион ${region}, муниципалитет ${s % 61}`);
    const id = sst(code);
    const weak = rand() < 0.08 ? 0.3 : 0.1;
    for (let yk = 0; yk < years.length; yk++) {
      const yi = sst(years[yk]);
      const date = 44670 + yk * 365 + (s % 20);
      for (const p of procs) {
        r++;
        const partN = 5 + Math.floor(rand() * 120);
        const failed = Math.min(partN, Math.floor(partN * weak * (0.2 + rand() * 1.2)));
        const grade = p.grade === null ? `<c r="H${r}" s="2"/>` : `<c r="H${r}" s="2" t="s"><v>${p.grade}</v></c>`;
        part +=
          `<row r="${r}" spans="1:12" ht="15" customHeight="1" x14ac:dyDescent="0.25"><c r="A${r}" s="3"><v>${r - 1}</v></c>` +
          `<c r="B${r}" s="2" t="s"><v>${id}</v></c><c r="C${r}" s="2" t="s"><v>${name}</v></c>` +
          `<c r="D${r}" s="2" t="s"><v>${mun}</v></c><c r="E${r}" s="2" t="s"><v>${yi}</v></c>` +
          `<c r="F${r}" s="2" t="s"><v>${p.name}</v></c><c r="G${r}" s="2" t="s"><v>${p.subject}</v></c>${grade}` +
          `<c r="I${r}" s="4"><v>${date}</v></c><c r="J${r}" s="3"><v>${partN}</v></c><c r="K${r}" s="3"><v>${failed}</v></c>` +
          `<c r="L${r}" s="5"><f>K${r}/J${r}*100</f><v>${Math.round((failed * 10000) / partN) / 100}</v></c></row>`;
      }
    }
    if (part.length > 1 << 20) flush();
  }
  part +=
    '</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>';
  flush();
  const sheet = Buffer.concat(chunks);
  chunks.length = 0;
  const sstXml =
    `${DECL}<sst xmlns="${NS}" count="${strings.length}" uniqueCount="${strings.length}">` +
    strings.map((s) => `<si><t>${escapeText(s)}</t></si>`).join('') +
    '</sst>';
  const styles =
    `${DECL}<styleSheet xmlns="${NS}"><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>` +
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
    '<borders count="2"><border/><border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    '<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1"/>' +
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1"/>' +
    '<xf numFmtId="1" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1"/>' +
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1"/>' +
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1"/></cellXfs>' +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';
  const enc = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));
  const zip = writeZip([
    {
      name: '[Content_Types].xml',
      data: enc(
        `${DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
          '<Default Extension="xml" ContentType="application/xml"/>' +
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
          '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
          '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
      ),
    },
    {
      name: '_rels/.rels',
      data: enc(
        `${DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
          `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ),
    },
    {
      name: 'xl/workbook.xml',
      data: enc(
        `${DECL}<workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="Результаты" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: enc(
        `${DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
          `<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
          `<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` +
          `<Relationship Id="rId3" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
      ),
    },
    { name: 'xl/worksheets/sheet1.xml', data: new Uint8Array(sheet.buffer, sheet.byteOffset, sheet.byteLength) },
    { name: 'xl/sharedStrings.xml', data: enc(sstXml) },
    { name: 'xl/styles.xml', data: enc(styles) },
  ]);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, zip);
  fs.renameSync(tmp, file);
  return { rows: r, sheetBytes: sheet.length };
}

/** The cached file (written on first use): `<tmp>/shnor-bench/russia-<schools>.xlsx`. */
export function russiaWorkbook(schools = 40_000): string {
  const file = path.join(os.tmpdir(), 'shnor-bench', `russia-v2-${schools}.xlsx`);
  if (!fs.existsSync(file)) writeRussiaWorkbook(file, schools);
  return file;
}

if (require.main === module) {
  const t0 = Date.now();
  const file = russiaWorkbook(Number(process.argv[2] ?? 40_000));
  process.stdout.write(`${file} ${fs.statSync(file).size} bytes, ${Date.now() - t0} ms\n`);
}
