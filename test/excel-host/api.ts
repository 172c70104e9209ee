/**
 * The subset of the Excel JavaScript API that the add-in uses, over a SimWorkbook, with the
 * semantics that matter for correctness and speed:
 *
 * - every call on a proxy object is queued; nothing happens until `context.sync()`, which sends
 *   the queued request (its JSON size counted and refused over 5 MB, like Excel on the web),
 *   executes it in order and returns the loaded data (size counted and refused over 5 MB; a load
 *   of more than 5,000,000 cells is refused too);
 * - reading a property that was not loaded (and synced) throws `PropertyNotLoaded`;
 * - `*OrNullObject` give null objects whose `isNullObject` is known after a sync; anything but a
 *   load on a null object fails the request;
 * - APIs newer than the simulated ExcelApi version throw `ApiNotFound` when called, so tests run
 *   the 1.7 path and the 1.9+/1.13/1.20 paths of the adapter.
 */
import {
  Rect,
  SimCell,
  SimChart,
  SimChartSeries,
  SimError,
  SimSheet,
  SimTable,
  SimValue,
  SimVisibility,
  SimWorkbook,
  a1,
  intersects,
  parseAddress,
  quoteSheetName,
  rectAddress,
} from './model';

export const REQUEST_LIMIT = 5 * 1024 * 1024;
export const RESPONSE_LIMIT = 5 * 1024 * 1024;
export const CELL_LIMIT = 5_000_000;

export interface SimStats {
  runs: number;
  syncs: number;
  /** UTF-8 bytes of each sync's request and response JSON, in order. */
  requestBytes: number[];
  responseBytes: number[];
  maxRequestBytes: number;
  maxResponseBytes: number;
  /** Syncs that changed the workbook, and those of them sent with calculation suspended. */
  writeSyncs: number;
  suspendedWriteSyncs: number;
  /** Runs with `mergeUndoGroup: true` accepted (ExcelApi 1.20). */
  mergedUndoRuns: number;
  /** Undo steps the user would see: one per writing run with merged undo, else one per writing sync. */
  undoSteps: number;
  /** Actions (queued operations) per sync. */
  actions: number[];
}

export function emptyStats(): SimStats {
  return {
    runs: 0,
    syncs: 0,
    requestBytes: [],
    responseBytes: [],
    maxRequestBytes: 0,
    maxResponseBytes: 0,
    writeSyncs: 0,
    suspendedWriteSyncs: 0,
    mergedUndoRuns: 0,
    undoSteps: 0,
    actions: [],
  };
}

export class SimHost {
  stats: SimStats = emptyStats();
  readonly version: number;
  /** A hook run before each sync executes (tests: change the workbook "while the user works"). */
  beforeSync?: (syncIndex: number) => void;
  constructor(
    readonly workbook: SimWorkbook,
    apiVersion = '1.20',
  ) {
    this.version = versionNumber(apiVersion);
  }

  resetStats(): void {
    this.stats = emptyStats();
  }

  supports(set: string, version: string): boolean {
    if (set !== 'ExcelApi') return false;
    return versionNumber(version) <= this.version;
  }

  /** Handlers added through `worksheets.onActivated` (ExcelApi 1.7), as Excel keeps them per add-in. */
  readonly activatedHandlers = new Set<(args: SimActivatedArgs) => Promise<unknown>>();

  /**
   * The active sheet became `name`: Excel raises `onActivated` after the change, asynchronously, for
   * a click on the sheet tab and for `Worksheet.activate()` alike. Resolves once the handlers ran.
   */
  async sheetActivated(name: string): Promise<void> {
    const args: SimActivatedArgs = { type: 'WorksheetActivated', worksheetId: `{sheet-${name}}`, source: 'Local' };
    await new Promise((r) => setTimeout(r, 0));
    await Promise.all([...this.activatedHandlers].map((h) => h(args)));
  }

  /** The user clicks the tab of sheet `name` (tests): the sheet becomes active and the event is raised. */
  async userActivates(name: string): Promise<void> {
    const wb = this.workbook;
    const s = wb.sheet(name);
    if (!s) throw new SimError('ItemNotFound', `No sheet «${name}».`);
    wb.activeSheet = wb.sheets.indexOf(s);
    wb.selection = { sheet: s.name, address: 'A1' };
    await this.sheetActivated(s.name);
  }
}

export interface SimActivatedArgs {
  type: 'WorksheetActivated';
  worksheetId: string;
  source: 'Local' | 'Remote';
}

/** `EventHandlers<WorksheetActivatedEventArgs>`: adding and removing are queued until the next sync, as in Excel. */
class ActivatedHandlers {
  constructor(private readonly ctx: RequestContext) {}
  add(handler: (args: SimActivatedArgs) => Promise<unknown>): { context: RequestContext; remove(): void } {
    const ctx = this.ctx;
    ctx.requireVersion('1.7', 'WorksheetCollection.onActivated');
    ctx.enqueue({ m: 'onActivated.add' }, () => ctx.host.activatedHandlers.add(handler));
    return {
      context: ctx,
      remove: () => ctx.enqueue({ m: 'onActivated.remove' }, () => ctx.host.activatedHandlers.delete(handler)),
    };
  }
  remove(handler: (args: SimActivatedArgs) => Promise<unknown>): void {
    this.ctx.enqueue({ m: 'onActivated.remove' }, () => this.ctx.host.activatedHandlers.delete(handler));
  }
}

function versionNumber(v: string): number {
  const [maj, min] = v.split('.').map(Number);
  return (maj || 0) * 1000 + (min || 0);
}

const encoder = new TextEncoder();
function bytesOf(v: unknown): number {
  return encoder.encode(JSON.stringify(v)).length;
}

interface Action {
  json: unknown;
  run: () => void;
  write: boolean;
}

type Resolver = () => unknown;

export class RequestContext {
  private queue: Action[] = [];
  private response: unknown[] = [];
  private nextId = 1;
  private suspend = false;
  private wrote = false;
  readonly workbook: Workbook;
  readonly application: Application;
  readonly trackedObjects = { add: (): void => undefined, remove: (): void => undefined };
  constructor(
    readonly host: SimHost,
    private readonly mergeUndo: boolean,
  ) {
    this.workbook = new Workbook(this, null, 'workbook', [], () => host.workbook, false);
    this.application = new Application(this, null, 'application', [], () => host.workbook, false);
  }

  id(): number {
    return this.nextId++;
  }

  enqueue(json: unknown, run: () => void, write = false): void {
    this.queue.push({ json, run, write });
  }

  respond(v: unknown): void {
    this.response.push(v);
  }

  requireVersion(version: string, what: string): void {
    if (!this.host.supports('ExcelApi', version)) {
      throw new SimError('ApiNotFound', `${what} needs ExcelApi ${version}; this host has a lower version.`);
    }
  }

  suspendCalculation(): void {
    this.suspend = true;
  }

  async sync(): Promise<void> {
    const actions = this.queue;
    this.queue = [];
    const host = this.host;
    const stats = host.stats;
    stats.syncs++;
    stats.actions.push(actions.length);
    const reqBytes = bytesOf(actions.map((a) => a.json));
    stats.requestBytes.push(reqBytes);
    stats.maxRequestBytes = Math.max(stats.maxRequestBytes, reqBytes);
    host.beforeSync?.(stats.syncs);
    // Let the caller's code run on, as a real round trip would.
    await Promise.resolve();
    if (reqBytes > REQUEST_LIMIT) {
      stats.responseBytes.push(0);
      throw new SimError(
        'RequestPayloadSizeLimitExceeded',
        `The request payload size (${reqBytes}) has exceeded the limit.`,
      );
    }
    this.response = [];
    const suspended = this.suspend;
    this.suspend = false;
    let wrote = false;
    try {
      for (const a of actions) {
        if (a.write) wrote = true;
        a.run();
      }
    } finally {
      const resBytes = bytesOf(this.response);
      this.response = [];
      stats.responseBytes.push(resBytes);
      stats.maxResponseBytes = Math.max(stats.maxResponseBytes, resBytes);
      if (wrote) {
        stats.writeSyncs++;
        if (suspended) stats.suspendedWriteSyncs++;
        if (!this.mergeUndo || !this.wrote) stats.undoSteps++;
        this.wrote = true;
      }
      if (resBytes > RESPONSE_LIMIT) {
        // eslint-disable-next-line no-unsafe-finally
        throw new SimError(
          'ResponsePayloadSizeLimitExceeded',
          `The response payload size (${resBytes}) has exceeded the limit.`,
        );
      }
    }
  }

  get pending(): number {
    return this.queue.length;
  }
}

// ---------------------------------------------------------------------------------------------

