/**
 * The workbook part of a package: its sheets (by name, through workbook.xml and its rels),
 * adding a sheet, styles, table names/ids, and fresh part names.
 */
import { STATE_SHEET } from '../engine/edits';
import { Package, XlsxWriteError } from './package';
import {
  CONTENT_TYPE,
  El,
  NS,
  REL,
  XML_DECL,
  escapeAttr,
  findAll,
  findEl,
  getAttr,
  prefixFor,
  setAttr,
  startTag,
} from './ooxml';
import { MINIMAL_STYLES, Styles } from './styles';

export interface SheetEntry {
  name: string;
  sheetId: number;
  relId: string;
  /** Resolved part name, or null when the relationship is missing. */
  part: string | null;
  relType: string;
  state: string | null;
  index: number;
}

const BAD_NAME_CHARS = /[[\]:*?/\\]/;

export function checkSheetName(name: string): void {
  if (typeof name !== 'string' || name.trim() === '') throw new XlsxWriteError('Имя листа не может быть пустым.');
  if (name.length > 31) throw new XlsxWriteError(`Имя листа «${name}» длиннее 31 символа — Excel такое не допускает.`);
  if (BAD_NAME_CHARS.test(name)) {
    throw new XlsxWriteError(
      `Имя листа «${name}» содержит символ, который Excel не допускает в именах листов: [ ] : * ? / \\`,
    );
  }
  if (name.startsWith("'") || name.endsWith("'")) {
    throw new XlsxWriteError(`Имя листа «${name}» не может начинаться или заканчиваться апострофом.`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001F]/.test(name)) throw new XlsxWriteError(`Имя листа «${name}» содержит управляющие символы.`);
  if (name.toLowerCase() === 'history') throw new XlsxWriteError('Имя листа «History» зарезервировано в Excel.');
}

export class Workbook {
  readonly path: string;
  readonly dir: string;
  private styleCache: Styles | null = null;
  private stylesPath: string | null = null;
  private readonly reserved = new Set<string>();
  private readonly tableNames = new Set<string>();
  private readonly tableIds = new Set<number>();
  private tablesScanned = false;

  constructor(readonly pkg: Package) {
    let path: string | null = null;
    for (const r of pkg.rels('')) {
      if (r.type === REL.officeDocument) path = Package.resolveTarget('', r.target);
      else if (r.type.startsWith(NS.strict) && r.type.endsWith('/officeDocument')) throw strictError();
    }
    if (path === null && pkg.has('xl/workbook.xml')) path = 'xl/workbook.xml';
    const actual = path === null ? null : pkg.resolveName(path);
    if (!actual) {
      throw new XlsxWriteError(
        'Файл повреждён: в архиве не найдена сама книга (workbook.xml). Откройте его в Excel и сохраните заново.',
      );
    }
    this.path = actual;
    this.dir = actual.includes('/') ? actual.slice(0, actual.lastIndexOf('/') + 1) : '';
    const xml = this.xml();
    const root = findEl(xml, 'workbook');
    if (!root) throw new XlsxWriteError('Файл повреждён: не удалось прочитать описание книги (workbook.xml).');
    if (startTag(xml, root).includes(NS.strict)) throw strictError();
    if (!findEl(xml, 'sheets', root.innerStart, root.innerEnd)) {
      throw new XlsxWriteError('Файл повреждён: в описании книги нет списка листов.');
    }
  }

  xml(): string {
    return this.pkg.text(this.path) ?? '';
  }

  /** Start tags of the root and of `<sheets>`, where a prefix for new sheet elements may be declared. */
  private scopeTags(xml: string): string[] {
    const root = findEl(xml, 'workbook');
    const sheets = findEl(xml, 'sheets');
    return [sheets ? startTag(xml, sheets) : '', root ? startTag(xml, root) : ''];
  }

  private sheetCache: { xml: string; rels: string | null; sheets: SheetEntry[] } | null = null;

  sheets(): SheetEntry[] {
    const xml = this.xml();
    const relsText = this.pkg.text(Package.relsPathFor(this.path));
    if (this.sheetCache && this.sheetCache.xml === xml && this.sheetCache.rels === relsText)
      return this.sheetCache.sheets;
    const sheets = this.readSheets(xml);
    this.sheetCache = { xml, rels: relsText, sheets };
    return sheets;
  }

