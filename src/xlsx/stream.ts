/**
 * The fast reader of big workbooks (the all-Russia results: 720,000 rows, 400 MB of sheet XML).
 *
 * The general reader (read.ts, over `@e965/xlsx`) inflates each sheet whole, builds a string of it,
 * parses it into objects per cell and only then into the snapshot: 30 s and 2 GB on such a file.
 * This one inflates a sheet piece by piece (fflate's streaming `Inflate`) and scans the bytes of
 * each piece as they come, with a small hand-written scanner for the few tags a snapshot needs —
 * `<row r>`, `<c r t s>`, `<v>`, `<is><t>` and, after the data, `<mergeCell ref>` — straight into
 * the snapshot's rows; the shared strings are read once. Its answer is the same snapshot as
 * `readWorkbook`'s (test/xlsx/stream.test.ts proves it on the corpus and on generated files); on
 * anything it does not handle (a prefixed namespace, a date cell, an unknown number format,
 * ZIP64 …) it gives up with `null` and the caller uses the general reader.
 */
import { Inflate } from 'fflate';
import { CellValue, Merge, SheetSnapshot, WorkbookSnapshot } from '../engine/snapshot';
import { decodeEntities, decodeExcelEscapes, findAll, getAttr, parseRange, startTag } from './ooxml';
import { RawEntry, entryData, readZip } from './zip';
import { parseSharedStrings } from './state';
import type { ReadResult } from './read';

/** Thrown inside the scanner when the file needs the general reader. */
class Unsupported extends Error {}

const KNOWN_ERRORS = new Set(['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A', '#GETTING_DATA']);

/** Bytes of inflated sheet handed to the scanner at a time. */
const PIECE = 1 << 18;

const utf8 = new TextDecoder('utf-8');

export interface StreamOptions {
  /**
   * Called now and then with the compressed bytes of sheet data read so far, their total, and the
   * rows of the sheets read so far.
   */
  onProgress?: (done: number, total: number, rows: number) => void;
}

interface Part {
  get(name: string): RawEntry | undefined;
}

function text(part: RawEntry | undefined): string | null {
  if (!part) return null;
  const data = entryData(part);
  if (!data) throw new Unsupported('method');
  if (data.length >= 2 && ((data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff)))
    throw new Unsupported('utf-16');
  return utf8.decode(data);
}