class PropertyNotLoaded extends SimError {
  constructor(type: string, prop: string) {
    super(
      'PropertyNotLoaded',
      `The property '${prop}' of ${type} is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
    );
  }
}

/** A proxy object: its target is resolved when the request runs. */
abstract class ClientObject {
  readonly _id: number;
  protected readonly _props = new Map<string, unknown>();
  private _slot: { done: boolean; v: unknown } = { done: false, v: undefined };
  private _nullKnown = false;
  protected abstract readonly _type: string;

  constructor(
    protected readonly _ctx: RequestContext,
    protected readonly _parent: ClientObject | null,
    name: string,
    args: unknown[],
    private readonly _resolver: Resolver,
    /** A method call (queued) or a navigation property (resolved through the parent). */
    queued: boolean,
    write = false,
  ) {
    this._id = _ctx.id();
    if (queued) {
      _ctx.enqueue(
        { i: this._id, p: _parent?._id ?? 0, m: name, a: args },
        () => {
          const parent = _parent ? _parent._target() : null;
          if (_parent && parent === null)
            throw new SimError('InvalidObjectPath', `${name} was called on a null object.`);
          this._slot = { done: true, v: _resolver() };
          this._nullKnown = true;
        },
        write,
      );
    } else {
      this._slot = { done: false, v: undefined };
    }
  }

  /** Used by collections to hand out objects whose target is already known. */
  protected _settle(v: unknown): void {
    this._slot = { done: true, v };
    this._nullKnown = true;
  }

  _target(): unknown {
    if (this._slot.done) return this._slot.v;
    // Navigation property: through the parent, each time.
    if (this._parent && this._parent._target() === null) return null;
    return this._resolver();
  }

  protected _live<T>(): T {
    const t = this._target();
    if (t === null || t === undefined)
      throw new SimError('InvalidObjectPath', `${this._type}: the object does not exist.`);
    return t as T;
  }

  get isNullObject(): boolean {
    if (!this._nullKnown && !this._parent?._nullKnownDeep()) throw new PropertyNotLoaded(this._type, 'isNullObject');
    return this._target() === null;
  }

  _nullKnownDeep(): boolean {
    return this._nullKnown || (this._parent?._nullKnownDeep() ?? false);
  }

  protected _get<T>(prop: string): T {
    if (!this._props.has(prop)) throw new PropertyNotLoaded(this._type, prop);
    return this._props.get(prop) as T;
  }

  protected _set(prop: string, value: unknown): void {
    this._ctx.enqueue(
      { i: this._id, s: prop, v: value },
      () => {
        this._write(prop, value);
      },
      true,
    );
  }

  protected _call(method: string, args: unknown[], run: () => void, write = true): void {
    this._ctx.enqueue({ i: this._id, m: method, a: args }, () => run(), write);
  }

  /** Scalar properties loaded by `load()` with no arguments. */
  protected abstract _scalars(): string[];
  protected _read(prop: string): unknown {
    throw new SimError('InvalidArgument', `${this._type}.${prop} cannot be loaded by this simulated host.`);
  }
  protected _write(prop: string, _value: unknown): void {
    throw new SimError('InvalidArgument', `${this._type}.${prop} cannot be set by this simulated host.`);
  }
  /** Navigation properties (for `load('format/fill/color')`). */
  protected _child(name: string): ClientObject | null {
    void name;
    return null;
  }

  load(spec?: string | string[] | { select?: string }): this {
    let paths: string[];
    if (spec === undefined) paths = this._scalars();
    else if (typeof spec === 'string') paths = spec.split(',');
    else if (Array.isArray(spec)) paths = spec;
    else paths = (spec.select ?? '').split(',');
    paths = paths.map((p) => p.trim()).filter(Boolean);
    this._ctx.enqueue({ i: this._id, load: paths }, () => this._runLoad(paths));
    return this;
  }

  _runLoad(paths: string[]): void {
    const t = this._target();
    this._nullKnown = true;
    if (t === null) {
      this._ctx.respond({ i: this._id, null: true });
      return;
    }
    const own: string[] = [];
    const nested = new Map<string, string[]>();
    for (const p of paths) {
      const slash = p.indexOf('/');
      if (slash < 0) own.push(p);
      else {
        const head = p.slice(0, slash);
        const list = nested.get(head) ?? [];
        list.push(p.slice(slash + 1));
        nested.set(head, list);
      }
    }
    const out: Record<string, unknown> = {};
    for (const p of own) {
      const child = this._child(p);
      if (child) {
        child._runLoad(child._scalars());
        continue;
      }
      const v = this._read(p);
      this._props.set(p, v);
      out[p] = v;
    }
    this._ctx.respond({ i: this._id, v: out });
    for (const [head, rest] of nested) this._loadNested(head, rest);
  }

  protected _loadNested(head: string, rest: string[]): void {
    const child = this._child(head);
    if (!child) throw new SimError('InvalidArgument', `${this._type} has no navigation property ${head}.`);
    child._runLoad(rest);
  }

  toJSON(): Record<string, unknown> {
    return Object.fromEntries(this._props);
  }
}

/** A value returned by a method (such as `getCellProperties`), readable after the sync. */
export class ClientResult<T> {
  private done = false;
  private v: T | undefined;
  _resolve(v: T): void {
    this.done = true;
    this.v = v;
  }
  get value(): T {
    if (!this.done) throw new PropertyNotLoaded('ClientResult', 'value');
    return this.v as T;
  }
}

// ---------------------------------------------------------------------------------------------

class Application extends ClientObject {
  protected readonly _type = 'Application';
  protected _scalars(): string[] {
    return ['calculationMode'];
  }
  protected override _read(prop: string): unknown {
    if (prop === 'calculationMode') return 'Automatic';
    return super._read(prop);
  }
  suspendApiCalculationUntilNextSync(): void {
    this._ctx.requireVersion('1.6', 'Application.suspendApiCalculationUntilNextSync');
    this._ctx.suspendCalculation();
    this._call('suspendApiCalculationUntilNextSync', [], () => undefined, false);
  }
}

class Workbook extends ClientObject {
  protected readonly _type = 'Workbook';
  private _ws?: WorksheetCollection;
  private _tables?: TableCollection;
  private _settings?: SettingCollection;
  private _names?: NamedItemCollection;
  protected _scalars(): string[] {
    return ['name'];
  }
  protected override _read(prop: string): unknown {
    if (prop === 'name') return 'Книга.xlsx';
    return super._read(prop);
  }
  private get wb(): SimWorkbook {
    return this._live<SimWorkbook>();
  }
  get worksheets(): WorksheetCollection {
    return (this._ws ??= new WorksheetCollection(this._ctx, this, 'worksheets', [], () => this.wb, false));
  }
  get tables(): TableCollection {
    return (this._tables ??= new TableCollection(
      this._ctx,
      this,
      'tables',
      [],
      () => ({ wb: this.wb, sheet: null }),
      false,
    ));
  }
  get settings(): SettingCollection {
    this._ctx.requireVersion('1.4', 'Workbook.settings');
    return (this._settings ??= new SettingCollection(this._ctx, this, 'settings', [], () => this.wb, false));
  }
  get names(): NamedItemCollection {
    return (this._names ??= new NamedItemCollection(this._ctx, this, 'names', [], () => this.wb, false));
  }
  protected override _child(name: string): ClientObject | null {
    if (name === 'worksheets') return this.worksheets;
    if (name === 'tables') return this.tables;
    return null;
  }
  getSelectedRange(): Range {
    return new Range(this._ctx, this, 'getSelectedRange', [], () => {
      const wb = this.wb;
      const sheet = wb.sheet(wb.selection.sheet) ?? wb.sheets[wb.activeSheet];
      return { sheet, rect: parseAddress(wb.selection.address).rect };
    });
  }
}

function checkSheetName(wb: SimWorkbook, name: string, except?: SimSheet): void {
  if (!name || name.length > 31 || /[[\]:*?/\\]/.test(name) || /^'|'$/.test(name)) {
    throw new SimError('InvalidArgument', `The sheet name «${name}» is not valid.`);
  }
  const other = wb.sheet(name);
  if (other && other !== except) throw new SimError('ItemAlreadyExists', `A sheet named «${name}» already exists.`);
}

class WorksheetCollection extends ClientObject {
  protected readonly _type = 'WorksheetCollection';
  private _items: Worksheet[] | null = null;
  protected _scalars(): string[] {
    return ['items'];
  }
  private get wb(): SimWorkbook {
    return this._live<SimWorkbook>();
  }
  get items(): Worksheet[] {
    if (!this._items) throw new PropertyNotLoaded(this._type, 'items');
    return this._items;
  }
  protected override _read(prop: string): unknown {
    if (prop === 'items') {
      this._items = this.wb.sheets.map((s) => Worksheet.settled(this._ctx, this, s));
      for (const w of this._items) w._runLoad(['name', 'visibility', 'position']);
      return this._items.length;
    }
    return super._read(prop);
  }
  protected override _loadNested(head: string, rest: string[]): void {
    if (head !== 'items') return super._loadNested(head, rest);
    this._items = this.wb.sheets.map((s) => Worksheet.settled(this._ctx, this, s));
    for (const w of this._items) w._runLoad(rest);
  }
  getItem(name: string): Worksheet {
    return new Worksheet(this._ctx, this, 'getItem', [name], () => {
      const s = this.wb.sheet(name);
      if (!s) throw new SimError('ItemNotFound', `The requested resource doesn't exist: sheet «${name}».`);
      return s;
    });
  }
  getItemOrNullObject(name: string): Worksheet {
    this._ctx.requireVersion('1.4', 'WorksheetCollection.getItemOrNullObject');
    return new Worksheet(this._ctx, this, 'getItemOrNullObject', [name], () => this.wb.sheet(name) ?? null);
  }
  getActiveWorksheet(): Worksheet {
    return new Worksheet(this._ctx, this, 'getActiveWorksheet', [], () => this.wb.sheets[this.wb.activeSheet]);
  }
  get onActivated(): ActivatedHandlers {
    return new ActivatedHandlers(this._ctx);
  }
  add(name?: string): Worksheet {
    return new Worksheet(
      this._ctx,
      this,
      'add',
      [name],
      () => {
        const wb = this.wb;
        let n = name;
        if (n === undefined) {
          let k = wb.sheets.length + 1;
          while (wb.sheet(`Sheet${k}`)) k++;
          n = `Sheet${k}`;
        }
        checkSheetName(wb, n);
        const s = new SimSheet(n);
        wb.sheets.push(s);
        return s;
      },
      true,
    );
  }
}

