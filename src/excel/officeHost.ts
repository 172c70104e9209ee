/**
 * The task pane's WorkbookHost over Office.js: the open workbook in Excel. Works on ExcelApi 1.7
 * (Excel 2019); newer APIs are used only where `isSetSupported` says so:
 *
 * - 1.9: highlights and restores through RangeAreas (many cells per operation), original formats
 *   read with `getCellProperties`, fill patterns kept, landscape printing of owned sheets;
 * - 1.13: merged areas read into snapshots;
 * - 1.20: `Excel.run({ mergeUndoGroup: true })`, so one command is one undo step.
 *
 * The same state sheet as the file adapter (very-hidden `shnor_state`) keeps what was written and
 * highlighted, so a workbook annotated by the CLI can be cleared in Excel and the other way round.
 */
import { Edit } from '../engine/edits';
import { WorkbookSnapshot } from '../engine/snapshot';
import { ApplyOutcome, HostOptions, WorkbookHost } from '../taskpane/host';
import { splitAreas, splitSheet } from './address';
import { applyEdits } from './apply';
import { readSnapshot } from './read';

export interface OfficeHostOptions {
  /** The Office.js `Excel` namespace (the page's global one when absent). */
  excel?: typeof Excel;
  /** The Office.js `Office` namespace, for `isSetSupported` (the page's global one when absent). */
  office?: typeof Office;
}

/** Excel's error codes that a user can act on, in Russian. */
const MESSAGES: Record<string, string> = {
  AccessDenied:
    'Excel не разрешил изменение: лист или книга защищены. Снимите защиту (Рецензирование → Снять защиту) и повторите.',
  InvalidOperationInCellEditMode: 'Excel занят вводом в ячейку: закончите ввод (Enter или Esc) и повторите.',
  ItemNotFound: 'Лист или ячейка не найдены: книга изменилась во время работы. Повторите действие.',
  RequestPayloadSizeLimitExceeded:
    'Excel отказался принять слишком большой объём данных за один раз. Сообщите разработчикам.',
  ResponsePayloadSizeLimitExceeded:
    'Excel отказался передать слишком большой объём данных за один раз. Сообщите разработчикам.',
  ApiNotFound: 'Эта версия Excel не умеет нужного действия. Обновите Excel или воспользуйтесь веб-страницей проверки.',
};

/** An Office.js error as a Russian message for the task pane (the original kept as `cause`); cancelling stays as is. */
function explain(e: unknown): unknown {
  if (!(e instanceof Error) || e.name === 'AbortError') return e;
  const code = (e as Error & { code?: string }).code;
  if (!code) return e;
  const err = new Error(MESSAGES[code] ?? `Excel не выполнил действие: ${e.message}`, { cause: e });
  (err as Error & { code?: string }).code = code;
  return err;
}

export class OfficeHost implements WorkbookHost {
  readonly kind = 'excel' as const;
  private readonly excel: typeof Excel;
  private readonly office: typeof Office | undefined;

  constructor(options: OfficeHostOptions = {}) {
    const g = globalThis as unknown as { Excel?: typeof Excel; Office?: typeof Office };
    const excel = options.excel ?? g.Excel;
    if (!excel) throw new Error('Office.js не загружен: надстройка работает только внутри Excel.');
    this.excel = excel;
    this.office = options.office ?? g.Office;
  }

  /** True when the host supports ExcelApi `version` (1.7 is the least the add-in needs). */
  supports(version: string): boolean {
    try {
      return this.office?.context?.requirements?.isSetSupported('ExcelApi', version) ?? false;
    } catch {
      return false;
    }
  }

  private async run<T>(batch: (ctx: Excel.RequestContext) => Promise<T>, writes = false): Promise<T> {
    const options: Excel.RunOptions = {};
    // Wait for the user to finish typing in a cell instead of failing (1.11); one undo step (1.20).
    if (this.supports('1.11')) options.delayForCellEdit = true;
    if (writes && this.supports('1.20')) options.mergeUndoGroup = true;
    try {
      return Object.keys(options).length ? await this.excel.run(options, batch) : await this.excel.run(batch);
    } catch (e) {
      throw explain(e);
    }
  }

  async activeSheet(): Promise<string> {
    return this.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getActiveWorksheet().load('name');
      await ctx.sync();
      return ws.name;
    });
  }

  async selection(): Promise<{ sheet: string; address: string } | null> {
    return this.run(async (ctx) => {
      const range = ctx.workbook.getSelectedRange().load('address');
      await ctx.sync();
      // A selection of several areas: the first one.
      const { sheet, ref } = splitSheet(splitAreas(range.address)[0] ?? '');
      return sheet === null ? null : { sheet, address: ref.replace(/\$/g, '') };
    });
  }

  async read(
    options: HostOptions & { sheets?: string[]; range?: { sheet: string; address: string } } = {},
  ): Promise<WorkbookSnapshot> {
    return this.run((ctx) => readSnapshot(ctx, { ...options, supports: (v) => this.supports(v) }));
  }

  async apply(edits: Edit[], options: HostOptions & { overwrite?: string[] } = {}): Promise<ApplyOutcome> {
    const skipped = await this.run(
      (ctx) => applyEdits(ctx, edits, { ...options, supports: (v) => this.supports(v) }),
      true,
    );
    return { skipped };
  }

  async onSheetActivated(handler: () => void): Promise<(() => Promise<void>) | null> {
    // Worksheet events came with ExcelApi 1.7; below it the pane keeps its «Обновить» button alone.
    if (!this.supports('1.7')) return null;
    let registration: OfficeExtension.EventHandlerResult<Excel.WorksheetActivatedEventArgs>;
    try {
      registration = await this.excel.run(async (ctx) => {
        const r = ctx.workbook.worksheets.onActivated.add(async () => handler());
        await ctx.sync();
        return r;
      });
    } catch {
      return null;
    }
    // A handler is removed through the request context it was added in.
    return async () => {
      try {
        await this.excel.run(registration.context, async (ctx) => {
          registration.remove();
          await ctx.sync();
        });
      } catch {
        // the pane is closing or the workbook is gone: nothing left to stop
      }
    };
  }

  async select(sheet: string, cell: string): Promise<void> {
    await this.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem(sheet);
      ws.activate();
      ws.getRange(cell.replace(/\$/g, '')).select();
      await ctx.sync();
    });
  }
}
