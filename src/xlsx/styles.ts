/**
 * `styles.xml` opened for appending: fonts, fills, number formats and cell formats (xfs) are
 * only ever added, never changed or removed, and an identical existing entry is reused, so the
 * same edits applied twice give the same styles part.
 */
import { HIGHLIGHT_COLORS, HighlightTone } from '../engine/edits';
import { El, XML_DECL, escapeAttr, findAll, findEl, getAttr, setAttr, startTag, NS } from './ooxml';

type Section = 'numFmts' | 'fonts' | 'fills' | 'borders' | 'cellStyleXfs' | 'cellXfs';
const ORDER: Section[] = ['numFmts', 'fonts', 'fills', 'borders', 'cellStyleXfs', 'cellXfs'];
const CHILD: Record<Section, string> = {
  numFmts: 'numFmt',
  fonts: 'font',
  fills: 'fill',
  borders: 'border',
  cellStyleXfs: 'xf',
  cellXfs: 'xf',
};

export const MINIMAL_STYLES =
  XML_DECL +
  `<styleSheet xmlns="${NS.main}">` +
  '<fonts count="1"><font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><charset val="204"/><scheme val="minor"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>' +
  '</styleSheet>';

const DEFAULT_CHILDREN: Record<Section, string[]> = {
  numFmts: [],
  fonts: ['<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'],
  fills: ['<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>'],
  borders: ['<border><left/><right/><top/><bottom/><diagonal/></border>'],
  cellStyleXfs: ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'],
  cellXfs: ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'],
};

interface SectionState {
  el: El | null;
  children: string[];
  /** Children present in the file (the rest were added). */
  original: number;
  index: Map<string, number> | null;
}

export interface FontSpec {
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  size?: number;
  /** RGB hex without alpha. */
  color?: string;
}

export interface XfSpec {
  font?: FontSpec;
  /** A built-in id or a format code. */
  numFmt?: number | string;
  wrap?: boolean;
  /** Align to the top of the cell (rows of a table where some cells wrap). */
  top?: boolean;
  /** Colour the cell like a highlight of this tone. */
  tone?: HighlightTone;
  /** Thin border on all four sides (form cells). */
  border?: boolean;
  /** Solid background, RGB hex without alpha (form headings). */
  fill?: string;
  /** Indent level (sub-items of a form). */
  indent?: number;
  /** Centre horizontally and vertically (form column headers). */
  center?: boolean;
  /** Centre vertically (form cells). */
  middle?: boolean;
}

const HIGHLIGHT_FILL_RE = new RegExp(
  'fgColor\\s[^>]*rgb\\s*=\\s*["\'](?:FF)?(' +
    Object.values(HIGHLIGHT_COLORS)
      .map((c) => c.fill)
      .join('|') +
    ')["\']',
  'i',
);

/** OOXML pattern types and their ExcelApi (1.9) names, as the Excel add-in records fills. */
const FILL_PATTERNS: Record<string, string> = {
  solid: 'Solid',
  darkGray: 'Gray75',
  mediumGray: 'Gray50',
  lightGray: 'Gray25',
  gray125: 'Gray16',
  gray0625: 'Gray8',
  darkHorizontal: 'Horizontal',
  darkVertical: 'Vertical',
  darkDown: 'Down',
  darkUp: 'Up',
  darkGrid: 'Checker',
  darkTrellis: 'SemiGray75',
  lightHorizontal: 'LightHorizontal',
  lightVertical: 'LightVertical',
  lightDown: 'LightDown',
  lightUp: 'LightUp',
  lightGrid: 'Grid',
  lightTrellis: 'CrissCross',
};