class Worksheet extends ClientObject {
  protected readonly _type = 'Worksheet';
  private _tables?: TableCollection;
  private _freeze?: FreezePanes;
  private _layout?: PageLayout;
  constructor(
    ctx: RequestContext,
    parent: ClientObject | null,
    name: string,
    args: unknown[],
    r: Resolver,
    write = false,
    known?: SimSheet,
  ) {
    super(ctx, parent, name, args, r, known === undefined, write);
    if (known) this._settle(known);
  }
  static settled(ctx: RequestContext, parent: ClientObject, s: SimSheet): Worksheet {
    return new Worksheet(ctx, parent, 'item', [], () => s, false, s);
  }
  protected _scalars(): string[] {
    return ['name', 'visibility', 'position', 'id'];
  }
  private get sheet(): SimSheet {
    return this._live<SimSheet>();
  }
  private get wb(): SimWorkbook {
    return this._ctx.host.workbook;
  }
  protected override _read(prop: string): unknown {
    const s = this.sheet;
    switch (prop) {
      case 'name':
        return s.name;
      case 'id':
        return `{sheet-${s.name}}`;
      case 'visibility':
        return s.visibility;
      case 'position':
        return this.wb.sheets.indexOf(s);
      case 'tabColor':
        this._ctx.requireVersion('1.7', 'Worksheet.tabColor');
        return s.tabColor;
    }
    return super._read(prop);
  }
  protected override _write(prop: string, value: unknown): void {
    const s = this.sheet;
    const wb = this.wb;
    switch (prop) {
      case 'name':
        checkSheetName(wb, String(value), s);
        s.name = String(value);
        return;
      case 'visibility': {
        const v = value as SimVisibility;
        if (!['Visible', 'Hidden', 'VeryHidden'].includes(v)) throw new SimError('InvalidArgument', `visibility ${v}`);
        if (v !== 'Visible' && wb.sheets.filter((x) => x !== s && x.visibility === 'Visible').length === 0) {
          throw new SimError('InvalidOperation', 'A workbook must keep at least one visible sheet.');
        }
        s.visibility = v;
        return;
      }
      case 'position': {
        const i = wb.sheets.indexOf(s);
        const active = wb.sheets[wb.activeSheet];
        wb.sheets.splice(i, 1);
        wb.sheets.splice(Math.max(0, Math.min(wb.sheets.length, Number(value))), 0, s);
        wb.activeSheet = Math.max(0, wb.sheets.indexOf(active));
        return;
      }
      case 'tabColor':
        s.tabColor = String(value);
        return;
    }
    super._write(prop, value);
  }
  set name(v: string) {
    this._set('name', v);
  }
  get name(): string {
    return this._get('name');
  }
  set visibility(v: string) {
    this._set('visibility', v);
  }
  get visibility(): string {
    return this._get('visibility');
  }
  set position(v: number) {
    this._set('position', v);
  }
  get position(): number {
    return this._get('position');
  }
  set tabColor(v: string) {
    this._ctx.requireVersion('1.7', 'Worksheet.tabColor');
    this._set('tabColor', v);
  }
  get tabColor(): string {
    return this._get('tabColor');
  }
  get tables(): TableCollection {
    return (this._tables ??= new TableCollection(
      this._ctx,
      this,
      'tables',
      [],
      () => ({ wb: this.wb, sheet: this.sheet }),
      false,
    ));
  }
  get freezePanes(): FreezePanes {
    this._ctx.requireVersion('1.7', 'Worksheet.freezePanes');
    return (this._freeze ??= new FreezePanes(this._ctx, this, 'freezePanes', [], () => this.sheet, false));
  }
  private _notes?: NoteCollection;
  get notes(): NoteCollection {
    this._ctx.requireVersion('1.18', 'Worksheet.notes');
    return (this._notes ??= new NoteCollection(this._ctx, this, 'notes', [], () => this.sheet, false));
  }
  private _charts?: ChartCollection;
  get charts(): ChartCollection {
    return (this._charts ??= new ChartCollection(this._ctx, this, 'charts', [], () => this.sheet, false));
  }
  get pageLayout(): PageLayout {
    this._ctx.requireVersion('1.9', 'Worksheet.pageLayout');
    return (this._layout ??= new PageLayout(this._ctx, this, 'pageLayout', [], () => this.sheet, false));
  }
  getRange(address?: string): Range {
    return new Range(this._ctx, this, 'getRange', [address], () => {
      const s = this.sheet;
      if (address === undefined || address === '') return { sheet: s, rect: { r1: 0, c1: 0, r2: 1048575, c2: 16383 } };
      const p = parseAddress(address);
      if (p.sheet !== null && p.sheet.toLowerCase() !== s.name.toLowerCase())
        throw new SimError('InvalidArgument', `Address ${address} is on another sheet.`);
      return { sheet: s, rect: p.rect };
    });
  }
  getRangeByIndexes(row: number, col: number, rows: number, cols: number): Range {
    return new Range(this._ctx, this, 'getRangeByIndexes', [row, col, rows, cols], () => {
      if (rows < 1 || cols < 1 || row < 0 || col < 0 || row + rows > 1048576 || col + cols > 16384)
        throw new SimError('InvalidArgument', `getRangeByIndexes(${row}, ${col}, ${rows}, ${cols})`);
      return { sheet: this.sheet, rect: { r1: row, c1: col, r2: row + rows - 1, c2: col + cols - 1 } };
    });
  }
  getUsedRange(valuesOnly = false): Range {
    return new Range(this._ctx, this, 'getUsedRange', [valuesOnly], () => {
      const s = this.sheet;
      return { sheet: s, rect: s.usedRect(valuesOnly) ?? { r1: 0, c1: 0, r2: 0, c2: 0 } };
    });
  }
  getUsedRangeOrNullObject(valuesOnly = false): Range {
    this._ctx.requireVersion('1.4', 'Worksheet.getUsedRangeOrNullObject');
    return new Range(this._ctx, this, 'getUsedRangeOrNullObject', [valuesOnly], () => {
      const s = this.sheet;
      const rect = s.usedRect(valuesOnly);
      return rect ? { sheet: s, rect } : null;
    });
  }
  getRanges(address: string): RangeAreas {
    this._ctx.requireVersion('1.9', 'Worksheet.getRanges');
    return new RangeAreas(this._ctx, this, 'getRanges', [address], () => {
      const s = this.sheet;
      const rects = address
        .split(/[,;]/)
        .map((a) => a.trim())
        .filter(Boolean)
        .map((a) => parseAddress(a).rect);
      if (!rects.length) throw new SimError('InvalidArgument', 'getRanges: no address');
      return { sheet: s, rects };
    });
  }
  activate(): void {
    this._call(
      'activate',
      [],
      () => {
        const wb = this.wb;
        const s = this.sheet;
        if (s.visibility !== 'Visible') throw new SimError('InvalidOperation', 'A hidden sheet cannot be activated.');
        const before = wb.activeSheet;
        wb.activeSheet = wb.sheets.indexOf(s);
        wb.selection = { sheet: s.name, address: 'A1' };
        if (wb.activeSheet !== before) void this._ctx.host.sheetActivated(s.name);
      },
      false,
    );
  }
  delete(): void {
    this._call('delete', [], () => {
      const wb = this.wb;
      const s = this.sheet;
      if (wb.sheets.filter((x) => x !== s && x.visibility === 'Visible').length === 0)
        throw new SimError('InvalidOperation', 'The last visible sheet cannot be deleted.');
      const active = wb.sheets[wb.activeSheet];
      wb.sheets.splice(wb.sheets.indexOf(s), 1);
      wb.tables = wb.tables.filter((t) => t.sheet !== s);
      if (active === s) {
        wb.activeSheet = Math.max(
          0,
          wb.sheets.findIndex((x) => x.visibility === 'Visible'),
        );
        wb.selection = { sheet: wb.sheets[wb.activeSheet].name, address: 'A1' };
      } else wb.activeSheet = wb.sheets.indexOf(active);
    });
  }
}

class NoteCollection extends ClientObject {
  protected readonly _type = 'NoteCollection';
  protected _scalars(): string[] {
    return [];
  }
  add(cellAddress: string, content: string): void {
    this._call('add', [cellAddress, content], () => {
      const sheet = this._live<SimSheet>();
      const { rect } = parseAddress(cellAddress);
      if (rect.r1 !== rect.r2 || rect.c1 !== rect.c2) throw new SimError('InvalidArgument', 'A note goes on one cell.');
      const cell = sheet.at(rect.r1, rect.c1);
      if (cell.note !== undefined) throw new SimError('InvalidOperation', 'The cell already has a note.');
      cell.note = String(content);
    });
  }
}

class FreezePanes extends ClientObject {
  protected readonly _type = 'WorksheetFreezePanes';
  protected _scalars(): string[] {
    return [];
  }
  freezeRows(count = 1): void {
    this._call('freezeRows', [count], () => {
      this._live<SimSheet>().freezeRows = count;
    });
  }
  unfreeze(): void {
    this._call('unfreeze', [], () => {
      this._live<SimSheet>().freezeRows = 0;
    });
  }
}

class PageLayout extends ClientObject {
  protected readonly _type = 'PageLayout';
  protected _scalars(): string[] {
    return ['orientation'];
  }
  protected override _read(prop: string): unknown {
    if (prop === 'orientation') return this._live<SimSheet>().orientation;
    return super._read(prop);
  }
  protected override _write(prop: string, value: unknown): void {
    if (prop === 'orientation') this._live<SimSheet>().orientation = String(value);
    else super._write(prop, value);
  }
  set orientation(v: string) {
    this._set('orientation', v);
  }
}

// ---- charts ------------------------------------------------------------------------------------

const CHART_TYPES = new Set([
  'ColumnClustered',
  'ColumnStacked',
  'ColumnStacked100',
  'BarClustered',
  'BarStacked',
  'Line',
  'LineMarkers',
  'Pie',
  'Area',
  'XYScatter',
]);

function rangeAddress(sheet: SimSheet, r: Rect): string {
  return `${quoteSheetName(sheet.name)}!${rectAddress(r)}`;
}

function isNumberCell(cell: SimCell | undefined): boolean {
  return typeof cell?.v === 'number';
}

function isLabelCell(cell: SimCell | undefined): boolean {
  return cell?.v === undefined || cell.v === '' || typeof cell.v === 'string';
}

/**
 * The series Excel makes of a source range, as it does for a selection: series by columns (or rows);
 * the first column (row) is the categories when its cells below the header are text, the first row
 * (column) the series names when its cells are text.
 */
