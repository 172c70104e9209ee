/**
 * Small helpers for working on OOXML parts as text: escaping, attributes of a start tag, and
 * finding elements by local name (any namespace prefix) while skipping comments and CDATA.
 * No DOM is ever built: sheets can be tens of megabytes.
 */
import { columnName } from '../engine/snapshot';

export const NS = {
  main: 'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
  rel: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  pkgRel: 'http://schemas.openxmlformats.org/package/2006/relationships',
  contentTypes: 'http://schemas.openxmlformats.org/package/2006/content-types',
  strict: 'http://purl.oclc.org/ooxml/',
};

const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/';
export const REL = {
  officeDocument: R + 'officeDocument',
  worksheet: R + 'worksheet',
  styles: R + 'styles',
  sharedStrings: R + 'sharedStrings',
  table: R + 'table',
  comments: R + 'comments',
  vmlDrawing: R + 'vmlDrawing',
  calcChain: R + 'calcChain',
};

const CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml.';
export const CONTENT_TYPE = {
  worksheet: CT + 'worksheet+xml',
  styles: CT + 'styles+xml',
  table: CT + 'table+xml',
  comments: CT + 'comments+xml',
  vml: 'application/vnd.openxmlformats-officedocument.vmlDrawing',
  rels: 'application/vnd.openxmlformats-package.relationships+xml',
};

export const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

// Characters not allowed in XML 1.0 (C0 controls except tab/LF/CR, U+FFFE/U+FFFF, lone surrogates).
const ILLEGAL =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function stripIllegalXml(s: string): string {
  return s.replace(ILLEGAL, '');
}

export function escapeText(s: string): string {
  return stripIllegalXml(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttr(s: string): string {
  return stripIllegalXml(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

/**
 * A string as Excel stores it: illegal characters dropped and literal `_xHHHH_` sequences
 * protected (Excel would otherwise decode them as escaped characters). Not XML-escaped.
 */
export function excelString(s: string): string {
  return stripIllegalXml(s).replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1');
}

/** Excel keeps at most 32,767 characters in a cell. */
export const MAX_CELL_TEXT = 32767;

/** Text content for a cell or comment string: `excelString`, cut to Excel's limit, XML-escaped. */
export function cellText(s: string): string {
  let t = excelString(s);
  if (t.length > MAX_CELL_TEXT) {
    t = t.slice(0, MAX_CELL_TEXT);
    const last = t.charCodeAt(t.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) t = t.slice(0, -1);
  }
  return escapeText(t);
}

export function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_m, e: string) => {
    switch (e) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default: {
        const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return String.fromCodePoint(code);
      }
    }
  });
}

