/**
 * The product's state inside the workbook: JSON in column A of the very-hidden sheet
 * STATE_SHEET, split into cells of fewer than 32,000 characters (Excel's limit is 32,767).
 */
import { HighlightRecord, ShnorState, WrittenRecord, emptyState, parseState } from '../engine/state';
import {
  NS,
  XML_DECL,
  cellText,
  decodeEntities,
  decodeExcelEscapes,
  findAll,
  findEl,
  getAttr,
  startTag,
  tagRegex,
} from './ooxml';

export { emptyState, parseState };
export type { HighlightRecord, ShnorState, WrittenRecord };

export const CHUNK = 32000;

/** Splits a text into pieces of at most `size` UTF-16 units without cutting a surrogate pair. */
function chunks(text: string, size: number): string[] {
  const out: string[] = [];
  let pos = 0;
  while (pos < text.length) {
    let end = Math.min(text.length, pos + size);
    if (end < text.length) {
      const c = text.charCodeAt(end - 1);
      if (c >= 0xd800 && c <= 0xdbff) end--;
    }
    out.push(text.slice(pos, end));
    pos = end;
  }
  return out;
}

export function stateSheetXml(state: ShnorState): string {
  const json = JSON.stringify(state);
  const parts = chunks(json, CHUNK);
  const rows = parts
    .map(
      (p, i) =>
        `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t xml:space="preserve">${cellText(p)}</t></is></c></row>`,
    )
    .join('');
  return (
    XML_DECL +
    `<worksheet xmlns="${NS.main}">` +
    `<dimension ref="A1${parts.length > 1 ? ':A' + parts.length : ''}"/>` +
    `<sheetData>${rows}</sheetData>` +
    '</worksheet>'
  );
}

/** The text of an `<is>` or `<si>` element's content (runs concatenated, phonetic runs skipped). */
export function stringItemText(xml: string, from: number, to: number): string {
  let out = '';
  const re = tagRegex('t|rPh');
  re.lastIndex = from;
  let m: RegExpExecArray | null;
  let skipUntil = -1;
  while ((m = re.exec(xml)) !== null && m.index < to) {
    if (m[3] === undefined || m.index < skipUntil) continue;
    if (m[3] === 'rPh' && m[1] !== '/') {
      const el = findEl(xml, 'rPh', m.index, to);
      skipUntil = el ? el.end : to;
      continue;
    }
    if (m[3] === 't' && m[1] !== '/' && !m[4].endsWith('/')) {
      const end = xml.indexOf('</' + m[2] + 't>', m.index + m[0].length);
      if (end < 0) break;
      let raw = xml.slice(m.index + m[0].length, end);
      // CDATA keeps its text as is.
      raw = raw.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_x, c: string) =>
        c.replace(/&/g, '&amp;').replace(/</g, '&lt;'),
      );
      out += decodeExcelEscapes(decodeEntities(raw));
      re.lastIndex = end;
    }
  }
  return out;
}

/** The strings of a sharedStrings part, in order. */
export function parseSharedStrings(xml: string): string[] {
  return findAll(xml, 'si').map((el) => stringItemText(xml, el.innerStart, el.innerEnd));
}

/** Concatenated text of the column A cells of the state sheet, in row order. */
export function readStateText(xml: string, shared: () => string[]): string {
  const sd = findEl(xml, 'sheetData');
  if (!sd) return '';
  const pieces: { row: number; text: string }[] = [];
  let nextRow = 1;
  for (const row of findAll(xml, 'row', sd.innerStart, sd.innerEnd)) {
    const rAttr = getAttr(startTag(xml, row), 'r');
    const rowNum = rAttr ? Number(rAttr) : nextRow;
    nextRow = rowNum + 1;
    findAll(xml, 'c', row.innerStart, row.innerEnd).forEach((c, idx) => {
      const tag = startTag(xml, c);
      const ref = getAttr(tag, 'r');
      if (ref ? !/^A[0-9]/i.test(ref) : idx !== 0) return;
      const t = getAttr(tag, 't');
      let text = '';
      if (t === 'inlineStr') {
        const is = findEl(xml, 'is', c.innerStart, c.innerEnd);
        if (is) text = stringItemText(xml, is.innerStart, is.innerEnd);
      } else {
        const v = findEl(xml, 'v', c.innerStart, c.innerEnd);
        const raw = v ? decodeEntities(xml.slice(v.innerStart, v.innerEnd)) : '';
        if (t === 's') text = shared()[Number(raw)] ?? '';
        else if (t === 'str') text = decodeExcelEscapes(raw);
        else text = raw;
      }
      pieces.push({ row: rowNum, text });
    });
  }
  pieces.sort((a, b) => a.row - b.row);
  return pieces.map((p) => p.text).join('');
}