function seriesOfSource(sheet: SimSheet, rect: Rect, by: string): SimChartSeries[] {
  const rows = rect.r2 - rect.r1 + 1;
  const cols = rect.c2 - rect.c1 + 1;
  const byColumns = by === 'Columns' || (by !== 'Rows' && rows >= cols);
  // in "line" terms: a line is a column (by columns) or a row; a position runs along it
  const lines = byColumns ? cols : rows;
  const along = byColumns ? rows : cols;
  const at = (line: number, pos: number): SimCell | undefined =>
    byColumns ? sheet.get(rect.r1 + pos, rect.c1 + line) : sheet.get(rect.r1 + line, rect.c1 + pos);
  const names =
    along > 1 &&
    Array.from({ length: lines }, (_x, l) => at(l, 0)).every(isLabelCell) &&
    Array.from({ length: lines }, (_x, l) => at(l, 0)).some((c) => typeof c?.v === 'string');
  const first = names ? 1 : 0;
  const cats =
    lines > 1 &&
    Array.from({ length: along - first }, (_x, p) => at(0, p + first)).every(isLabelCell) &&
    !Array.from({ length: along - first }, (_x, p) => at(0, p + first)).some(isNumberCell);
  const lineRect = (l: number, from: number): Rect =>
    byColumns
      ? { r1: rect.r1 + from, c1: rect.c1 + l, r2: rect.r2, c2: rect.c1 + l }
      : { r1: rect.r1 + l, c1: rect.c1 + from, r2: rect.r1 + l, c2: rect.c2 };
  const out: SimChartSeries[] = [];
  for (let l = cats ? 1 : 0; l < lines; l++) {
    const head = names ? at(l, 0)?.v : undefined;
    out.push({
      name: head === undefined || head === '' ? `Ряд${out.length + 1}` : String(head),
      values: rangeAddress(sheet, lineRect(l, first)),
      xValues: cats ? rangeAddress(sheet, lineRect(0, first)) : null,
    });
  }
  return out;
}

function rangeOf(x: unknown, sheet: SimSheet, what: string): RangeTarget {
  if (typeof x === 'string') return { sheet, rect: parseAddress(x).rect };
  const t = x instanceof Range ? (x._target() as RangeTarget | null) : null;
  if (!t) throw new SimError('InvalidArgument', `${what}: not a range.`);
  return t;
}

class ChartCollection extends ClientObject {
  protected readonly _type = 'ChartCollection';
  private _items: Chart[] | null = null;
  protected _scalars(): string[] {
    return ['items', 'count'];
  }
  private get sheet(): SimSheet {
    return this._live<SimSheet>();
  }
  get items(): Chart[] {
    if (!this._items) throw new PropertyNotLoaded(this._type, 'items');
    return this._items;
  }
  get count(): number {
    return this._get('count');
  }
  protected override _read(prop: string): unknown {
    if (prop === 'count') return this.sheet.charts.length;
    if (prop === 'items') {
      this._loadNested('items', ['name']);
      return this.sheet.charts.length;
    }
    return super._read(prop);
  }
  protected override _loadNested(head: string, rest: string[]): void {
    if (head !== 'items') return super._loadNested(head, rest);
    this._items = this.sheet.charts.map((c) => Chart.settled(this._ctx, this, c));
    for (const it of this._items) it._runLoad(rest);
  }
  add(type: string, sourceData: Range, seriesBy = 'Auto'): Chart {
    return new Chart(
      this._ctx,
      this,
      'add',
      [type, sourceData._id, seriesBy],
      () => {
        const sheet = this.sheet;
        if (!CHART_TYPES.has(type)) throw new SimError('InvalidArgument', `Chart type ${type}.`);
        if (!['Auto', 'Columns', 'Rows'].includes(seriesBy))
          throw new SimError('InvalidArgument', `seriesBy ${seriesBy}.`);
        const src = rangeOf(sourceData, sheet, 'charts.add');
        if (src.sheet !== sheet) throw new SimError('InvalidArgument', 'The source data is on another sheet.');
        let k = sheet.charts.length + 1;
        while (sheet.charts.some((c) => c.name === `Chart ${k}`)) k++;
        const chart: SimChart = {
          name: `Chart ${k}`,
          type,
          title: '',
          source: rangeAddress(sheet, src.rect),
          seriesBy,
          series: seriesOfSource(sheet, src.rect, seriesBy),
          position: null,
          legend: { visible: true, position: 'Right' },
        };
        sheet.charts.push(chart);
        return { sheet, chart };
      },
      true,
    );
  }
  getItemAt(index: number): Chart {
    return new Chart(this._ctx, this, 'getItemAt', [index], () => {
      const chart = this.sheet.charts[index];
      if (!chart) throw new SimError('ItemNotFound', `No chart at ${index}.`);
      return { sheet: this.sheet, chart };
    });
  }
}

interface ChartTarget {
  sheet: SimSheet;
  chart: SimChart;
}

class Chart extends ClientObject {
  protected readonly _type = 'Chart';
  constructor(
    ctx: RequestContext,
    parent: ClientObject | null,
    name: string,
    args: unknown[],
    r: Resolver,
    write = false,
    known?: ChartTarget,
  ) {
    super(ctx, parent, name, args, r, known === undefined, write);
    if (known) this._settle(known);
  }
  static settled(ctx: RequestContext, parent: ClientObject, c: SimChart): Chart {
    const sheet = (parent as unknown as { _target(): SimSheet })._target();
    return new Chart(ctx, parent, 'item', [], () => ({ sheet, chart: c }), false, { sheet, chart: c });
  }
  protected _scalars(): string[] {
    return ['name', 'chartType'];
  }
  private get t(): ChartTarget {
    return this._live<ChartTarget>();
  }
  protected override _read(prop: string): unknown {
    if (prop === 'name') return this.t.chart.name;
    if (prop === 'chartType') {
      this._ctx.requireVersion('1.7', 'Chart.chartType');
      return this.t.chart.type;
    }
    return super._read(prop);
  }
  protected override _write(prop: string, value: unknown): void {
    if (prop === 'name') {
      this.t.chart.name = String(value);
      return;
    }
    if (prop === 'chartType') {
      if (!CHART_TYPES.has(String(value))) throw new SimError('InvalidArgument', `Chart type ${String(value)}.`);
      this.t.chart.type = String(value);
      return;
    }
    super._write(prop, value);
  }
  get name(): string {
    return this._get('name');
  }
  set name(v: string) {
    this._set('name', v);
  }
  set chartType(v: string) {
    this._ctx.requireVersion('1.7', 'Chart.chartType');
    this._set('chartType', v);
  }
  private _title?: ChartTitle;
  get title(): ChartTitle {
    return (this._title ??= new ChartTitle(this._ctx, this, 'title', [], () => this.t.chart, false));
  }
  private _legend?: ChartLegend;
  get legend(): ChartLegend {
    return (this._legend ??= new ChartLegend(this._ctx, this, 'legend', [], () => this.t.chart, false));
  }
  private _series?: ChartSeriesCollection;
  get series(): ChartSeriesCollection {
    return (this._series ??= new ChartSeriesCollection(this._ctx, this, 'series', [], () => this.t.chart, false));
  }
  protected override _child(name: string): ClientObject | null {
    return name === 'title' ? this.title : name === 'legend' ? this.legend : name === 'series' ? this.series : null;
  }
  setPosition(startCell: Range | string, endCell?: Range | string): void {
    const ids = [startCell, endCell].map((x) => (typeof x === 'object' ? x._id : x));
    this._call('setPosition', ids, () => {
      const t = this.t;
      const a = rangeOf(startCell, t.sheet, 'setPosition').rect;
      const b = endCell === undefined ? a : rangeOf(endCell, t.sheet, 'setPosition').rect;
      t.chart.position = rectAddress({
        r1: Math.min(a.r1, b.r1),
        c1: Math.min(a.c1, b.c1),
        r2: Math.max(a.r2, b.r2),
        c2: Math.max(a.c2, b.c2),
      });
    });
  }
  delete(): void {
    this._call('delete', [], () => {
      const t = this.t;
      t.sheet.charts.splice(t.sheet.charts.indexOf(t.chart), 1);
    });
  }
}

class ChartTitle extends ClientObject {
  protected readonly _type = 'ChartTitle';
  protected _scalars(): string[] {
    return ['text', 'visible'];
  }
  protected override _read(prop: string): unknown {
    const c = this._live<SimChart>();
    if (prop === 'text') return c.title;
    if (prop === 'visible') return c.title !== '';
    return super._read(prop);
  }
  protected override _write(prop: string, value: unknown): void {
    const c = this._live<SimChart>();
    if (prop === 'text') c.title = String(value);
    else if (prop === 'visible') {
      if (!value) c.title = '';
    } else super._write(prop, value);
  }
  get text(): string {
    return this._get('text');
  }
  set text(v: string) {
    this._set('text', v);
  }
  set visible(v: boolean) {
    this._set('visible', v);
  }
}

class ChartLegend extends ClientObject {
  protected readonly _type = 'ChartLegend';
  protected _scalars(): string[] {
    return ['visible', 'position'];
  }
  protected override _read(prop: string): unknown {
    const c = this._live<SimChart>();
    if (prop === 'visible') return c.legend.visible;
    if (prop === 'position') return c.legend.position;
    return super._read(prop);
  }
  protected override _write(prop: string, value: unknown): void {
    const c = this._live<SimChart>();
    if (prop === 'visible') c.legend.visible = Boolean(value);
    else if (prop === 'position') {
      if (!['Top', 'Bottom', 'Left', 'Right', 'Corner', 'Custom'].includes(String(value)))
        throw new SimError('InvalidArgument', `Legend position ${String(value)}.`);
      c.legend.position = String(value);
    } else super._write(prop, value);
  }
  set visible(v: boolean) {
    this._set('visible', v);
  }
  set position(v: string) {
    this._set('position', v);
  }
}

