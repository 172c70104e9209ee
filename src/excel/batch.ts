/**
 * Request budgeting for Office.js: operations are queued on a RequestContext and sent together
 * at `context.sync()`. Excel on the web refuses a request or a response over 5 MB, so the adapter
 * estimates what each queued operation adds and syncs before a budget well under the limit is
 * reached. The number of syncs therefore grows only with the bytes moved (⌈bytes / budget⌉),
 * never with the number of cells or edits.
 */

/** Bytes of request and of response one sync may carry (Excel on the web refuses more than 5 MB). */
export const REQUEST_BUDGET = 2_500_000;
export const RESPONSE_BUDGET = 3_500_000;

/** UTF-8 length of a string (Cyrillic takes two bytes) without encoding it. */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) n += c >= 0x800 && (c < 0xd800 || c > 0xdfff) ? 2 : 1;
  }
  return n;
}

/** UTF-8 length of a value's JSON. */
export function jsonBytes(v: unknown): number {
  return utf8Length(JSON.stringify(v) ?? '');
}

/** What one queued operation costs beyond its arguments (object path, method name, ids). */
export const OP_BYTES = 250;

export class AbortError extends Error {
  constructor() {
    super('Работа прервана.');
    this.name = 'AbortError';
  }
}

export function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError();
}

export interface SyncContext {
  sync(): Promise<unknown>;
  application: { suspendApiCalculationUntilNextSync(): void };
}

/**
 * Queues operations under a byte budget; `room` syncs first when the next operation would not fit.
 * A writing batch suspends calculation (ExcelApi 1.6) in every request it sends.
 */
export class Batch {
  private req = 0;
  private res = 0;
  private open = false;
  syncs = 0;

  constructor(
    private readonly ctx: SyncContext,
    private readonly options: { write: boolean; suspend: boolean; signal?: AbortSignal },
  ) {}

  /** Makes room for an operation of about `reqBytes` (and `resBytes` of answer), syncing first if needed. */
  async room(reqBytes: number, resBytes = 0): Promise<void> {
    if (this.open && (this.req + reqBytes > REQUEST_BUDGET || this.res + resBytes > RESPONSE_BUDGET))
      await this.flush();
    if (!this.open) {
      checkAbort(this.options.signal);
      this.open = true;
      if (this.options.write && this.options.suspend) this.ctx.application.suspendApiCalculationUntilNextSync();
    }
    this.req += reqBytes + OP_BYTES;
    this.res += resBytes;
  }

  /** Sends what is queued (nothing when nothing is). */
  async flush(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    this.req = 0;
    this.res = 0;
    this.syncs++;
    await this.ctx.sync();
  }
}