/** Resolves a relationship target against the folder of its source part. */
function resolve(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

function relsOf(parts: Part, source: string): Map<string, { type: string; target: string }> {
  const slash = source.lastIndexOf('/');
  const relsName = `${source.slice(0, slash + 1)}_rels/${source.slice(slash + 1)}.rels`;
  const xml = text(parts.get(relsName));
  const out = new Map<string, { type: string; target: string }>();
  if (xml === null) return out;
  for (const el of findAll(xml, 'Relationship')) {
    const tag = startTag(xml, el);
    const id = getAttr(tag, 'Id');
    const target = getAttr(tag, 'Target');
    const mode = getAttr(tag, 'TargetMode');
    if (id === null || target === null || mode === 'External') continue;
    out.set(id, { type: getAttr(tag, 'Type') ?? '', target: resolve(source, decodeURIComponent(target)) });
  }
  return out;
}

/**
 * The built-in number formats as SheetJS names them (its SSF table below id 164), so that this
 * reader gives the same format codes without loading SheetJS (a second of start-up on a busy
 * machine). An id missing here and in the file's own numFmts makes the reader give up.
 */
const BUILTIN_FORMATS: Record<number, string> = {
  0: 'General',
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'm/d/yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy h:mm',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00;(#,##0.00)',
  40: '#,##0.00;[Red](#,##0.00)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  48: '##0.0E+0',
  49: '@',
};

/** Number format code of every cell style (`cellXfs`), null for General. */
function styleFormats(xml: string | null): (string | null)[] {
  if (xml === null) return [];
  if (/<\w+:styleSheet/.test(xml)) throw new Unsupported('prefix');
  const custom = new Map<number, string>();
  for (const el of findAll(xml, 'numFmt')) {
    const tag = startTag(xml, el);
    const id = Number(getAttr(tag, 'numFmtId'));
    const code = getAttr(tag, 'formatCode');
    if (Number.isInteger(id) && code !== null) custom.set(id, code);
  }
  const table = BUILTIN_FORMATS;
  const xfs = findAll(xml, 'cellXfs')[0];
  if (!xfs) return [];
  return findAll(xml, 'xf', xfs.innerStart, xfs.innerEnd).map((el) => {
    const id = Number(getAttr(startTag(xml, el), 'numFmtId') ?? 0);
    const code = custom.get(id) ?? (id < 164 ? table[id] : undefined);
    if (code === undefined) throw new Unsupported(`numFmt ${id}`);
    return code === 'General' ? null : code;
  });
}

// Byte codes.
const LT = 60; // <
const GT = 62; // >
const SLASH = 47;
const QUOTE = 34;
const APOS = 39;
const EQ = 61;

function isSpace(b: number): boolean {
  return b === 32 || b === 9 || b === 10 || b === 13;
}

/** The scanner of one sheet's XML, fed piece by piece. */
class SheetScanner {
  values: CellValue[][] = [];
  formats: (string | null)[][] | undefined;
  merges: Merge[] = [];
  private phase: 0 | 1 | 2 = 0; // before <sheetData>, inside it, after it
  /** The unscanned end of the last piece at its start, the next piece after it. */
  private work: Uint8Array = new Uint8Array(0);
  private carryLen = 0;
  /** The row whose number formats are being collected, and the last row's (shared when equal). */
  private fRow = -1;
  private fPrev: (string | null)[] | null = null;
  private tail: Uint8Array[] = [];
  private row = -1;
  private col = -1;
  private first = true;

  constructor(
    private readonly shared: string[],
    private readonly fmts: (string | null)[],
  ) {}

  push(piece: Uint8Array, final: boolean): void {
    let buf = piece;
    if (this.carryLen > 0) {
      const need = this.carryLen + piece.length;
      if (this.work.length < need) {
        const w = new Uint8Array(need * 2);
        w.set(this.work.subarray(0, this.carryLen));
        this.work = w;
      }
      this.work.set(piece, this.carryLen);
      buf = this.work.subarray(0, need);
    }
    if (this.first && buf.length > 0) {
      this.first = false;
      const head = utf8.decode(buf.subarray(0, Math.min(buf.length, 2048)));
      if (/<\w+:worksheet[\s>]/.test(head) || head.includes('purl.oclc.org')) throw new Unsupported('namespace');
      if (/<\?xml[^>]*encoding="(?!utf-8)/i.test(head)) throw new Unsupported('encoding');
    }
    let i = 0;
    if (this.phase === 0) {
      const at = indexOf(buf, SHEET_DATA, 0);
      if (at < 0) {
        this.keep(buf, Math.max(0, buf.length - SHEET_DATA.length), final);
        return;
      }
      const gt = buf.indexOf(GT, at);
      if (gt < 0) {
        this.keep(buf, at, final);
        return;
      }
      this.phase = buf[gt - 1] === SLASH ? 2 : 1;
      i = gt + 1;
      if (this.phase === 2) {
        this.tail.push(buf.slice(i));
        this.carryLen = 0;
        return;
      }
    }
    if (this.phase === 1) {
      // Only whole rows are scanned; the rest waits for the next piece.
      let end = final ? buf.length : lastIndexOf(buf, ROW_END);
      if (end < 0 || end < i) end = i;
      else if (!final) end += ROW_END.length;
      if (!final) {
        const sd = indexOf(buf, SHEET_DATA_END, end);
        if (sd >= 0) end = sd + SHEET_DATA_END.length;
      }
      const stop = this.scan(buf, i, end);
      if (stop >= 0) {
        this.phase = 2;
        this.tail.push(buf.slice(stop));
        this.carryLen = 0;
        return;
      }
      this.keep(buf, end, final);
      return;
    }
    this.tail.push(final ? buf : buf.slice());
    this.carryLen = 0;
  }

  private keep(buf: Uint8Array, from: number, final: boolean): void {
    const n = buf.length - from;
    if (final || n === 0) {
      this.carryLen = 0;
      return;
    }
    if (buf.buffer === this.work.buffer) {
      this.work.copyWithin(0, from, buf.length);
    } else {
      if (this.work.length < n) this.work = new Uint8Array(Math.max(n * 2, PIECE * 2));
      this.work.set(buf.subarray(from));
    }
    this.carryLen = n;
  }

  /** Gives the collected row the last row's array of number formats when they are the same. */
  private shareFormats(): void {
    const f = this.formats!;
    const cur = f[this.fRow];
    const prev = this.fPrev;
    if (prev !== null && prev.length === cur.length) {
      let same = true;
      for (let c = 0; c < cur.length; c++) {
        if (cur[c] !== prev[c]) {
          same = false;
          break;
        }
      }
      if (same) {
        f[this.fRow] = prev;
        return;
      }
    }
    this.fPrev = cur;
  }

  /** SheetJS keeps an empty cell wherever a hyperlink or a comment is anchored. */
  stubs(refs: Iterable<string>): void {
    for (const ref of refs) {
      const r = parseRange(ref);
      if (!r) continue;
      if ((r.r2 - r.r1 + 1) * (r.c2 - r.c1 + 1) > 10_000) throw new Unsupported('stub range');
      for (let y = r.r1; y <= r.r2; y++) {
        const line = (this.values[y] ??= []);
        for (let x = r.c1; x <= r.c2; x++) {
          while (line.length < x) line.push(null);
          if (line[x] === undefined) line[x] = null;
        }
      }
    }
  }

  finish(): void {
    if (this.fRow >= 0) this.shareFormats();
    if (this.phase !== 2 && this.phase !== 1) return;
    let n = 0;
    for (const t of this.tail) n += t.length;
    const all = new Uint8Array(n);
    let p = 0;
    for (const t of this.tail) {
      all.set(t, p);
      p += t.length;
    }
    const xml = utf8.decode(all);
    const mc = findAll(xml, 'mergeCells')[0];
    if (mc) {
      for (const el of findAll(xml, 'mergeCell', mc.innerStart, mc.innerEnd)) {
        const ref = getAttr(startTag(xml, el), 'ref');
        const r = ref === null ? null : parseRange(ref);
        if (r) this.merges.push(r);
      }
    }
    const hl = findAll(xml, 'hyperlinks')[0];
    if (hl) this.stubs(refsOf(xml, 'hyperlink', hl.innerStart, hl.innerEnd));
    for (let r = 0; r < this.values.length; r++) if (this.values[r] === undefined) this.values[r] = [];
  }

  /** Scans rows in [from, to); returns the position after `</sheetData>` when it is met, else -1. */
  private scan(b: Uint8Array, from: number, to: number): number {
    let i = from;
    while (i < to) {
      const lt = find(b, LT, i, to);
      if (lt < 0 || lt >= to) return -1;
      const n1 = b[lt + 1];
      if (n1 === 99 /* c */ && !isNameByte(b[lt + 2])) {
        i = this.cell(b, lt + 2, to);
        continue;
      }
      if (n1 === 114 /* r */ && b[lt + 2] === 111 && b[lt + 3] === 119 && !isNameByte(b[lt + 4])) {
        i = this.rowStart(b, lt + 4, to);
        continue;
      }
      if (n1 === SLASH && b[lt + 2] === 115 /* s */ && startsAt(b, lt, SHEET_DATA_END)) {
        return lt + SHEET_DATA_END.length;
      }
      if (n1 === 33 /* ! */ || n1 === 63 /* ? */) throw new Unsupported('markup');
      const gt = find(b, GT, lt, to);
      if (gt < 0) throw new Unsupported('truncated');
      i = gt + 1;
    }
    return -1;
  }

  private rowStart(b: Uint8Array, p: number, to: number): number {
    let r = -1;
    const gt = find(b, GT, p, to);
    if (gt < 0 || gt >= to) throw new Unsupported('truncated');
    let i = p;
    while (i < gt) {
      if (b[i] === 114 /* r */ && b[i + 1] === EQ && isSpace(b[i - 1])) {
        const q = b[i + 2];
        if (q !== QUOTE && q !== APOS) throw new Unsupported('attr');
        let n = 0;
        let k = i + 3;
        for (; b[k] !== q; k++) {
          const d = b[k] - 48;
          if (d < 0 || d > 9) throw new Unsupported('row ref');
          n = n * 10 + d;
        }
        r = n - 1;
        i = k + 1;
        continue;
      }
      i++;
    }
    this.row = r >= 0 ? r : this.row + 1;
    this.col = -1;
    return gt + 1;
  }

  /** A cell starting after `<c`; returns the position after it. */
  private cell(b: Uint8Array, p: number, to: number): number {
    const gt = find(b, GT, p, to);
    if (gt < 0 || gt >= to) throw new Unsupported('truncated');
    let row = -1;
    let col = -1;
    let type = 0; // 0 n, 1 s, 2 str, 3 inlineStr, 4 b, 5 e
    let style = 0;
    let i = p;
    while (i < gt) {
      const ch = b[i];
      if (!isSpace(b[i - 1]) || b[i + 1] !== EQ) {
        i++;
        continue;
      }
      const q = b[i + 2];
      if (q !== QUOTE && q !== APOS) throw new Unsupported('attr');
      const vs = i + 3;
      const ve = find(b, q, vs, to);
      if (ve < 0 || ve > gt) throw new Unsupported('attr');
      if (ch === 114 /* r */) {
        let c = 0;
        let k = vs;
        for (; k < ve; k++) {
          const x = b[k];
          if (x >= 65 && x <= 90) c = c * 26 + (x - 64);
          else break;
        }
        let n = 0;
        for (; k < ve; k++) {
          const d = b[k] - 48;
          if (d < 0 || d > 9) throw new Unsupported('cell ref');
          n = n * 10 + d;
        }
        if (c === 0 || n === 0) throw new Unsupported('cell ref');
        col = c - 1;
        row = n - 1;
      } else if (ch === 116 /* t */) {
        const len = ve - vs;
        const t0 = b[vs];
        if (len === 1 && t0 === 110) type = 0;
        else if (len === 1 && t0 === 115) type = 1;
        else if (len === 3 && t0 === 115)
          type = 2; // str
        else if (len === 9 && t0 === 105)
          type = 3; // inlineStr
        else if (len === 1 && t0 === 98) type = 4;
        else if (len === 1 && t0 === 101) type = 5;
        else throw new Unsupported('cell type');
      } else if (ch === 115 /* s */) {
        let n = 0;
        for (let k = vs; k < ve; k++) {
          const d = b[k] - 48;
          if (d < 0 || d > 9) throw new Unsupported('style');
          n = n * 10 + d;
        }
        style = n;
      }
      i = ve + 1;
    }
    if (row < 0) {
      row = this.row;
      col = this.col + 1;
    } else if (row !== this.row) {
      if (row < this.row) throw new Unsupported('row order');
      this.row = row;
    }
    this.col = col;
    if (b[gt - 1] === SLASH) {
      // An empty cell: no stub, as SheetJS keeps none, except a boolean one, which it reads as false.
      if (type === 4) this.put(row, col, false, 4, style);
      return gt + 1;
    }
    // The content: <f>…</f>, <v>…</v>, <is>…</is>, up to </c>.
    let vStart = -1;
    let vEnd = -1;
    let inline: string | null = null;
    let k = gt + 1;
    for (;;) {
      const lt = find(b, LT, k, to);
      if (lt < 0 || lt >= to) throw new Unsupported('truncated');
      const n1 = b[lt + 1];
      if (n1 === SLASH) {
        const e = find(b, GT, lt, to);
        if (e < 0) throw new Unsupported('truncated');
        if (b[lt + 2] === 99 /* c */ && e === lt + 3) {
          k = e + 1;
          break;
        }
        k = e + 1;
        continue;
      }
      if (n1 === 118 /* v */ && b[lt + 2] === GT) {
        vStart = lt + 3;
        vEnd = find(b, LT, vStart, to);
        if (vEnd < 0) throw new Unsupported('truncated');
        k = vEnd;
        continue;
      }
      if (n1 === 118 && b[lt + 2] === SLASH) {
        vStart = vEnd = lt;
        k = lt + 4;
        continue;
      }
      if (n1 === 118 && isSpace(b[lt + 2])) {
        // <v xml:space="preserve">…</v>
        const e = find(b, GT, lt, to);
        if (e < 0) throw new Unsupported('truncated');
        if (b[e - 1] === SLASH) {
          vStart = vEnd = lt;
          k = e + 1;
          continue;
        }
        vStart = e + 1;
        vEnd = find(b, LT, vStart, to);
        if (vEnd < 0) throw new Unsupported('truncated');
        k = vEnd;
        continue;
      }
      if (n1 === 102 /* f */ && !isNameByte(b[lt + 2])) {
        const e = find(b, GT, lt, to);
        if (e < 0) throw new Unsupported('truncated');
        if (b[e - 1] === SLASH) {
          k = e + 1;
          continue;
        }
        const close = indexOf(b, F_END, e);
        if (close < 0 || close >= to) throw new Unsupported('truncated');
        k = close + F_END.length;
        continue;
      }
      if (n1 === 105 /* i */ && b[lt + 2] === 115 && !isNameByte(b[lt + 3])) {
        const e = find(b, GT, lt, to);
        if (e < 0) throw new Unsupported('truncated');
        if (b[e - 1] === SLASH) {
          inline = '';
          k = e + 1;
          continue;
        }
        const close = indexOf(b, IS_END, e);
        if (close < 0 || close >= to) throw new Unsupported('truncated');
        inline = inlineText(b, e + 1, close);
        k = close + IS_END.length;
        continue;
      }
      throw new Unsupported('cell content');
    }
    let v: CellValue;
    switch (type) {
      case 0: {
        if (vStart < 0) return k;
        v = parseNumber(b, vStart, vEnd);
        break;
      }
      case 1: {
        if (vStart < 0) return k;
        let n = 0;
        for (let x = vStart; x < vEnd; x++) {
          const d = b[x] - 48;
          if (d < 0 || d > 9) throw new Unsupported('sst index');
          n = n * 10 + d;
        }
        if (vEnd === vStart || n >= this.shared.length) throw new Unsupported('sst index');
        v = this.shared[n];
        break;
      }
      case 2:
        if (vStart < 0) return k;
        v = decodeExcelEscapes(decodeEntities(utf8.decode(b.subarray(vStart, vEnd)))).replace(/\r\n/g, '\n');
        break;
      case 3:
        if (inline === null) return k;
        v = inline.replace(/\r\n/g, '\n');
        break;
      case 4:
        v = vStart >= 0 && vEnd - vStart === 1 && b[vStart] === 49;
        break;
      default: {
        if (vStart < 0) return k;
        const e = utf8.decode(b.subarray(vStart, vEnd));
        if (!KNOWN_ERRORS.has(e)) throw new Unsupported('error');
        v = { error: e };
      }
    }
    this.put(row, col, v, type, style);
    return k;
  }

  private put(row: number, col: number, v: CellValue, type: number, style: number): void {
    let line = this.values[row];
    if (line === undefined) line = this.values[row] = [];
    while (line.length < col) line.push(null);
    line[col] = v;
    if (type === 0) {
      if (style >= this.fmts.length) {
        if (this.fmts.length > 0) throw new Unsupported('style');
      } else {
        const z = this.fmts[style];
        if (z !== null) {
          const f = (this.formats ??= []);
          let line = f[row];
          if (line === undefined) {
            if (this.fRow >= 0) this.shareFormats();
            line = f[row] = [];
            this.fRow = row;
          }
          line[col] = z;
        }
      }
    }
  }
}

function refsOf(xml: string, local: string, from = 0, to = xml.length): string[] {
  const out: string[] = [];
  for (const el of findAll(xml, local, from, to)) {
    const ref = getAttr(startTag(xml, el), 'ref');
    if (ref !== null) out.push(ref);
  }
  return out;
}

/** The position of `byte` in b[from, to), or -1 (a plain loop: cheaper than TypedArray#indexOf on short spans). */
function find(b: Uint8Array, byte: number, from: number, to: number): number {
  for (let i = from; i < to; i++) if (b[i] === byte) return i;
  return -1;
}

function isNameByte(b: number): boolean {
  return (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57) || b === 58 || b === 95 || b === 45;
}

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const SHEET_DATA = enc('<sheetData');
const SHEET_DATA_END = enc('</sheetData>');
const ROW_END = enc('</row>');
const F_END = enc('</f>');
const IS_END = enc('</is>');

function startsAt(b: Uint8Array, at: number, pat: Uint8Array): boolean {
  if (at + pat.length > b.length) return false;
  for (let j = 0; j < pat.length; j++) if (b[at + j] !== pat[j]) return false;
  return true;
}

function indexOf(b: Uint8Array, pat: Uint8Array, from: number): number {
  let i = from;
  for (;;) {
    i = find(b, pat[0], i, b.length);
    if (i < 0) return -1;
    if (startsAt(b, i, pat)) return i;
    i++;
  }
}

function lastIndexOf(b: Uint8Array, pat: Uint8Array): number {
  let i = b.length - pat.length;
  for (;;) {
    i = b.lastIndexOf(pat[0], i);
    if (i < 0) return -1;
    if (startsAt(b, i, pat)) return i;
    i--;
  }
}

/** The text of an `<is>` element: its `<t>` runs, phonetic runs left out. */
function inlineText(b: Uint8Array, from: number, to: number): string {
  const xml = utf8.decode(b.subarray(from, to));
  if (xml.includes('<![CDATA[')) throw new Unsupported('cdata');
  let out = '';
  const re = /<(\/?)(t|rPh)(\s[^>]*)?(\/?)>/g;
  let m: RegExpExecArray | null;
  let inPh = false;
  while ((m = re.exec(xml)) !== null) {
    if (m[2] === 'rPh') {
      if (m[4] !== '/') inPh = m[1] !== '/';
      continue;
    }
    if (m[1] === '/' || m[4] === '/' || inPh) continue;
    const end = xml.indexOf('</t>', re.lastIndex);
    if (end < 0) throw new Unsupported('inline');
    out += decodeExcelEscapes(decodeEntities(xml.slice(re.lastIndex, end)));
    re.lastIndex = end + 4;
  }
  return out;
}

const latin1 = new TextDecoder('latin1');

/** A `<v>` number: whole numbers by hand (exact), the rest by parseFloat as SheetJS does. */
function parseNumber(b: Uint8Array, from: number, to: number): number {
  let i = from;
  let neg = false;
  if (b[i] === 45) {
    neg = true;
    i++;
  }
  if (i < to && to - i <= 15) {
    let n = 0;
    let k = i;
    for (; k < to; k++) {
      const d = b[k] - 48;
      if (d < 0 || d > 9) break;
      n = n * 10 + d;
    }
    if (k === to) return neg ? (n === 0 ? -0 : -n) : n;
  }
  const s = latin1.decode(b.subarray(from, to));
  const x = parseFloat(s);
  if (Number.isNaN(x) || s.trim() !== s) throw new Unsupported('number');
  return x;
}

/** A shared-strings list of plain items only (`<si><t>…</t></si>`), read by one sticky expression. */
const PLAIN_SI = /<si><t(?: xml:space="preserve")?>([^<]*)<\/t><\/si>/y;

/** The shared strings as SheetJS reads them (line breaks `\r\n` as `\n`). */
function sharedStrings(xml: string): string[] {
  const open = xml.indexOf('<si>');
  const close = xml.lastIndexOf('</sst>');
  if (open >= 0 && close > open) {
    const out: string[] = [];
    PLAIN_SI.lastIndex = open;
    let end = open;
    let m: RegExpExecArray | null;
    while ((m = PLAIN_SI.exec(xml)) !== null) {
      const t = m[1];
      out.push(t.indexOf('&') < 0 && t.indexOf('_x') < 0 && t.indexOf('\r') < 0 ? t : decode(t));
      end = PLAIN_SI.lastIndex;
    }
    // Every item plain, up to the end of the list: done. Else (runs, phonetic runs …) the full reading.
    if (xml.slice(end, close).trim() === '') return out;
  }
  return parseSharedStrings(xml).map((t) => t.replace(/\r\n/g, '\n'));
}

function decode(t: string): string {
  return decodeExcelEscapes(decodeEntities(t)).replace(/\r\n/g, '\n');
}

/**
 * The snapshot of a workbook by the streaming scanner, or null when the file needs the general
 * reader (see the file's header).
 */
export function streamSnapshot(buf: Uint8Array, opts: StreamOptions = {}): WorkbookSnapshot | null {
  try {
    return read(buf, opts);
  } catch (e) {
    if (e instanceof Unsupported) return null;
    // A damaged part: the general reader gives the message.
    return null;
  }
}

/**
 * The streaming reader when it handles the file, else `general` (the SheetJS-based `readWorkbook`,
 * passed in so that a caller may load it only when needed): the one choice of reader shared by
 * `shnor` (src/cli/jobs.ts) and the web page's reading worker (src/taskpane/readJob.ts).
 */
export function readFast(
  bytes: Uint8Array,
  general: (bytes: Uint8Array) => ReadResult,
  opts: StreamOptions = {},
): ReadResult {
  const wb = streamSnapshot(bytes, opts);
  return wb ? { ok: true, workbook: wb } : general(bytes);
}

function read(buf: Uint8Array, opts: StreamOptions): WorkbookSnapshot | null {
  const zip = readZip(buf);
  if (!zip) return null;
  const byName = new Map<string, RawEntry>();
  const byLower = new Map<string, RawEntry>();
  for (const e of zip.entries) {
    if (e.flags & 1) return null;
    byName.set(e.name, e);
    byLower.set(e.name.toLowerCase(), e);
  }
  const parts: Part = { get: (n) => byName.get(n) ?? byLower.get(n.toLowerCase()) };
  const root = relsOf(parts, '');
  const office = [...root.values()].find((r) => /\/officeDocument$/.test(r.type));
  const wbName = office?.target ?? 'xl/workbook.xml';
  const wbXml = text(parts.get(wbName));
  if (wbXml === null || /<\w+:workbook[\s>]/.test(wbXml)) return null;
  if (/<workbookPr[^>]*date1904="(1|true)"/.test(wbXml)) return null;
  const rels = relsOf(parts, wbName);
  let sharedName: string | null = null;
  let stylesName: string | null = null;
  for (const r of rels.values()) {
    if (/\/sharedStrings$/.test(r.type)) sharedName = r.target;
    else if (/\/styles$/.test(r.type)) stylesName = r.target;
  }
  const sstXml = sharedName === null ? null : text(parts.get(sharedName));
  if (sstXml !== null && /<\w+:sst[\s>]/.test(sstXml)) return null;
  const shared = sstXml === null ? [] : sharedStrings(sstXml);
  const fmts = styleFormats(stylesName === null ? null : text(parts.get(stylesName)));
  const sheetsEl = findAll(wbXml, 'sheets')[0];
  if (!sheetsEl) return null;
  const list = findAll(wbXml, 'sheet', sheetsEl.innerStart, sheetsEl.innerEnd).map((el) => {
    const tag = startTag(wbXml, el);
    const id = getAttr(tag, 'r:id');
    const rel = id === null ? undefined : rels.get(id);
    return {
      name: getAttr(tag, 'name') ?? '',
      state: getAttr(tag, 'state'),
      rel,
    };
  });
  if (list.length === 0) return null;
  let total = 0;
  const entries = list.map((s) => {
    if (!s.rel || !/\/worksheet$/.test(s.rel.type)) throw new Unsupported('not a worksheet');
    const e = parts.get(s.rel.target);
    if (!e || (e.method !== 0 && e.method !== 8)) throw new Unsupported('part');
    total += e.csize;
    return e;
  });
  let done = 0;
  let rows = 0;
  const sheets: SheetSnapshot[] = list.map((s, k) => {
    const e = entries[k];
    const scanner = new SheetScanner(shared, fmts);
    const data = e.local.subarray(e.dataOffset, e.dataOffset + e.csize);
    if (e.method === 0) {
      for (let p = 0; p < data.length; p += PIECE)
        scanner.push(data.subarray(p, Math.min(data.length, p + PIECE)), p + PIECE >= data.length);
      if (data.length === 0) scanner.push(new Uint8Array(0), true);
    } else {
      const inflate = new Inflate((chunk, final) => scanner.push(chunk, final));
      const step = PIECE >> 2;
      for (let p = 0; p < data.length; p += step) {
        const last = p + step >= data.length;
        inflate.push(data.subarray(p, Math.min(data.length, p + step)), last);
        opts.onProgress?.(done + Math.min(data.length, p + step), total, rows + scanner.values.length);
      }
      if (data.length === 0) throw new Unsupported('empty part');
    }
    done += data.length;
    rows += scanner.values.length;
    for (const r of relsOf(parts, list[k].rel!.target).values()) {
      if (/\/comments$/.test(r.type)) scanner.stubs(refsOf(text(parts.get(r.target)) ?? '', 'comment'));
      else if (/\/threadedComment$/.test(r.type))
        scanner.stubs(refsOf(text(parts.get(r.target)) ?? '', 'threadedComment'));
    }
    scanner.finish();
    const visibility = s.state === 'veryHidden' ? 'veryHidden' : s.state === 'hidden' ? 'hidden' : 'visible';
    return { name: s.name, values: scanner.values, formats: scanner.formats, merges: scanner.merges, visibility };
  });
  return { sheets };
}