class ChartSeriesCollection extends ClientObject {
  protected readonly _type = 'ChartSeriesCollection';
  private _items: ChartSeries[] | null = null;
  protected _scalars(): string[] {
    return ['items', 'count'];
  }
  private get chart(): SimChart {
    return this._live<SimChart>();
  }
  get items(): ChartSeries[] {
    if (!this._items) throw new PropertyNotLoaded(this._type, 'items');
    return this._items;
  }
  get count(): number {
    return this._get('count');
  }
  protected override _read(prop: string): unknown {
    if (prop === 'count') return this.chart.series.length;
    if (prop === 'items') {
      this._loadNested('items', ['name']);
      return this.chart.series.length;
    }
    return super._read(prop);
  }
  protected override _loadNested(head: string, rest: string[]): void {
    if (head !== 'items') return super._loadNested(head, rest);
    const chart = this.chart;
    this._items = chart.series.map((x) => ChartSeries.settled(this._ctx, this, chart, x));
    for (const it of this._items) it._runLoad(rest);
  }
  getItemAt(index: number): ChartSeries {
    return new ChartSeries(this._ctx, this, 'getItemAt', [index], () => {
      const chart = this.chart;
      const series = chart.series[index];
      if (!series) throw new SimError('ItemNotFound', `No series at ${index}.`);
      return { chart, series };
    });
  }
  add(name?: string, index?: number): ChartSeries {
    this._ctx.requireVersion('1.7', 'ChartSeriesCollection.add');
    return new ChartSeries(
      this._ctx,
      this,
      'add',
      [name, index],
      () => {
        const chart = this.chart;
        const series: SimChartSeries = { name: name ?? `Ряд${chart.series.length + 1}`, values: null, xValues: null };
        const at = index === undefined ? chart.series.length : Math.max(0, Math.min(chart.series.length, index));
        chart.series.splice(at, 0, series);
        return { chart, series };
      },
      true,
    );
  }
}

interface SeriesTarget {
  chart: SimChart;
  series: SimChartSeries;
}

class ChartSeries extends ClientObject {
  protected readonly _type = 'ChartSeries';
  constructor(
    ctx: RequestContext,
    parent: ClientObject | null,
    name: string,
    args: unknown[],
    r: Resolver,
    write = false,
    known?: SeriesTarget,
  ) {
    super(ctx, parent, name, args, r, known === undefined, write);
    if (known) this._settle(known);
  }
  static settled(ctx: RequestContext, parent: ClientObject, chart: SimChart, series: SimChartSeries): ChartSeries {
    return new ChartSeries(ctx, parent, 'item', [], () => ({ chart, series }), false, { chart, series });
  }
  protected _scalars(): string[] {
    return ['name'];
  }
  protected override _read(prop: string): unknown {
    if (prop === 'name') return this._live<SeriesTarget>().series.name;
    return super._read(prop);
  }
  protected override _write(prop: string, value: unknown): void {
    if (prop === 'name') this._live<SeriesTarget>().series.name = String(value);
    else super._write(prop, value);
  }
  get name(): string {
    return this._get('name');
  }
  set name(v: string) {
    this._set('name', v);
  }
  private setRange(method: string, source: Range, key: 'values' | 'xValues'): void {
    this._ctx.requireVersion('1.7', `ChartSeries.${method}`);
    this._call(method, [source._id], () => {
      const t = source._target() as RangeTarget | null;
      if (!t) throw new SimError('InvalidArgument', `${method}: not a range.`);
      this._live<SeriesTarget>().series[key] = rangeAddress(t.sheet, t.rect);
    });
  }
  setValues(sourceData: Range): void {
    this.setRange('setValues', sourceData, 'values');
  }
  setXAxisValues(sourceData: Range): void {
    this.setRange('setXAxisValues', sourceData, 'xValues');
  }
}

// ---- ranges ----------------------------------------------------------------------------------

interface RangeTarget {
  sheet: SimSheet;
  rect: Rect;
}

function cellCount(r: Rect): number {
  return (r.r2 - r.r1 + 1) * (r.c2 - r.c1 + 1);
}

function grid<T>(t: RangeTarget, fn: (cell: SimCell | undefined, r: number, c: number) => T): T[][] {
  if (cellCount(t.rect) > CELL_LIMIT) {
    throw new SimError('ResponsePayloadSizeLimitExceeded', `A read of ${cellCount(t.rect)} cells exceeds the limit.`);
  }
  const out: T[][] = [];
  for (let r = t.rect.r1; r <= t.rect.r2; r++) {
    const line: T[] = new Array(t.rect.c2 - t.rect.c1 + 1);
    for (let c = t.rect.c1; c <= t.rect.c2; c++) line[c - t.rect.c1] = fn(t.sheet.get(r, c), r, c);
    out.push(line);
  }
  return out;
}

/** Applies a 2D array (or one value for every cell) to a range. */
function each(t: RangeTarget, value: unknown, fn: (r: number, c: number, v: unknown) => void): void {
  const rows = t.rect.r2 - t.rect.r1 + 1;
  const cols = t.rect.c2 - t.rect.c1 + 1;
  if (Array.isArray(value)) {
    if (value.length !== rows || value.some((line) => !Array.isArray(line) || line.length !== cols)) {
      throw new SimError(
        'InvalidArgument',
        `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${rows}×${cols}).`,
      );
    }
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) fn(t.rect.r1 + r, t.rect.c1 + c, value[r][c]);
  } else if (rows === 1 && cols === 1) {
    fn(t.rect.r1, t.rect.c1, value);
  } else {
    // Values, formulas and number formats of a multi-cell range take a 2D array of its size.
    throw new SimError('InvalidArgument', `A ${rows}×${cols} range needs a ${rows}×${cols} array.`);
  }
}

const NUMBER_RE = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$/;

/** What Excel does with a value typed or written into a cell. */
function writeValue(sheet: SimSheet, r: number, c: number, v: unknown, asFormula: boolean): void {
  if (v === null || v === undefined) return;
  const cell = sheet.at(r, c);
  cell.f = undefined;
  cell.quote = undefined;
  if (typeof v === 'number' || typeof v === 'boolean') {
    cell.v = v;
  } else {
    const s = String(v);
    const text = cell.nf === '@';
    if (s === '') cell.v = undefined;
    else if (s.startsWith("'")) {
      cell.v = s.slice(1);
      cell.quote = true;
    } else if (text) cell.v = s;
    else if (s.length > 1 && (s.startsWith('=') || ((s.startsWith('+') || s.startsWith('-')) && !NUMBER_RE.test(s)))) {
      cell.f = s.replace(/^[=+]/, '');
      cell.v = '#NAME?';
    } else if (NUMBER_RE.test(s.trim())) cell.v = Number(s.trim().replace(',', '.'));
    else if (/^(true|false)$/i.test(s)) cell.v = s.toLowerCase() === 'true';
    else cell.v = s;
    void asFormula;
  }
  if (cell.v !== undefined && typeof cell.v === 'string' && cell.v.length > 32767)
    throw new SimError('InvalidArgument', 'A cell holds at most 32,767 characters.');
  sheet.tidy(r, c);
}

function uniform<T>(t: RangeTarget, fn: (cell: SimCell | undefined) => T): T | null {
  let first: T | undefined;
  let seen = false;
  for (let r = t.rect.r1; r <= t.rect.r2; r++) {
    for (let c = t.rect.c1; c <= t.rect.c2; c++) {
      const v = fn(t.sheet.get(r, c));
      if (!seen) {
        first = v;
        seen = true;
      } else if (v !== first) return null;
    }
  }
  return first as T;
}