  private readSheets(xml: string): SheetEntry[] {
    const sheetsEl = findEl(xml, 'sheets') as El;
    const rels = this.pkg.rels(this.path);
    const scope = this.scopeTags(xml);
    return findAll(xml, 'sheet', sheetsEl.innerStart, sheetsEl.innerEnd).map((el, index) => {
      const tag = startTag(xml, el);
      const rp = prefixFor([tag, ...scope], NS.rel) ?? 'r:';
      let relId = rp ? getAttr(tag, rp + 'id') : null;
      if (relId === null) {
        const m = /\s[A-Za-z_][\w.-]*:id\s*=\s*["']([^"']*)["']/.exec(tag);
        relId = m ? m[1] : '';
      }
      const rel = rels.find((r) => r.id === relId);
      const part = rel && !rel.external ? this.pkg.resolveName(Package.resolveTarget(this.path, rel.target)) : null;
      return {
        name: getAttr(tag, 'name') ?? '',
        sheetId: Number(getAttr(tag, 'sheetId') ?? '0') || 0,
        relId,
        part,
        relType: rel ? rel.type : '',
        state: getAttr(tag, 'state'),
        index,
      };
    });
  }

  findSheet(name: string): SheetEntry | null {
    const key = name.toLowerCase();
    return this.sheets().find((s) => s.name.toLowerCase() === key) ?? null;
  }

  activeTab(): number {
    const xml = this.xml();
    const view = findEl(xml, 'workbookView');
    if (!view) return 0;
    return Number(getAttr(startTag(xml, view), 'activeTab') ?? '0') || 0;
  }

  /** A part name `${dir}${folder}/${stem}N.${ext}` that is free. */
  freePart(folder: string, stem: string, ext: string): string {
    for (let n = 1; ; n++) {
      const name = `${this.dir}${folder ? folder + '/' : ''}${stem}${n}.${ext}`;
      if (!this.pkg.has(name) && !this.reserved.has(name.toLowerCase())) {
        this.reserved.add(name.toLowerCase());
        return name;
      }
    }
  }

  /** Adds a worksheet part to the workbook. */
  addSheet(name: string, part: string, opts: { first?: boolean; veryHidden?: boolean }): void {
    this.pkg.setOverride(part, CONTENT_TYPE.worksheet);
    const relId = this.pkg.addRel(this.path, REL.worksheet, Package.relativeTarget(this.path, part));
    let xml = this.xml();
    const sheetsEl = findEl(xml, 'sheets') as El;
    const existing = findAll(xml, 'sheet', sheetsEl.innerStart, sheetsEl.innerEnd);
    let maxId = 0;
    for (const el of existing) maxId = Math.max(maxId, Number(getAttr(startTag(xml, el), 'sheetId') ?? '0') || 0);
    const declared = prefixFor(this.scopeTags(xml), NS.rel);
    const rp = declared || 'r:';
    const p = sheetsEl.prefix;
    const el =
      `<${p}sheet name="${escapeAttr(name)}" sheetId="${maxId + 1}"` +
      (opts.veryHidden ? ' state="veryHidden"' : '') +
      (!declared ? ` xmlns:r="${NS.rel}"` : '') +
      ` ${rp}id="${relId}"/>`;
    if (sheetsEl.selfClosing) {
      xml =
        xml.slice(0, sheetsEl.start) +
        startTag(xml, sheetsEl).slice(0, -2) +
        '>' +
        el +
        `</${p}sheets>` +
        xml.slice(sheetsEl.end);
    } else if (opts.first && existing.length) {
      xml = xml.slice(0, existing[0].start) + el + xml.slice(existing[0].start);
      xml = shiftSheetIndexes(xml);
    } else {
      xml = xml.slice(0, sheetsEl.innerEnd) + el + xml.slice(sheetsEl.innerEnd);
    }
    this.pkg.setText(this.path, xml);
  }

  /** Makes sure a sheet is very hidden. */
  setVeryHidden(index: number): void {
    const xml = this.xml();
    const sheetsEl = findEl(xml, 'sheets') as El;
    const el = findAll(xml, 'sheet', sheetsEl.innerStart, sheetsEl.innerEnd)[index];
    if (!el) return;
    const tag = startTag(xml, el);
    if (getAttr(tag, 'state') === 'veryHidden') return;
    this.pkg.setText(this.path, xml.slice(0, el.start) + setAttr(tag, 'state', 'veryHidden') + xml.slice(el.openEnd));
  }

  /** Removes the calculation chain (Excel rebuilds it); needed when formulas disappear. */
  dropCalcChain(): void {
    for (const r of this.pkg.rels(this.path)) {
      if (r.type !== REL.calcChain) continue;
      const part = Package.resolveTarget(this.path, r.target);
      this.pkg.remove(part);
      this.pkg.removeOverride(part);
      this.pkg.removeRel(this.path, r.id);
    }
  }

  styles(): Styles {
    if (this.styleCache) return this.styleCache;
    const rel = this.pkg.rels(this.path).find((r) => r.type === REL.styles);
    const part = rel ? this.pkg.resolveName(Package.resolveTarget(this.path, rel.target)) : null;
    if (part) {
      this.stylesPath = part;
      this.styleCache = new Styles(this.pkg.text(part) ?? MINIMAL_STYLES);
    } else {
      this.stylesPath = null;
      this.styleCache = new Styles(MINIMAL_STYLES);
    }
    return this.styleCache;
  }