function normalizeRgb(c: string | undefined): string | null {
  if (!c) return null;
  const h = c.replace(/^#/, '').toUpperCase();
  return /^[0-9A-F]{6}$/.test(h) ? h : null;
}

export class Styles {
  private xml: string;
  private readonly prefix: string;
  private readonly sections = new Map<Section, SectionState>();
  private modified = false;

  constructor(xml: string) {
    this.xml = xml;
    const root = findEl(xml, 'styleSheet');
    this.prefix = root ? root.prefix : '';
    const searchFrom = root ? root.innerStart : 0;
    const searchTo = root ? root.innerEnd : xml.length;
    for (const s of ORDER) {
      const el = findEl(xml, s, searchFrom, searchTo);
      const children =
        el && !el.selfClosing
          ? findAll(xml, CHILD[s], el.innerStart, el.innerEnd).map((c) => xml.slice(c.start, c.end))
          : [];
      this.sections.set(s, { el, children, original: children.length, index: null });
    }
    // Sections Excel requires: add defaults where missing or too short.
    for (const s of ['fonts', 'fills', 'borders', 'cellStyleXfs', 'cellXfs'] as Section[]) {
      const st = this.section(s);
      const defaults = DEFAULT_CHILDREN[s];
      while (st.children.length < defaults.length) {
        st.children.push(this.withPrefix(defaults[st.children.length]));
        this.modified = true;
      }
    }
  }

  private section(s: Section): SectionState {
    return this.sections.get(s) as SectionState;
  }

  private withPrefix(xml: string): string {
    if (!this.prefix) return xml;
    return xml.replace(/<(\/?)([A-Za-z])/g, `<$1${this.prefix}$2`);
  }

  private find(s: Section, child: string): number {
    const st = this.section(s);
    if (!st.index) {
      st.index = new Map();
      st.children.forEach((c, i) => {
        if (!st.index!.has(c)) st.index!.set(c, i);
      });
    }
    return st.index.get(child) ?? -1;
  }

  private add(s: Section, child: string): number {
    const found = this.find(s, child);
    if (found >= 0) return found;
    const st = this.section(s);
    st.children.push(child);
    st.index!.set(child, st.children.length - 1);
    this.modified = true;
    return st.children.length - 1;
  }

  get xfCount(): number {
    return this.section('cellXfs').children.length;
  }

  xf(i: number): string {
    const xfs = this.section('cellXfs').children;
    return xfs[i] ?? xfs[0];
  }

  private xfAttr(i: number, name: string): number {
    const tag = this.xf(i);
    return Number(getAttr(tag.slice(0, tag.indexOf('>') + 1), name) ?? '0') || 0;
  }

  font(i: number): string {
    const fonts = this.section('fonts').children;
    return fonts[i] ?? fonts[0];
  }

  /** True when the cell format's fill is one of the highlight colours. */
  private readonly highlightXfs = new Map<number, boolean>();

  isHighlightXf(i: number): boolean {
    if (i < 0 || i >= this.xfCount) return false;
    let yes = this.highlightXfs.get(i);
    if (yes === undefined) {
      const fill = this.section('fills').children[this.xfAttr(i, 'fillId')];
      yes = fill !== undefined && /patternType\s*=\s*["']solid["']/.test(fill) && HIGHLIGHT_FILL_RE.test(fill);
      this.highlightXfs.set(i, yes);
    }
    return yes;
  }

  private p(name: string): string {
    return this.prefix + name;
  }

  private highlightFill(tone: HighlightTone): number {
    const { fill } = HIGHLIGHT_COLORS[tone];
    const p = this.prefix;
    return this.add(
      'fills',
      `<${p}fill><${p}patternFill patternType="solid"><${p}fgColor rgb="FF${fill}"/><${p}bgColor indexed="64"/></${p}patternFill></${p}fill>`,
    );
  }

  /** A copy of a font element with its colour replaced. */
  private recolourFont(font: string, rgb: string): string {
    const color = `<${this.p('color')} rgb="FF${rgb}"/>`;
    const existing = findEl(font, 'color');
    if (existing) return font.slice(0, existing.start) + color + font.slice(existing.end);
    const root = findEl(font, 'font');
    if (!root) return `<${this.p('font')}>${color}</${this.p('font')}>`;
    if (root.selfClosing) return font.slice(0, root.openEnd).replace(/\s*\/>$/, '>') + color + `</${root.prefix}font>`;
    const sz = findEl(font, 'sz', root.innerStart, root.innerEnd);
    const at = sz ? sz.end : root.innerEnd;
    return font.slice(0, at) + color + font.slice(at);
  }

  /**
   * The fill and font colours of a cell format as the Excel add-in records them (`#RRGGBB`, fill
   * null for none, pattern in ExcelApi names), so a highlight made here can be cleared in Excel
   * exactly; null when a colour is a theme or indexed colour that has no fixed RGB here.
   */
  private readonly colorsCache = new Map<number, { fill: string | null; pattern?: string; font: string } | null>();

  colorsOf(xf: number): { fill: string | null; pattern?: string; font: string } | null {
    if (!this.colorsCache.has(xf)) this.colorsCache.set(xf, this.readColors(xf));
    const c = this.colorsCache.get(xf);
    return c ? { ...c } : null;
  }

  private readColors(xf: number): { fill: string | null; pattern?: string; font: string } | null {
    const fill = this.section('fills').children[this.xfAttr(xf, 'fillId')] ?? '';
    const pf = findEl(fill, 'patternFill');
    const type = pf ? (getAttr(startTag(fill, pf), 'patternType') ?? 'none') : 'none';
    let out: { fill: string | null; pattern?: string; font: string };
    if (type === 'none') out = { fill: null, font: '#000000' };
    else {
      const fg = pf ? findEl(fill, 'fgColor', pf.innerStart, pf.innerEnd) : null;
      const rgb = fg ? normalizeRgb(getAttr(startTag(fill, fg), 'rgb')?.slice(-6)) : null;
      const pattern = FILL_PATTERNS[type];
      if (!rgb || !pattern) return null;
      out = { fill: '#' + rgb, font: '#000000' };
      if (pattern !== 'Solid') out.pattern = pattern;
    }
    const font = this.font(this.xfAttr(xf, 'fontId'));
    const color = findEl(font, 'color');
    if (color) {
      const tag = startTag(font, color);
      const rgb = normalizeRgb(getAttr(tag, 'rgb')?.slice(-6));
      if (rgb) out.font = '#' + rgb;
      else if (getAttr(tag, 'auto') !== '1' && !(getAttr(tag, 'theme') === '1' && getAttr(tag, 'tint') === null))
        return null;
    }
    return out;
  }

  /**
   * The cell format `base` with the given fill (none, or a colour and pattern) and font colour
   * (`#000000` or null: automatic): how a highlight recorded by the Excel add-in is undone here.
   */
  recolourXf(base: number, fill: string | null, pattern: string | undefined, font: string | null): number {
    const b = base >= 0 && base < this.xfCount ? base : 0;
    const p = this.prefix;
    let fillId = 0;
    const rgb = normalizeRgb(fill ?? undefined);
    if (rgb) {
      const type = Object.entries(FILL_PATTERNS).find(([, v]) => v === (pattern ?? 'Solid'))?.[0] ?? 'solid';
      fillId = this.add(
        'fills',
        `<${p}fill><${p}patternFill patternType="${type}"><${p}fgColor rgb="FF${rgb}"/><${p}bgColor indexed="64"/></${p}patternFill></${p}fill>`,
      );
    }
    const fontRgb = normalizeRgb(font ?? undefined);
    let fontXml = this.font(this.xfAttr(b, 'fontId'));
    if (fontRgb && fontRgb !== '000000') fontXml = this.recolourFont(fontXml, fontRgb);
    else {
      const el = findEl(fontXml, 'color');
      if (el) fontXml = fontXml.slice(0, el.start) + fontXml.slice(el.end);
    }
    const fontId = this.add('fonts', fontXml);
    const xf = this.xf(b);
    const tagEnd = xf.indexOf('>') + 1;
    let tag = xf.slice(0, tagEnd);
    tag = setAttr(tag, 'fontId', String(fontId));
    tag = setAttr(tag, 'fillId', String(fillId));
    return this.add('cellXfs', tag + xf.slice(tagEnd));
  }

  /** The cell format `base` with the fill and font colour of a highlight tone (found or added). */
  private readonly highlightCache = new Map<string, number>();

  highlightXf(base: number, tone: HighlightTone): number {
    const b = base >= 0 && base < this.xfCount ? base : 0;
    const key = `${b}:${tone}`;
    const cached = this.highlightCache.get(key);
    if (cached !== undefined) return cached;
    const id = this.makeHighlightXf(b, tone);
    this.highlightCache.set(key, id);
    return id;
  }

  private makeHighlightXf(b: number, tone: HighlightTone): number {
    const fillId = this.highlightFill(tone);
    const fontId = this.add(
      'fonts',
      this.recolourFont(this.font(this.xfAttr(b, 'fontId')), HIGHLIGHT_COLORS[tone].font),
    );
    const xf = this.xf(b);
    const tagEnd = xf.indexOf('>') + 1;
    let tag = xf.slice(0, tagEnd);
    tag = setAttr(tag, 'fontId', String(fontId));
    tag = setAttr(tag, 'fillId', String(fillId));
    tag = setAttr(tag, 'applyFont', '1');
    tag = setAttr(tag, 'applyFill', '1');
    return this.add('cellXfs', tag + xf.slice(tagEnd));
  }

  private numFmtId(fmt: number | string | undefined): number {
    if (fmt === undefined) return 0;
    if (typeof fmt === 'number') return fmt;
    const st = this.section('numFmts');
    let max = 163;
    for (const c of st.children) {
      const tag = c.slice(0, c.indexOf('>') + 1);
      const id = Number(getAttr(tag, 'numFmtId'));
      if (getAttr(tag, 'formatCode') === fmt) return id;
      if (id > max) max = id;
    }
    this.add('numFmts', `<${this.p('numFmt')} numFmtId="${max + 1}" formatCode="${escapeAttr(fmt)}"/>`);
    return max + 1;
  }

  private fontFor(spec: FontSpec): number {
    if (!spec.bold && !spec.italic && !spec.underline && spec.size === undefined && !spec.color) return 0;
    let f = this.font(0);
    for (const name of ['b', 'i', 'u', 'strike', 'sz']) {
      const el = findEl(f, name);
      if (el) f = f.slice(0, el.start) + f.slice(el.end);
    }
    if (spec.color) f = this.recolourFont(f, spec.color);
    const root = findEl(f, 'font');
    const p = this.prefix;
    const font0 = this.font(0);
    const szEl = findEl(font0, 'sz');
    const baseSize = szEl ? getAttr(startTag(font0, szEl), 'val') : null;
    const lead =
      (spec.bold ? `<${p}b/>` : '') +
      (spec.italic ? `<${p}i/>` : '') +
      (spec.underline ? `<${p}u/>` : '') +
      `<${p}sz val="${spec.size ?? (baseSize || 11)}"/>`;
    if (!root) return this.add('fonts', `<${p}font>${lead}</${p}font>`);
    if (root.selfClosing)
      return this.add('fonts', f.slice(0, root.openEnd).replace(/\s*\/>$/, '>') + lead + `</${p}font>`);
    return this.add('fonts', f.slice(0, root.innerStart) + lead + f.slice(root.innerStart));
  }

  /** A cell format for the product's own sheets (found or added). */
  ownedXf(spec: XfSpec): number {
    if (spec.border || spec.fill || spec.indent || spec.center || spec.middle) return this.formXf(spec);
    const fontId = this.fontFor(spec.font ?? {});
    const numFmtId = this.numFmtId(spec.numFmt);
    if (fontId === 0 && numFmtId === 0 && !spec.wrap && !spec.top && !spec.tone) return 0;
    const hasStyleXf = this.section('cellStyleXfs').children.length > 0;
    let xf =
      `<${this.p('xf')} numFmtId="${numFmtId}" fontId="${fontId}" fillId="0" borderId="0"` +
      (hasStyleXf ? ' xfId="0"' : '') +
      (numFmtId ? ' applyNumberFormat="1"' : '') +
      (fontId ? ' applyFont="1"' : '') +
      (spec.wrap || spec.top ? ' applyAlignment="1"' : '');
    if (spec.wrap) xf += `><${this.p('alignment')} vertical="top" wrapText="1"/></${this.p('xf')}>`;
    else if (spec.top) xf += `><${this.p('alignment')} vertical="top"/></${this.p('xf')}>`;
    else xf += '/>';
    const id = this.add('cellXfs', xf);
    return spec.tone ? this.highlightXf(id, spec.tone) : id;
  }

  /** A cell format of a form: borders, fill, indent and alignment as well (found or added). */
  private formXf(spec: XfSpec): number {
    const p = this.prefix;
    const fontId = this.fontFor(spec.font ?? {});
    const numFmtId = this.numFmtId(spec.numFmt);
    const side = (name: string): string => `<${p}${name} style="thin"><${p}color rgb="FF808080"/></${p}${name}>`;
    const borderId = spec.border
      ? this.add(
          'borders',
          `<${p}border>${['left', 'right', 'top', 'bottom'].map(side).join('')}<${p}diagonal/></${p}border>`,
        )
      : 0;
    const fillRgb = normalizeRgb(spec.fill);
    const fillId = fillRgb
      ? this.add(
          'fills',
          `<${p}fill><${p}patternFill patternType="solid"><${p}fgColor rgb="FF${fillRgb}"/><${p}bgColor indexed="64"/></${p}patternFill></${p}fill>`,
        )
      : 0;
    const hasStyleXf = this.section('cellStyleXfs').children.length > 0;
    const align =
      (spec.center ? ' horizontal="center"' : spec.indent ? ' horizontal="left"' : '') +
      (spec.center || spec.middle ? ' vertical="center"' : spec.wrap || spec.top ? ' vertical="top"' : '') +
      (spec.indent ? ` indent="${Math.max(0, Math.min(15, Math.floor(spec.indent)))}"` : '') +
      (spec.wrap ? ' wrapText="1"' : '');
    const xf =
      `<${p}xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="${borderId}"` +
      (hasStyleXf ? ' xfId="0"' : '') +
      (numFmtId ? ' applyNumberFormat="1"' : '') +
      (fontId ? ' applyFont="1"' : '') +
      (fillId ? ' applyFill="1"' : '') +
      (borderId ? ' applyBorder="1"' : '') +
      (align ? ` applyAlignment="1"><${p}alignment${align}/></${p}xf>` : '/>');
    const id = this.add('cellXfs', xf);
    return spec.tone ? this.highlightXf(id, spec.tone) : id;
  }

  /** The new styles part, or null when nothing was added. */
  serialize(): string | null {
    if (!this.modified) return null;
    let xml = this.xml;
    const root = findEl(xml, 'styleSheet');
    if (!root) return null;
    // Work from the last section to the first so earlier offsets stay valid.
    const inserts: { at: number; end: number; text: string; order: number }[] = [];
    let prevEnd = root.innerStart;
    const anchors: number[] = [];
    for (const s of ORDER) {
      const st = this.section(s);
      if (st.el) prevEnd = st.el.end;
      anchors.push(prevEnd);
    }
    ORDER.forEach((s, i) => {
      const st = this.section(s);
      if (st.children.length === st.original && st.el) return;
      if (st.children.length === 0) return;
      const name = this.p(s);
      const added = st.children.slice(st.original).join('');
      if (!st.el) {
        inserts.push({
          at: anchors[i],
          end: anchors[i],
          text: `<${name} count="${st.children.length}">${added}</${name}>`,
          order: inserts.length,
        });
        return;
      }
      let tag = startTag(xml, st.el);
      if (getAttr(tag, 'count') !== null) tag = setAttr(tag, 'count', String(st.children.length));
      if (st.el.selfClosing) {
        tag = tag.replace(/\s*\/>$/, '>');
        inserts.push({
          at: st.el.start,
          end: st.el.end,
          text: tag + added + `</${st.el.prefix}${s}>`,
          order: inserts.length,
        });
      } else {
        inserts.push({ at: st.el.start, end: st.el.openEnd, text: tag, order: inserts.length });
        inserts.push({ at: st.el.innerEnd, end: st.el.innerEnd, text: added, order: inserts.length });
      }
    });
    inserts.sort((a, b) => b.at - a.at || b.order - a.order);
    for (const ins of inserts) xml = xml.slice(0, ins.at) + ins.text + xml.slice(ins.end);
    return xml;
  }
}