export class Range extends ClientObject {
  protected readonly _type = 'Range';
  private _format?: RangeFormat;
  private _dv?: DataValidation;
  constructor(ctx: RequestContext, parent: ClientObject | null, name: string, args: unknown[], r: Resolver) {
    super(ctx, parent, name, args, r, true);
  }
  protected _scalars(): string[] {
    return [
      'address',
      'rowIndex',
      'columnIndex',
      'rowCount',
      'columnCount',
      'cellCount',
      'values',
      'formulas',
      'numberFormat',
    ];
  }
  private get t(): RangeTarget {
    return this._live<RangeTarget>();
  }
  protected override _read(prop: string): unknown {
    const t = this.t;
    switch (prop) {
      case 'address':
        return `${quoteSheetName(t.sheet.name)}!${rectAddress(t.rect)}`;
      case 'addressLocal':
        return `${quoteSheetName(t.sheet.name)}!${rectAddress(t.rect)}`;
      case 'rowIndex':
        return t.rect.r1;
      case 'columnIndex':
        return t.rect.c1;
      case 'rowCount':
        return t.rect.r2 - t.rect.r1 + 1;
      case 'columnCount':
        return t.rect.c2 - t.rect.c1 + 1;
      case 'cellCount':
        return cellCount(t.rect);
      case 'values':
        return grid(t, (cell) => cell?.v ?? '');
      case 'formulas':
        return grid(t, (cell) => (cell?.f !== undefined ? '=' + cell.f : (cell?.v ?? '')));
      case 'numberFormat':
        return grid(t, (cell) => cell?.nf ?? 'General');
      case 'text':
        return grid(t, (cell) => (cell?.v === undefined ? '' : String(cell.v)));
      case 'hyperlink': {
        this._ctx.requireVersion('1.7', 'Range.hyperlink');
        const link = t.sheet.get(t.rect.r1, t.rect.c1)?.link;
        return link ? { ...link } : null;
      }
    }
    return super._read(prop);
  }
  protected override _write(prop: string, value: unknown): void {
    const t = this.t;
    switch (prop) {
      case 'values':
        each(t, value, (r, c, v) => writeValue(t.sheet, r, c, v, false));
        return;
      case 'formulas':
        each(t, value, (r, c, v) => writeValue(t.sheet, r, c, v, true));
        return;
      case 'numberFormat':
        each(t, value, (r, c, v) => {
          if (v === null || v === undefined) return;
          const cell = t.sheet.at(r, c);
          cell.nf = v === 'General' ? undefined : String(v);
          t.sheet.tidy(r, c);
        });
        return;
      case 'columnHidden':
        for (let c = t.rect.c1; c <= t.rect.c2; c++) {
          if (value) t.sheet.hiddenColumns.add(c);
          else t.sheet.hiddenColumns.delete(c);
        }
        return;
      case 'hyperlink': {
        const link = value as { documentReference?: string; address?: string; textToDisplay?: string } | null;
        forCells(t, (cell, r, c) => {
          cell.link = link ? { ...link } : undefined;
          if (link?.textToDisplay !== undefined && r === t.rect.r1 && c === t.rect.c1) {
            cell.v = link.textToDisplay;
            cell.f = undefined;
          }
        });
        return;
      }
    }
    super._write(prop, value);
  }
  get address(): string {
    return this._get('address');
  }
  get rowIndex(): number {
    return this._get('rowIndex');
  }
  get columnIndex(): number {
    return this._get('columnIndex');
  }
  get rowCount(): number {
    return this._get('rowCount');
  }
  get columnCount(): number {
    return this._get('columnCount');
  }
  get cellCount(): number {
    return this._get('cellCount');
  }
  get values(): unknown[][] {
    return this._get('values');
  }
  set values(v: unknown[][]) {
    this._set('values', v);
  }
  get formulas(): unknown[][] {
    return this._get('formulas');
  }
  set formulas(v: unknown[][]) {
    this._set('formulas', v);
  }
  get numberFormat(): unknown[][] {
    return this._get('numberFormat');
  }
  set numberFormat(v: unknown[][]) {
    this._set('numberFormat', v);
  }
  get text(): string[][] {
    return this._get('text');
  }
  get hyperlink(): unknown {
    return this._get('hyperlink');
  }
  set hyperlink(v: unknown) {
    this._ctx.requireVersion('1.7', 'Range.hyperlink');
    this._set('hyperlink', v);
  }
  get format(): RangeFormat {
    return (this._format ??= new RangeFormat(this._ctx, this, 'format', [], () => this.t, false));
  }
  set columnHidden(v: boolean) {
    this._set('columnHidden', v);
  }
  get dataValidation(): DataValidation {
    this._ctx.requireVersion('1.8', 'Range.dataValidation');
    return (this._dv ??= new DataValidation(this._ctx, this, 'dataValidation', [], () => this.t, false));
  }
  protected override _child(name: string): ClientObject | null {
    return name === 'format' ? this.format : null;
  }
  select(): void {
    this._call(
      'select',
      [],
      () => {
        const t = this.t;
        const wb = this._ctx.host.workbook;
        if (t.sheet.visibility !== 'Visible')
          throw new SimError('InvalidOperation', 'Cannot select on a hidden sheet.');
        wb.activeSheet = wb.sheets.indexOf(t.sheet);
        wb.selection = { sheet: t.sheet.name, address: rectAddress(t.rect) };
      },
      false,
    );
  }
  merge(across = false): void {
    this._call('merge', [across], () => {
      const t = this.t;
      const rects: Rect[] = across
        ? Array.from({ length: t.rect.r2 - t.rect.r1 + 1 }, (_x, i) => ({
            ...t.rect,
            r1: t.rect.r1 + i,
            r2: t.rect.r1 + i,
          }))
        : [t.rect];
      for (const m of rects) {
        if (cellCount(m) < 2) continue;
        t.sheet.merges = t.sheet.merges.filter((x) => !intersects(x, m));
        t.sheet.merges.push(m);
        // Excel keeps only the top-left value.
        for (let r = m.r1; r <= m.r2; r++)
          for (let c = m.c1; c <= m.c2; c++) {
            if (r === m.r1 && c === m.c1) continue;
            const cell = t.sheet.get(r, c);
            if (cell) {
              cell.v = undefined;
              cell.f = undefined;
              t.sheet.tidy(r, c);
            }
          }
      }
    });
  }
  clear(applyTo = 'All'): void {
    this._call('clear', [applyTo], () => {
      const t = this.t;
      for (const [k, cell] of [...t.sheet.cells]) {
        const r = Math.floor(k / 16384);
        const c = k % 16384;
        if (r < t.rect.r1 || r > t.rect.r2 || c < t.rect.c1 || c > t.rect.c2) continue;
        if (applyTo === 'All' || applyTo === 'Contents') {
          cell.v = undefined;
          cell.f = undefined;
          cell.quote = undefined;
          cell.link = undefined;
        }
        if (applyTo === 'All' || applyTo === 'Formats') {
          cell.fill = cell.pattern = cell.font = cell.nf = undefined;
          cell.bold = cell.wrap = undefined;
          cell.borders = undefined;
        }
        t.sheet.tidy(r, c);
      }
    });
  }
  getCell(row: number, col: number): Range {
    return new Range(this._ctx, this, 'getCell', [row, col], () => {
      const t = this.t;
      return {
        sheet: t.sheet,
        rect: { r1: t.rect.r1 + row, c1: t.rect.c1 + col, r2: t.rect.r1 + row, c2: t.rect.c1 + col },
      };
    });
  }
  getMergedAreasOrNullObject(): RangeAreas {
    this._ctx.requireVersion('1.13', 'Range.getMergedAreasOrNullObject');
    return new RangeAreas(this._ctx, this, 'getMergedAreasOrNullObject', [], () => {
      const t = this.t;
      const rects = t.sheet.merges.filter((m) => intersects(m, t.rect));
      if (rects.length > 512) throw new SimError('GeneralException', 'More than 512 merged areas in the range.');
      return rects.length ? { sheet: t.sheet, rects } : null;
    });
  }
  getCellProperties(loadOptions: CellPropertiesLoadOptions): ClientResult<CellProperties[][]> {
    this._ctx.requireVersion('1.9', 'Range.getCellProperties');
    const result = new ClientResult<CellProperties[][]>();
    this._ctx.enqueue({ i: this._id, m: 'getCellProperties', a: [loadOptions] }, () => {
      const t = this.t;
      const v = grid(t, (cell, r, c) => cellProperties(cell, r, c, loadOptions));
      this._ctx.respond(v);
      result._resolve(v);
    });
    return result;
  }
  setCellProperties(data: CellProperties[][]): void {
    this._ctx.requireVersion('1.9', 'Range.setCellProperties');
    this._call('setCellProperties', [data], () => {
      const t = this.t;
      each(t, data, (r, c, p) => {
        const f = (p as CellProperties | null)?.format;
        if (!f) return;
        const cell = t.sheet.at(r, c);
        if (f.fill) applyFill(cell, f.fill);
        if (f.font) applyFont(cell, f.font);
        t.sheet.tidy(r, c);
      });
    });
  }
}

export interface CellPropertiesLoadOptions {
  address?: boolean;
  format?: { fill?: { color?: boolean; pattern?: boolean }; font?: { color?: boolean; bold?: boolean } };
}

export interface CellProperties {
  address?: string;
  format?: {
    fill?: { color?: string; pattern?: string };
    font?: { color?: string; bold?: boolean };
  };
}

function cellProperties(cell: SimCell | undefined, r: number, c: number, o: CellPropertiesLoadOptions): CellProperties {
  const out: CellProperties = {};
  if (o.address) out.address = a1(r, c);
  if (o.format) {
    out.format = {};
    if (o.format.fill) {
      out.format.fill = {};
      if (o.format.fill.color) out.format.fill.color = cell?.fill ?? '#FFFFFF';
      if (o.format.fill.pattern) out.format.fill.pattern = cell?.fill ? (cell.pattern ?? 'Solid') : 'None';
    }
    if (o.format.font) {
      out.format.font = {};
      if (o.format.font.color) out.format.font.color = cell?.font ?? '#000000';
      if (o.format.font.bold) out.format.font.bold = cell?.bold ?? false;
    }
  }
  return out;
}