/** Undoes Excel's `_xHHHH_` escaping of string content. */
export function decodeExcelEscapes(s: string): string {
  if (s.indexOf('_x') < 0) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

function attrRegex(name: string): RegExp {
  return new RegExp('(^|\\s)' + name.replace(/[.:]/g, '\\$&') + '\\s*=\\s*(?:"([^"]*)"|\'([^\']*)\')');
}
const attrCache = new Map<string, RegExp>();
function cachedAttrRegex(name: string): RegExp {
  let re = attrCache.get(name);
  if (!re) {
    re = attrRegex(name);
    attrCache.set(name, re);
  }
  return re;
}

/** The decoded value of an attribute in a start tag's text (or its attribute part), or null. */
export function getAttr(tag: string, name: string): string | null {
  const m = cachedAttrRegex(name).exec(tag);
  if (!m) return null;
  return decodeEntities(m[2] ?? m[3] ?? '');
}

/**
 * Sets an attribute in a start tag's text (`<x a="1"/>` or `<x a="1">`): the value is replaced
 * in place when the attribute exists, else ` name="value"` is added before the tag's end.
 * `value` must already be escaped.
 */
export function setAttr(tag: string, name: string, value: string): string {
  const re = cachedAttrRegex(name);
  const m = re.exec(tag);
  if (m) {
    const q = m[2] !== undefined ? '"' : "'";
    const start = m.index + m[1].length;
    return tag.slice(0, start) + name + '=' + q + value + q + tag.slice(m.index + m[0].length);
  }
  const end = tag.endsWith('/>') ? tag.length - 2 : tag.endsWith('>') ? tag.length - 1 : tag.length;
  return tag.slice(0, end) + ' ' + name + '="' + value + '"' + tag.slice(end);
}

/** Removes an attribute together with the one whitespace character before it. */
export function removeAttr(tag: string, name: string): string {
  const m = cachedAttrRegex(name).exec(tag);
  if (!m) return tag;
  return tag.slice(0, m.index) + tag.slice(m.index + m[0].length);
}

export interface El {
  /** Offset of `<`. */
  start: number;
  /** Offset just after the start tag's `>`. */
  openEnd: number;
  /** Offset just after the element (after `/>` or the end tag). */
  end: number;
  selfClosing: boolean;
  /** Namespace prefix with its colon (`x:`), or ''. */
  prefix: string;
  /** Offsets of the content (equal to openEnd/openEnd for a self-closing element). */
  innerStart: number;
  innerEnd: number;
}

const regexCache = new Map<string, RegExp>();

/**
 * A global regex matching comments, CDATA, processing instructions, and start or end tags of
 * elements with the given local name (alternatives separated by `|`). Groups: 1 = `/` for an end
 * tag, 2 = prefix with colon, 3 = local name, 4 = attributes (with a trailing `/` when self-closing).
 */
export function tagRegex(localNames: string): RegExp {
  let re = regexCache.get(localNames);
  if (!re) {
    re = new RegExp(
      '<!\\[CDATA\\[[\\s\\S]*?\\]\\]>|<!--[\\s\\S]*?-->|<\\?[\\s\\S]*?\\?>|<(\\/?)((?:[A-Za-z_][\\w.-]*:)?)(' +
        localNames +
        ')(?=[\\s/>])([^>]*)>',
      'g',
    );
    regexCache.set(localNames, re);
  }
  re.lastIndex = 0;
  return re;
}

/** Finds the first element with this local name in [from, to), with its matching end. */
export function findEl(xml: string, local: string, from = 0, to = xml.length): El | null {
  // Searching a prefix of a huge part must not scan the rest of it.
  if (to < xml.length - 4096) xml = xml.slice(0, to);
  const re = tagRegex(local);
  re.lastIndex = from;
  let m: RegExpExecArray | null;
  let open: { start: number; openEnd: number; prefix: string } | null = null;
  let depth = 0;
  while ((m = re.exec(xml)) !== null && m.index < to) {
    if (m[3] === undefined) continue;
    const isEnd = m[1] === '/';
    const selfClosing = !isEnd && m[4].endsWith('/');
    if (!open) {
      if (isEnd) continue;
      const start = m.index;
      const openEnd = m.index + m[0].length;
      if (selfClosing) {
        return {
          start,
          openEnd,
          end: openEnd,
          selfClosing: true,
          prefix: m[2],
          innerStart: openEnd,
          innerEnd: openEnd,
        };
      }
      open = { start, openEnd, prefix: m[2] };
      depth = 1;
      continue;
    }
    if (isEnd) {
      depth--;
      if (depth === 0) {
        return {
          start: open.start,
          openEnd: open.openEnd,
          end: m.index + m[0].length,
          selfClosing: false,
          prefix: open.prefix,
          innerStart: open.openEnd,
          innerEnd: m.index,
        };
      }
    } else if (!selfClosing) {
      depth++;
    }
  }
  return null;
}

/**
 * Finds an element that occurs once per part (such as `sheetData`): the start tag by scanning,
 * the end tag by searching backwards, so a huge element is not scanned through.
 */
export function findUniqueEl(xml: string, local: string): El | null {
  const re = tagRegex(local);
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml)) !== null) {
    if (m[3] === undefined || m[1] === '/') continue;
    const start = m.index;
    const openEnd = m.index + m[0].length;
    if (m[4].endsWith('/')) {
      return { start, openEnd, end: openEnd, selfClosing: true, prefix: m[2], innerStart: openEnd, innerEnd: openEnd };
    }
    const close = `</${m[2]}${local}`;
    const at = xml.lastIndexOf(close);
    if (at < openEnd) return null;
    const gt = xml.indexOf('>', at);
    if (gt < 0) return null;
    return { start, openEnd, end: gt + 1, selfClosing: false, prefix: m[2], innerStart: openEnd, innerEnd: at };
  }
  return null;
}

