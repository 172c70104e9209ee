/**
 * The `.xlsx` package patcher (PRODUCT.md, write-back rules). A user's package is never
 * regenerated: it is unzipped, only the parts that must change are rewritten (as text, no DOM),
 * and every other entry goes back with the same name, order and bytes, so charts, pivot tables,
 * VBA, comments, drawings, external links and defined names survive.
 *
 * - `applyEdits` applies engine edits: owned sheets, values, reversible highlights.
 * - `createWorkbook` makes a fresh minimal package (templates).
 * - `readState` reads what the product keeps in the very-hidden state sheet.
 */
import { Edit, OwnedSheet, STATE_SHEET } from '../engine/edits';
import { CellOp, SKIP_MESSAGES, SheetCellOp, SkipReason, patchCells } from './cells';
import { CONTENT_TYPE, NS, REL, XML_DECL, cellRef, escapeAttr, parseRange } from './ooxml';
import { RenderedTable, commentsXml, renderOwnedSheet, vmlXml } from './owned';
import { CHART_CONTENT_TYPE, CHART_REL, chartXml, drawingXml } from './chart';
import { Package, Rel, XlsxWriteError, freeRelId } from './package';
import {
  HighlightRecord,
  ShnorState,
  WrittenRecord,
  emptyState,
  parseSharedStrings,
  parseState,
  readStateText,
  stateSheetXml,
} from './state';
import { MINIMAL_STYLES } from './styles';
import { EMPTY_WORKBOOK_XML, SheetEntry, Workbook, checkSheetName } from './workbook';

export { XlsxWriteError } from './package';
export type { HighlightRecord, ShnorState, WrittenRecord } from './state';
export type { SkipReason } from './cells';

export interface SkippedCell {
  sheet: string;
  cell: string;
  reason: SkipReason;
  /** Russian, for the user. */
  message: string;
}

export interface PatchReport {
  bytes: Uint8Array;
  /** Cells an edit did not change (formula cells are never overwritten), and why. */
  skipped: SkippedCell[];
}

/** At most this many cells from one range in a highlight edit. */
const MAX_RANGE_CELLS = 1_000_000;

export function applyEdits(input: Uint8Array, edits: Edit[]): Uint8Array {
  return applyEditsWithReport(input, edits).bytes;
}

export function applyEditsWithReport(input: Uint8Array, edits: Edit[]): PatchReport {
  const pkg = Package.open(input);
  const skipped = run(pkg, edits);
  return { bytes: pkg.changed ? pkg.toBytes() : new Uint8Array(input), skipped };
}

export function createWorkbook(sheets: OwnedSheet[]): Uint8Array {
  if (!sheets.length) throw new XlsxWriteError('Нет ни одного листа для новой книги.');
  const pkg = Package.empty();
  pkg.setText(
    '[Content_Types].xml',
    XML_DECL +
      `<Types xmlns="${NS.contentTypes}">` +
      `<Default Extension="rels" ContentType="${CONTENT_TYPE.rels}"/><Default Extension="xml" ContentType="application/xml"/>` +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      `<Override PartName="/xl/styles.xml" ContentType="${CONTENT_TYPE.styles}"/>` +
      '</Types>',
  );
  pkg.setText(
    '_rels/.rels',
    XML_DECL +
      `<Relationships xmlns="${NS.pkgRel}"><Relationship Id="rId1" Type="${REL.officeDocument}" Target="xl/workbook.xml"/></Relationships>`,
  );
  pkg.setText('xl/workbook.xml', EMPTY_WORKBOOK_XML);
  pkg.setText(
    'xl/_rels/workbook.xml.rels',
    XML_DECL +
      `<Relationships xmlns="${NS.pkgRel}"><Relationship Id="rId1" Type="${REL.styles}" Target="styles.xml"/></Relationships>`,
  );
  pkg.setText('xl/styles.xml', MINIMAL_STYLES);
  run(
    pkg,
    sheets.map((s) => ({ kind: 'replaceSheet', sheet: { ...s, position: 'last' } })),
  );
  return pkg.toBytes();
}

export function readState(input: Uint8Array): ShnorState | null {
  const pkg = Package.open(input);
  return loadState(pkg, new Workbook(pkg)).state;
}