  saveStyles(): void {
    if (!this.styleCache) return;
    if (this.stylesPath) {
      const xml = this.styleCache.serialize();
      if (xml !== null) this.pkg.setText(this.stylesPath, xml);
      return;
    }
    const xml = this.styleCache.serialize() ?? MINIMAL_STYLES;
    const part = this.pkg.has(this.dir + 'styles.xml') ? this.freePart('', 'styles', 'xml') : this.dir + 'styles.xml';
    this.pkg.setText(part, xml);
    this.pkg.setOverride(part, CONTENT_TYPE.styles);
    this.pkg.addRel(this.path, REL.styles, Package.relativeTarget(this.path, part));
    this.stylesPath = part;
  }

  private scanTables(): void {
    if (this.tablesScanned) return;
    this.tablesScanned = true;
    for (const part of this.pkg.partsOfType(CONTENT_TYPE.table)) {
      const xml = this.pkg.text(part) ?? '';
      const el = findEl(xml, 'table');
      if (!el) continue;
      const tag = startTag(xml, el);
      const id = Number(getAttr(tag, 'id'));
      if (Number.isInteger(id)) this.tableIds.add(id);
      for (const n of [getAttr(tag, 'name'), getAttr(tag, 'displayName')]) if (n) this.tableNames.add(n.toLowerCase());
    }
    const xml = this.xml();
    for (const el of findAll(xml, 'definedName')) {
      const n = getAttr(startTag(xml, el), 'name');
      if (n) this.tableNames.add(n.toLowerCase());
    }
  }

  /** Forgets a table that is being removed (its name and id become free). */
  releaseTable(part: string): void {
    this.scanTables();
    const xml = this.pkg.text(part) ?? '';
    const el = findEl(xml, 'table');
    if (!el) return;
    const tag = startTag(xml, el);
    this.tableIds.delete(Number(getAttr(tag, 'id')));
    for (const n of [getAttr(tag, 'name'), getAttr(tag, 'displayName')]) if (n) this.tableNames.delete(n.toLowerCase());
  }

  allocateTable(requested: string): { id: number; name: string } {
    this.scanTables();
    let id = 1;
    while (this.tableIds.has(id)) id++;
    this.tableIds.add(id);
    const base = sanitizeTableName(requested);
    let name = base;
    for (let k = 2; this.tableNames.has(name.toLowerCase()); k++) name = `${base}_${k}`;
    this.tableNames.add(name.toLowerCase());
    return { id, name };
  }
}

function strictError(): XlsxWriteError {
  return new XlsxWriteError(
    'Книга сохранена в формате «Строгий Open XML» (Strict), в него записать нельзя. Откройте её в Excel и сохраните как обычную «Книга Excel (*.xlsx)».',
  );
}

/**
 * Shifts sheet indexes after a sheet was inserted first: defined names and the active tab (the
 * tab strip's `firstSheet` is left alone so the new first tab is in view).
 */
function shiftSheetIndexes(xml: string): string {
  let out = xml;
  const dn = findEl(out, 'definedNames');
  if (dn) {
    const inner = out
      .slice(dn.start, dn.end)
      .replace(
        /(\slocalSheetId\s*=\s*["'])(\d+)(["'])/g,
        (_m, a: string, n: string, b: string) => a + (Number(n) + 1) + b,
      );
    out = out.slice(0, dn.start) + inner + out.slice(dn.end);
  }
  const bv = findEl(out, 'bookViews');
  if (bv) {
    const views = findAll(out, 'workbookView', bv.innerStart, bv.innerEnd);
    for (let i = views.length - 1; i >= 0; i--) {
      const v = views[i];
      let tag = startTag(out, v);
      tag = setAttr(tag, 'activeTab', String((Number(getAttr(tag, 'activeTab') ?? '0') || 0) + 1));
      out = out.slice(0, v.start) + tag + out.slice(v.openEnd);
    }
  }
  return out;
}

export function sanitizeTableName(requested: string): string {
  let n = (requested ?? '').replace(/[^\p{L}\p{N}_.\\]/gu, '_');
  if (!n) n = 'Таблица';
  if (!/^[\p{L}_\\]/u.test(n)) n = '_' + n;
  // Names that look like cell references (A1, R1C1, R, C) are not allowed.
  if (/^[A-Za-z]{1,3}\d+$/.test(n) || /^[RrCc]$/.test(n) || /^[Rr]\d*[Cc]\d*$/.test(n)) n = '_' + n;
  return n.slice(0, 200);
}

export const STATE_SHEET_NAME = STATE_SHEET;
export const EMPTY_WORKBOOK_XML =
  XML_DECL +
  `<workbook xmlns="${NS.main}" xmlns:r="${NS.rel}"><bookViews><workbookView activeTab="0"/></bookViews><sheets></sheets></workbook>`;