function normColor(v: unknown): string {
  const s = String(v).trim();
  const named: Record<string, string> = { white: '#FFFFFF', black: '#000000', red: '#FF0000' };
  if (named[s.toLowerCase()]) return named[s.toLowerCase()];
  const h = s.replace(/^#/, '').toUpperCase();
  if (!/^[0-9A-F]{6}$/.test(h)) throw new SimError('InvalidArgument', `Not a colour: ${s}`);
  return '#' + h;
}

function applyFill(cell: SimCell, fill: { color?: string; pattern?: string }): void {
  if (fill.pattern === 'None') {
    cell.fill = undefined;
    cell.pattern = undefined;
    return;
  }
  if (fill.color !== undefined) {
    cell.fill = normColor(fill.color);
    // Setting a colour alone makes the fill solid, as in Excel.
    if (fill.pattern === undefined) cell.pattern = undefined;
  }
  if (fill.pattern !== undefined) cell.pattern = fill.pattern === 'Solid' ? undefined : fill.pattern;
  if (cell.fill === undefined && cell.pattern !== undefined) cell.fill = '#000000';
}

function applyFont(cell: SimCell, font: { color?: string; bold?: boolean }): void {
  if (font.color !== undefined) {
    const c = normColor(font.color);
    cell.font = c === '#000000' ? undefined : c;
  }
  if (font.bold !== undefined) cell.bold = font.bold || undefined;
}

interface AreasTarget {
  sheet: SimSheet;
  rects: Rect[];
}

/** Applies a function to every cell of a range or of all areas of a RangeAreas. */
function forCells(t: RangeTarget | AreasTarget, fn: (cell: SimCell, r: number, c: number) => void): void {
  const rects = 'rects' in t ? t.rects : [t.rect];
  for (const rect of rects) {
    if (cellCount(rect) > CELL_LIMIT)
      throw new SimError('InvalidArgument', 'The range is too large to format cell by cell.');
    for (let r = rect.r1; r <= rect.r2; r++)
      for (let c = rect.c1; c <= rect.c2; c++) {
        fn(t.sheet.at(r, c), r, c);
        t.sheet.tidy(r, c);
      }
  }
}

function uniformAll<T>(t: RangeTarget | AreasTarget, fn: (cell: SimCell | undefined) => T): T | null {
  const rects = 'rects' in t ? t.rects : [t.rect];
  let out: T | null | undefined;
  for (const rect of rects) {
    const v = uniform({ sheet: t.sheet, rect }, fn);
    if (v === null) return null;
    if (out === undefined) out = v;
    else if (out !== v) return null;
  }
  return out ?? null;
}

class RangeFormat extends ClientObject {
  protected readonly _type = 'RangeFormat';
  private _fill?: RangeFill;
  private _font?: RangeFont;
  protected _scalars(): string[] {
    return ['columnWidth', 'wrapText'];
  }
  private get t(): RangeTarget | AreasTarget {
    return this._live<RangeTarget | AreasTarget>();
  }
  protected override _read(prop: string): unknown {
    const t = this.t;
    if (prop === 'columnWidth') {
      const c = 'rects' in t ? t.rects[0].c1 : t.rect.c1;
      return t.sheet.columnWidths.get(c) ?? 48;
    }
    if (prop === 'wrapText') return uniformAll(t, (cell) => cell?.wrap ?? false);
    return super._read(prop);
  }
  protected override _write(prop: string, value: unknown): void {
    const t = this.t;
    if (prop === 'columnWidth') {
      const rects = 'rects' in t ? t.rects : [t.rect];
      for (const rect of rects) for (let c = rect.c1; c <= rect.c2; c++) t.sheet.columnWidths.set(c, Number(value));
      return;
    }
    if (prop === 'wrapText') {
      forCells(t, (cell) => (cell.wrap = value ? true : undefined));
      return;
    }
    if (prop === 'rowHeight') {
      const rects = 'rects' in t ? t.rects : [t.rect];
      for (const rect of rects) for (let r = rect.r1; r <= rect.r2; r++) t.sheet.rowHeights.set(r, Number(value));
      return;
    }
    if (prop === 'horizontalAlignment' || prop === 'verticalAlignment' || prop === 'indentLevel') return;
    super._write(prop, value);
  }
  get fill(): RangeFill {
    return (this._fill ??= new RangeFill(this._ctx, this, 'fill', [], () => this.t, false));
  }
  get font(): RangeFont {
    return (this._font ??= new RangeFont(this._ctx, this, 'font', [], () => this.t, false));
  }
  private _borders?: RangeBorderCollection;
  get borders(): RangeBorderCollection {
    return (this._borders ??= new RangeBorderCollection(this._ctx, this, 'borders', [], () => this.t, false));
  }
  protected override _child(name: string): ClientObject | null {
    if (name === 'fill') return this.fill;
    if (name === 'font') return this.font;
    return null;
  }
  set columnWidth(v: number) {
    this._set('columnWidth', v);
  }
  get columnWidth(): number {
    return this._get('columnWidth');
  }
  set wrapText(v: boolean) {
    this._set('wrapText', v);
  }
  set rowHeight(v: number) {
    this._set('rowHeight', v);
  }
  set horizontalAlignment(v: string) {
    this._set('horizontalAlignment', v);
  }
  set verticalAlignment(v: string) {
    this._set('verticalAlignment', v);
  }
}

const EDGES = ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight', 'InsideVertical', 'InsideHorizontal'];

class RangeBorderCollection extends ClientObject {
  protected readonly _type = 'RangeBorderCollection';
  protected _scalars(): string[] {
    return [];
  }
  getItem(index: string): RangeBorder {
    if (!EDGES.includes(index) && !['DiagonalDown', 'DiagonalUp'].includes(index))
      throw new SimError('InvalidArgument', `Border ${index}`);
    return new RangeBorder(
      this._ctx,
      this,
      index,
      [],
      () => ({ t: this._live<RangeTarget | AreasTarget>(), index }),
      false,
    );
  }
}

/** A border line: the simulated cell keeps the names of the edges drawn on it. */
class RangeBorder extends ClientObject {
  protected readonly _type = 'RangeBorder';
  protected _scalars(): string[] {
    return [];
  }
  protected override _write(prop: string, value: unknown): void {
    const { t, index } = this._live<{ t: RangeTarget | AreasTarget; index: string }>();
    if (prop === 'style') {
      const rects = 'rects' in t ? t.rects : [t.rect];
      // Like Excel, an inside line needs two columns (rows) in every area.
      if (index === 'InsideVertical' && rects.some((r) => r.c1 === r.c2))
        throw new SimError('InvalidArgument', 'InsideVertical on a range of one column.');
      if (index === 'InsideHorizontal' && rects.some((r) => r.r1 === r.r2))
        throw new SimError('InvalidArgument', 'InsideHorizontal on a range of one row.');
      for (const rect of rects) {
        forCells({ sheet: t.sheet, rect }, (cell, r, c) => {
          const on =
            (index === 'EdgeTop' && r === rect.r1) ||
            (index === 'EdgeBottom' && r === rect.r2) ||
            (index === 'EdgeLeft' && c === rect.c1) ||
            (index === 'EdgeRight' && c === rect.c2) ||
            (index === 'InsideVertical' && c < rect.c2) ||
            (index === 'InsideHorizontal' && r < rect.r2);
          if (!on) return;
          const set = new Set(cell.borders ?? []);
          if (value === 'None') set.delete(index);
          else set.add(index);
          cell.borders = set.size ? [...set].sort() : undefined;
        });
      }
      return;
    }
    if (prop === 'color' || prop === 'weight') return;
    super._write(prop, value);
  }
  set style(v: string) {
    this._set('style', v);
  }
  set color(v: string) {
    this._set('color', v);
  }
  set weight(v: string) {
    this._set('weight', v);
  }
}

class RangeFill extends ClientObject {
  protected readonly _type = 'RangeFill';
  protected _scalars(): string[] {
    return this._ctx.host.supports('ExcelApi', '1.9') ? ['color', 'pattern'] : ['color'];
  }
  private get t(): RangeTarget | AreasTarget {
    return this._live<RangeTarget | AreasTarget>();
  }
  protected override _read(prop: string): unknown {
    if (prop === 'color') return uniformAll(this.t, (cell) => cell?.fill ?? '#FFFFFF');
    if (prop === 'pattern') {
      this._ctx.requireVersion('1.9', 'RangeFill.pattern');
      return uniformAll(this.t, (cell) => (cell?.fill ? (cell.pattern ?? 'Solid') : 'None'));
    }
    return super._read(prop);
  }
  protected override _write(prop: string, value: unknown): void {
    if (prop === 'color') forCells(this.t, (cell) => applyFill(cell, { color: String(value) }));
    else if (prop === 'pattern') forCells(this.t, (cell) => applyFill(cell, { pattern: String(value) }));
    else super._write(prop, value);
  }
  get color(): string {
    return this._get('color');
  }
  set color(v: string) {
    this._set('color', v);
  }
  get pattern(): string {
    return this._get('pattern');
  }
  set pattern(v: string) {
    this._ctx.requireVersion('1.9', 'RangeFill.pattern');
    this._set('pattern', v);
  }
  clear(): void {
    this._call('clear', [], () => forCells(this.t, (cell) => applyFill(cell, { pattern: 'None' })));
  }
}

class RangeFont extends ClientObject {
  protected readonly _type = 'RangeFont';
  protected _scalars(): string[] {
    return ['color', 'bold'];
  }
  private get t(): RangeTarget | AreasTarget {
    return this._live<RangeTarget | AreasTarget>();
  }
  protected override _read(prop: string): unknown {
    if (prop === 'color') return uniformAll(this.t, (cell) => cell?.font ?? '#000000');
    if (prop === 'bold') return uniformAll(this.t, (cell) => cell?.bold ?? false);
    return super._read(prop);
  }
  protected override _write(prop: string, value: unknown): void {
    if (prop === 'color') forCells(this.t, (cell) => applyFont(cell, { color: String(value) }));
    else if (prop === 'bold') forCells(this.t, (cell) => applyFont(cell, { bold: Boolean(value) }));
    else if (prop === 'italic' || prop === 'size' || prop === 'underline') forCells(this.t, () => undefined);
    else super._write(prop, value);
  }
  get color(): string {
    return this._get('color');
  }
  set color(v: string) {
    this._set('color', v);
  }
  get bold(): boolean {
    return this._get('bold');
  }
  set bold(v: boolean) {
    this._set('bold', v);
  }
  set italic(v: boolean) {
    this._set('italic', v);
  }
  set size(v: number) {
    this._set('size', v);
  }
  set underline(v: string) {
    this._set('underline', v);
  }
}

class DataValidation extends ClientObject {
  protected readonly _type = 'DataValidation';
  protected _scalars(): string[] {
    return ['rule'];
  }
  protected override _read(prop: string): unknown {
    const t = this._live<RangeTarget>();
    if (prop === 'rule') return t.sheet.validations.find((v) => intersects(v.rect, t.rect))?.rule ?? null;
    return super._read(prop);
  }
  protected override _write(prop: string, value: unknown): void {
    const t = this._live<RangeTarget>();
    if (prop === 'rule') {
      t.sheet.validations.push({ rect: t.rect, rule: value });
      return;
    }
    if (prop === 'errorAlert' || prop === 'prompt' || prop === 'ignoreBlanks') return;
    super._write(prop, value);
  }
  set rule(v: unknown) {
    this._set('rule', v);
  }
  set errorAlert(v: unknown) {
    this._set('errorAlert', v);
  }
}

class RangeAreas extends ClientObject {
  protected readonly _type = 'RangeAreas';
  private _format?: RangeFormat;
  constructor(ctx: RequestContext, parent: ClientObject | null, name: string, args: unknown[], r: Resolver) {
    super(ctx, parent, name, args, r, true);
  }
  protected _scalars(): string[] {
    return ['address', 'areaCount', 'cellCount'];
  }
  private get t(): AreasTarget {
    return this._live<AreasTarget>();
  }
  protected override _read(prop: string): unknown {
    const t = this.t;
    if (prop === 'address') return t.rects.map((r) => `${quoteSheetName(t.sheet.name)}!${rectAddress(r)}`).join(',');
    if (prop === 'areaCount') return t.rects.length;
    if (prop === 'cellCount') return t.rects.reduce((n, r) => n + cellCount(r), 0);
    return super._read(prop);
  }
  get address(): string {
    return this._get('address');
  }
  get areaCount(): number {
    return this._get('areaCount');
  }
  get format(): RangeFormat {
    return (this._format ??= new RangeFormat(this._ctx, this, 'format', [], () => this.t, false));
  }
  protected override _child(name: string): ClientObject | null {
    return name === 'format' ? this.format : null;
  }
}

// ---- tables, names, settings ------------------------------------------------------------------

function validTableName(name: string): boolean {
  return (
    /^[A-Za-z_\u0400-\u04FF\\][A-Za-z0-9_.\u0400-\u04FF]*$/.test(name) &&
    !/^[A-Za-z]{1,3}\d+$/.test(name) &&
    name.length <= 255
  );
}

class TableCollection extends ClientObject {
  protected readonly _type = 'TableCollection';
  private _items: Table[] | null = null;
  protected _scalars(): string[] {
    return ['items'];
  }
  private get t(): { wb: SimWorkbook; sheet: SimSheet | null } {
    return this._live<{ wb: SimWorkbook; sheet: SimSheet | null }>();
  }
  private list(): SimTable[] {
    const t = this.t;
    return t.wb.tables.filter((x) => !t.sheet || x.sheet === t.sheet);
  }
  get items(): Table[] {
    if (!this._items) throw new PropertyNotLoaded(this._type, 'items');
    return this._items;
  }
  protected override _read(prop: string): unknown {
    if (prop === 'items') return this._loadNested('items', ['name']);
    return super._read(prop);
  }
  protected override _loadNested(head: string, rest: string[]): void {
    if (head !== 'items') return super._loadNested(head, rest);
    this._items = this.list().map((x) => Table.settled(this._ctx, this, x));
    for (const it of this._items) it._runLoad(rest);
  }
  getItemOrNullObject(name: string): Table {
    return new Table(this._ctx, this, 'getItemOrNullObject', [name], () => {
      return this.t.wb.tables.find((x) => x.name.toLowerCase() === name.toLowerCase()) ?? null;
    });
  }
  add(address: string, hasHeaders: boolean): Table {
    return new Table(
      this._ctx,
      this,
      'add',
      [address, hasHeaders],
      () => {
        const t = this.t;
        const p = parseAddress(address);
        const sheet = p.sheet !== null ? t.wb.sheet(p.sheet) : t.sheet;
        if (!sheet) throw new SimError('ItemNotFound', `No sheet for table address ${address}`);
        for (const x of t.wb.tables)
          if (x.sheet === sheet && intersects(x.rect, p.rect))
            throw new SimError('InvalidOperation', 'A table cannot overlap another table.');
        for (const m of sheet.merges)
          if (intersects(m, p.rect)) throw new SimError('InvalidOperation', 'A table cannot overlap merged cells.');
        let k = t.wb.tables.length + 1;
        while (t.wb.tables.some((x) => x.name === `Table${k}`)) k++;
        const table: SimTable = { name: `Table${k}`, sheet, rect: p.rect, hasHeaders, style: 'TableStyleMedium2' };
        if (hasHeaders) {
          const seen = new Set<string>();
          for (let c = p.rect.c1; c <= p.rect.c2; c++) {
            const cell = sheet.at(p.rect.r1, c);
            let h = cell.v === undefined || cell.v === '' ? `Column${c - p.rect.c1 + 1}` : String(cell.v);
            const base = h;
            for (let n = 2; seen.has(h.toLowerCase()); n++) h = base + n;
            seen.add(h.toLowerCase());
            cell.v = h;
          }
        }
        t.wb.tables.push(table);
        return table;
      },
      true,
    );
  }
}

class Table extends ClientObject {
  protected readonly _type = 'Table';
  constructor(
    ctx: RequestContext,
    parent: ClientObject | null,
    name: string,
    args: unknown[],
    r: Resolver,
    write = false,
    known?: SimTable,
  ) {
    super(ctx, parent, name, args, r, known === undefined, write);
    if (known) this._settle(known);
  }
  static settled(ctx: RequestContext, parent: ClientObject, t: SimTable): Table {
    return new Table(ctx, parent, 'item', [], () => t, false, t);
  }
  protected _scalars(): string[] {
    return ['name', 'style', 'showFilterButton'];
  }
  private get t(): SimTable {
    return this._live<SimTable>();
  }
  protected override _read(prop: string): unknown {
    if (prop === 'name') return this.t.name;
    if (prop === 'style') return this.t.style;
    if (prop === 'showFilterButton') return true;
    return super._read(prop);
  }
  protected override _write(prop: string, value: unknown): void {
    const t = this.t;
    if (prop === 'name') {
      const name = String(value);
      const wb = this._ctx.host.workbook;
      if (!validTableName(name)) throw new SimError('InvalidArgument', `Table name «${name}» is not valid.`);
      if (wb.tables.some((x) => x !== t && x.name.toLowerCase() === name.toLowerCase()))
        throw new SimError('ItemAlreadyExists', `A table named «${name}» already exists.`);
      t.name = name;
      return;
    }
    if (prop === 'style') {
      t.style = String(value);
      return;
    }
    if (prop === 'showFilterButton') return;
    super._write(prop, value);
  }
  get name(): string {
    return this._get('name');
  }
  set name(v: string) {
    this._set('name', v);
  }
  private _ws?: Worksheet;
  get worksheet(): Worksheet {
    return (this._ws ??= Worksheet.settled(this._ctx, this, this.t.sheet));
  }
  protected override _child(name: string): ClientObject | null {
    return name === 'worksheet' ? this.worksheet : null;
  }
  set style(v: string) {
    this._set('style', v);
  }
  set showFilterButton(v: boolean) {
    this._set('showFilterButton', v);
  }
}

class NamedItemCollection extends ClientObject {
  protected readonly _type = 'NamedItemCollection';
  private _items: { name: string; formula: string }[] | null = null;
  protected _scalars(): string[] {
    return ['items'];
  }
  get items(): { name: string; formula: string }[] {
    if (!this._items) throw new PropertyNotLoaded(this._type, 'items');
    return this._items;
  }
  protected override _read(prop: string): unknown {
    if (prop === 'items') {
      this._items = [...this._live<SimWorkbook>().names].map(([name, formula]) => ({ name, formula }));
      return this._items;
    }
    return super._read(prop);
  }
  protected override _loadNested(head: string): void {
    this._read(head);
  }
}

class SettingCollection extends ClientObject {
  protected readonly _type = 'SettingCollection';
  protected _scalars(): string[] {
    return [];
  }
  add(key: string, value: unknown): void {
    this._call('add', [key, value], () => {
      this._live<SimWorkbook>().settings.set(key, JSON.parse(JSON.stringify(value)));
    });
  }
  getItemOrNullObject(key: string): Setting {
    return new Setting(this._ctx, this, 'getItemOrNullObject', [key], () => {
      const wb = this._live<SimWorkbook>();
      return wb.settings.has(key) ? { wb, key } : null;
    });
  }
}

class Setting extends ClientObject {
  protected readonly _type = 'Setting';
  constructor(ctx: RequestContext, parent: ClientObject | null, name: string, args: unknown[], r: Resolver) {
    super(ctx, parent, name, args, r, true);
  }
  protected _scalars(): string[] {
    return ['key', 'value'];
  }
  protected override _read(prop: string): unknown {
    const t = this._live<{ wb: SimWorkbook; key: string }>();
    if (prop === 'value') return t.wb.settings.get(t.key);
    if (prop === 'key') return t.key;
    return super._read(prop);
  }
  get value(): unknown {
    return this._get('value');
  }
  delete(): void {
    this._call('delete', [], () => {
      const t = this._live<{ wb: SimWorkbook; key: string }>();
      t.wb.settings.delete(t.key);
    });
  }
}

// ---- Excel.run and the Office namespace -------------------------------------------------------

export interface SimExcel {
  run<T>(optionsOrBatch: unknown, batch?: (ctx: RequestContext) => Promise<T>): Promise<T>;
  RequestContext: typeof RequestContext;
  ErrorCodes: Record<string, string>;
}

export function makeExcel(host: SimHost): SimExcel {
  return {
    async run<T>(optionsOrBatch: unknown, maybeBatch?: (ctx: RequestContext) => Promise<T>): Promise<T> {
      const batch = (typeof optionsOrBatch === 'function' ? optionsOrBatch : maybeBatch) as (
        ctx: RequestContext,
      ) => Promise<T>;
      const options =
        typeof optionsOrBatch === 'function' ? {} : ((optionsOrBatch ?? {}) as { mergeUndoGroup?: boolean });
      const merge = options.mergeUndoGroup === true && host.supports('ExcelApi', '1.20');
      host.stats.runs++;
      if (merge) host.stats.mergedUndoRuns++;
      // Excel.run(context, batch): a batch in the request context of an earlier run (removing an event handler).
      const ctx = optionsOrBatch instanceof RequestContext ? optionsOrBatch : new RequestContext(host, merge);
      const out = await batch(ctx);
      if (ctx.pending > 0) await ctx.sync();
      return out;
    },
    RequestContext,
    ErrorCodes: {
      itemNotFound: 'ItemNotFound',
      invalidArgument: 'InvalidArgument',
      apiNotFound: 'ApiNotFound',
      requestPayloadSizeLimitExceeded: 'RequestPayloadSizeLimitExceeded',
    },
  };
}

export interface SimOffice {
  context: { requirements: { isSetSupported(name: string, version?: string): boolean }; displayLanguage: string };
  onReady(cb?: (info: { host: string; platform: string }) => void): Promise<{ host: string; platform: string }>;
  HostType: { Excel: string };
}

export function makeOffice(host: SimHost): SimOffice {
  const info = { host: 'Excel', platform: 'OfficeOnline' };
  return {
    context: {
      requirements: { isSetSupported: (name: string, version = '1.1') => host.supports(name, version) },
      displayLanguage: 'ru-RU',
    },
    onReady(cb) {
      cb?.(info);
      return Promise.resolve(info);
    },
    HostType: { Excel: 'Excel' },
  };
}

export type { SimValue };