function loadState(pkg: Package, book: Workbook): { state: ShnorState | null; sheet: SheetEntry | null } {
  const sheet = book.findSheet(STATE_SHEET);
  if (!sheet || !sheet.part) return { state: null, sheet };
  const xml = pkg.text(sheet.part);
  if (xml === null) return { state: null, sheet };
  const shared = (): string[] => {
    const rel = pkg.rels(book.path).find((r) => r.type === REL.sharedStrings);
    const text = rel ? pkg.text(Package.resolveTarget(book.path, rel.target)) : null;
    return text ? parseSharedStrings(text) : [];
  };
  return { state: parseState(readStateText(xml, shared)), sheet };
}

interface PendingOp extends SheetCellOp {
  sheet: string;
}

function run(pkg: Package, edits: Edit[]): SkippedCell[] {
  const book = new Workbook(pkg);
  const skipped: SkippedCell[] = [];
  const loaded = loadState(pkg, book);
  const initial = loaded.state ?? emptyState();
  const initialJson = loaded.state ? JSON.stringify(loaded.state) : null;
  const key = (sheet: string, cell: string): string => sheet + '\u0000' + cell;
  const records = new Map<string, HighlightRecord>();
  for (const h of initial.highlights) records.set(key(h.sheet, h.cell), h);
  const written = new Map<string, WrittenRecord>();
  for (const w of initial.written) written.set(key(w.sheet, w.cell), w);

  const skip = (sheet: string, cell: string, reason: SkipReason): void => {
    skipped.push({ sheet, cell, reason, message: `Лист «${sheet}», ячейка ${cell}: ${SKIP_MESSAGES[reason]}.` });
  };

  let batch: PendingOp[] = [];

  const flush = (): void => {
    if (!batch.length) return;
    const bySheet = new Map<string, PendingOp[]>();
    for (const op of batch) {
      const list = bySheet.get(op.sheet);
      if (list) list.push(op);
      else bySheet.set(op.sheet, [op]);
    }
    batch = [];
    for (const [name, ops] of bySheet) {
      const entry = book.findSheet(name);
      const isWorksheet = entry && entry.part && entry.relType === REL.worksheet;
      const xml = isWorksheet ? pkg.text(entry.part!) : null;
      if (!entry || !isWorksheet || xml === null) {
        for (const o of ops) {
          if (o.op.kind !== 'restore') skip(name, refOf(o), entry ? 'notWorksheet' : 'noSheet');
        }
        continue;
      }
      const sheet = entry.name;
      const out = patchCells(xml, ops, {
        sheet,
        styles: () => book.styles(),
        record: (cell) => records.get(key(sheet, cell)),
        addRecord: (rec) => records.set(key(sheet, rec.cell), rec),
        written: (cell, text) => {
          written.delete(key(sheet, cell));
          written.set(key(sheet, cell), { sheet, cell, text });
        },
        forget: (cell) => {
          written.delete(key(sheet, cell));
        },
        skip: (cell, reason) => skip(sheet, cell, reason),
      });
      if (out !== xml) pkg.setText(entry.part!, out);
    }
  };

  const push = (sheetName: string, ref: string, op: CellOp): void => {
    const box = parseRange(ref);
    if (!box) {
      skip(sheetName, ref, 'badCell');
      return;
    }
    const sheet = book.findSheet(sheetName)?.name ?? sheetName;
    if ((box.r2 - box.r1 + 1) * (box.c2 - box.c1 + 1) > MAX_RANGE_CELLS) {
      skip(sheetName, ref, 'badCell');
      return;
    }
    for (let r = box.r1; r <= box.r2; r++) {
      for (let c = box.c1; c <= box.c2; c++) batch.push({ sheet, row: r, col: c, op });
    }
  };

  for (const edit of edits) {
    switch (edit.kind) {
      case 'clearHighlights':
        flush();
        for (const rec of records.values()) {
          const box = parseRange(rec.cell);
          if (box) batch.push({ sheet: rec.sheet, row: box.r1, col: box.c1, op: { kind: 'restore', rec } });
        }
        records.clear();
        break;
      case 'highlight':
        for (const cell of edit.cells) push(edit.sheet, cell, { kind: 'highlight', tone: edit.tone });
        break;
      case 'setValue':
        if (/:/.test(edit.cell)) skip(edit.sheet, edit.cell, 'badCell');
        else push(edit.sheet, edit.cell, { kind: 'set', value: edit.value, purpose: edit.purpose });
        break;
      case 'clearValue':
        if (/:/.test(edit.cell)) skip(edit.sheet, edit.cell, 'badCell');
        else push(edit.sheet, edit.cell, { kind: 'clear' });
        break;
      case 'replaceSheet':
        flush();
        replaceSheet(pkg, book, edit.sheet);
        break;
      default:
        throw new XlsxWriteError('Неизвестное изменение книги.');
    }
  }
  flush();

  // ---- state ----
  const state: ShnorState = { version: 1, highlights: [...records.values()], written: [...written.values()] };
  const json = JSON.stringify(state);
  const isEmpty = state.highlights.length === 0 && state.written.length === 0;
  if (json !== initialJson && !(initialJson === null && isEmpty && !loaded.sheet)) {
    const xml = stateSheetXml(state);
    const existing = book.findSheet(STATE_SHEET);
    if (existing) {
      if (!existing.part || existing.relType !== REL.worksheet) {
        throw new XlsxWriteError(`Лист «${STATE_SHEET}» в книге повреждён; удалите его и повторите.`);
      }
      pkg.setText(existing.part, xml);
      book.setVeryHidden(existing.index);
    } else {
      const part = book.freePart('worksheets', 'sheet', 'xml');
      pkg.setText(part, xml);
      book.addSheet(STATE_SHEET, part, { veryHidden: true });
    }
  }
  book.saveStyles();
  return skipped;
}