/** All elements with this local name directly or indirectly inside [from, to) (not nested in each other). */
export function findAll(xml: string, local: string, from = 0, to = xml.length): El[] {
  const out: El[] = [];
  let pos = from;
  for (;;) {
    const el = findEl(xml, local, pos, to);
    if (!el || el.end > to) break;
    out.push(el);
    pos = el.end;
  }
  return out;
}

/** The start tag's text of an element. */
export function startTag(xml: string, el: El): string {
  return xml.slice(el.start, el.openEnd);
}

/**
 * The prefix (with colon, or '' for the default namespace) that these start tags bind to a
 * namespace URI, the first tag winning (pass the innermost first), or null when none does.
 */
export function prefixFor(tags: string[], uri: string): string | null {
  for (const tag of tags) {
    const re = /\sxmlns(?::([A-Za-z_][\w.-]*))?\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(tag)) !== null) {
      if ((m[2] ?? m[3]) === uri) return m[1] ? m[1] + ':' : '';
    }
  }
  return null;
}

/** Replaces [start, end) ranges of a text; ranges must not overlap. */
export interface Splice {
  start: number;
  end: number;
  text: string;
}

export function applySplices(text: string, splices: Splice[]): string {
  if (splices.length === 0) return text;
  const sorted = splices.slice().sort((a, b) => a.start - b.start || a.end - b.end);
  const parts: string[] = [];
  let pos = 0;
  for (const s of sorted) {
    parts.push(text.slice(pos, s.start), s.text);
    pos = s.end;
  }
  parts.push(text.slice(pos));
  return parts.join('');
}

/** Column letters → 0-based index. */
export function colIndex(letters: string): number {
  let c = 0;
  for (let i = 0; i < letters.length; i++) c = c * 26 + (letters.charCodeAt(i) - 64);
  return c - 1;
}

/** 0-based column index → letters (the engine's own conversion). */
export const colLetters = columnName;

/** A1 → 0-based {row, col}; accepts `$`; null when not a cell address in Excel's grid. */
export function parseCell(ref: string): { row: number; col: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$/.exec(ref.trim());
  if (!m) return null;
  const col = colIndex(m[1].toUpperCase());
  const row = Number(m[2]) - 1;
  if (row < 0 || row > 1048575 || col > 16383) return null;
  return { row, col };
}

export function cellRef(row: number, col: number): string {
  return colLetters(col) + String(row + 1);
}

/** `A1:C3` (or one cell) → 0-based inclusive box, or null. */
export function parseRange(ref: string): { r1: number; c1: number; r2: number; c2: number } | null {
  const parts = ref.trim().split(':');
  if (parts.length > 2) return null;
  const a = parseCell(parts[0]);
  const b = parts.length === 2 ? parseCell(parts[1]) : a;
  if (!a || !b) return null;
  return {
    r1: Math.min(a.row, b.row),
    c1: Math.min(a.col, b.col),
    r2: Math.max(a.row, b.row),
    c2: Math.max(a.col, b.col),
  };
}

/** Quotes a sheet name for a formula or a hyperlink location: 'It''s'. */
export function quoteSheet(name: string): string {
  return "'" + name.replace(/'/g, "''") + "'";
}