function refOf(o: SheetCellOp): string {
  return cellRef(o.row, o.col);
}

/** Parts of a replaced sheet that belong to its old content and go away with it. */
const OWNED_REL_TYPES = new Set([
  REL.table,
  CHART_REL.drawing,
  REL.comments,
  REL.vmlDrawing,
  'http://schemas.microsoft.com/office/2017/10/relationships/threadedComment',
]);

function relsXml(rels: Rel[]): string {
  return (
    XML_DECL +
    `<Relationships xmlns="${NS.pkgRel}">` +
    rels
      .map(
        (r) =>
          `<Relationship Id="${escapeAttr(r.id)}" Type="${escapeAttr(r.type)}" Target="${escapeAttr(r.target)}"` +
          (r.external ? ' TargetMode="External"' : '') +
          '/>',
      )
      .join('') +
    '</Relationships>'
  );
}

function replaceSheet(pkg: Package, book: Workbook, sheet: OwnedSheet): void {
  checkSheetName(sheet.name);
  if (sheet.name.toLowerCase() === STATE_SHEET.toLowerCase()) {
    throw new XlsxWriteError(`Имя листа «${sheet.name}» занято служебным листом программы.`);
  }
  const existing = book.findSheet(sheet.name);
  let part: string;
  let kept: Rel[] = [];
  let selected: boolean;
  if (existing) {
    if (existing.relType !== REL.worksheet || !existing.part) {
      throw new XlsxWriteError(
        `В книге уже есть лист «${existing.name}», но это не обычный лист (например, лист диаграммы). Переименуйте его и повторите.`,
      );
    }
    part = existing.part;
    const old = pkg.text(part) ?? '';
    for (const rel of pkg.rels(part)) {
      if (!rel.external && OWNED_REL_TYPES.has(rel.type)) {
        const target = Package.resolveTarget(part, rel.target);
        if (rel.type === REL.table) book.releaseTable(target);
        if (rel.type === CHART_REL.drawing) {
          // The sheet's drawing goes with its charts (the product's own; an owned sheet is replaced whole).
          for (const d of pkg.rels(target)) {
            if (d.external || d.type !== CHART_REL.chart) continue;
            const chart = Package.resolveTarget(target, d.target);
            pkg.remove(chart);
            pkg.removeOverride(chart);
            if (pkg.has(Package.relsPathFor(chart))) pkg.remove(Package.relsPathFor(chart));
          }
          if (pkg.has(Package.relsPathFor(target))) pkg.remove(Package.relsPathFor(target));
        }
        pkg.remove(target);
        pkg.removeOverride(target);
      } else {
        kept.push(rel);
      }
    }
    if (/<(?:[A-Za-z_][\w.-]*:)?f[\s>/]/.test(old)) book.dropCalcChain();
    selected = book.activeTab() === existing.index;
  } else {
    part = book.freePart('worksheets', 'sheet', 'xml');
    kept = [];
    const count = book.sheets().length;
    selected = sheet.position === 'first' ? count === 0 : book.activeTab() === count;
  }
  const rels: Rel[] = kept.slice();
  const tableParts: { part: string; table: RenderedTable }[] = [];
  let vmlRelId: string | null = null;
  let drawingRelId: string | null = null;
  const relFor = (type: string, target: string): string => {
    const id = freeRelId(rels);
    rels.push({ id, type, target, external: false });
    return id;
  };
  const pendingTables: string[] = [];
  const rendered = renderOwnedSheet(
    sheet,
    book.styles(),
    {
      table: (requested) => {
        const { id, name } = book.allocateTable(requested);
        const tpart = book.freePart('tables', 'table', 'xml');
        pendingTables.push(tpart);
        return { id, name, relId: relFor(REL.table, Package.relativeTarget(part, tpart)) };
      },
      legacyDrawing: () => {
        vmlRelId = relFor(REL.vmlDrawing, '');
        return vmlRelId;
      },
      drawing: () => {
        drawingRelId = relFor(CHART_REL.drawing, '');
        return drawingRelId;
      },
    },
    selected,
  );
  rendered.tables.forEach((t, i) => tableParts.push({ part: pendingTables[i], table: t }));

  pkg.setText(part, rendered.xml);
  if (!existing) book.addSheet(sheet.name, part, { first: sheet.position === 'first' });
  for (const { part: tpart, table } of tableParts) {
    pkg.setText(tpart, table.xml);
    pkg.setOverride(tpart, CONTENT_TYPE.table);
  }
  if (rendered.notes.length && vmlRelId) {
    const cpart = book.freePart('', 'comments', 'xml');
    const vpart = book.freePart('drawings', 'vmlDrawing', 'vml');
    pkg.setText(cpart, commentsXml(rendered.notes));
    pkg.setOverride(cpart, CONTENT_TYPE.comments);
    pkg.setText(vpart, vmlXml(rendered.notes, nextIdmap(pkg)));
    pkg.ensureDefault('vml', CONTENT_TYPE.vml);
    const vrel = rels.find((r) => r.id === vmlRelId)!;
    vrel.target = Package.relativeTarget(part, vpart);
    relFor(REL.comments, Package.relativeTarget(part, cpart));
  }
  if (rendered.charts.length && drawingRelId) {
    const dpart = book.freePart('drawings', 'drawing', 'xml');
    const drels: Rel[] = rendered.charts.map((ch, i) => {
      const cpart = book.freePart('charts', 'chart', 'xml');
      pkg.setText(cpart, chartXml(ch));
      pkg.setOverride(cpart, CHART_CONTENT_TYPE.chart);
      return {
        id: `rId${i + 1}`,
        type: CHART_REL.chart,
        target: Package.relativeTarget(dpart, cpart),
        external: false,
      };
    });
    pkg.setText(
      dpart,
      drawingXml(
        rendered.charts,
        drels.map((r) => r.id),
      ),
    );
    pkg.setOverride(dpart, CHART_CONTENT_TYPE.drawing);
    pkg.setText(Package.relsPathFor(dpart), relsXml(drels));
    const drel = rels.find((r) => r.id === drawingRelId)!;
    drel.target = Package.relativeTarget(part, dpart);
  }
  const relsPath = Package.relsPathFor(part);
  if (rels.length) {
    pkg.setText(relsPath, relsXml(rels));
    pkg.ensureDefault('rels', CONTENT_TYPE.rels);
  } else if (pkg.has(relsPath)) {
    pkg.remove(relsPath);
  }
}

/** A VML shape-id block (`o:idmap data`) not used by any other VML drawing of the package. */
function nextIdmap(pkg: Package): number {
  let max = 0;
  for (const name of pkg.names()) {
    if (!/\.vml$/i.test(name)) continue;
    const text = new TextDecoder('utf-8').decode(pkg.bytes(name) ?? new Uint8Array());
    const re = /idmap\b[^>]*\bdata\s*=\s*["']([^"']*)["']/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      for (const n of m[1].split(/[\s,]+/)) if (/^\d+$/.test(n)) max = Math.max(max, Number(n));
    }
  }
  return max + 1;
}
