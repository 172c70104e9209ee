/**
 * Sniffs a file before parsing (PRODUCT.md, robustness): an OLE header means an encrypted
 * (password-protected) workbook or a legacy `.xls`; no zip header means not an `.xlsx`.
 */

export type Sniff =
  | { ok: true }
  | { ok: false; reason: 'empty' | 'encrypted' | 'legacy-xls' | 'text' | 'html' | 'not-zip' | 'truncated' };

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(buf: Uint8Array, sig: number[]): boolean {
  if (buf.length < sig.length) return false;
  return sig.every((b, i) => buf[i] === b);
}

function containsUtf16(buf: Uint8Array, text: string): boolean {
  const pat: number[] = [];
  for (const ch of text) pat.push(ch.charCodeAt(0), 0);
  outer: for (let i = 0; i + pat.length <= buf.length; i++) {
    for (let j = 0; j < pat.length; j++) if (buf[i + j] !== pat[j]) continue outer;
    return true;
  }
  return false;
}

/** True when the zip's end-of-central-directory record is present (a whole, not truncated, archive). */
function hasEndOfCentralDirectory(buf: Uint8Array): boolean {
  const from = Math.max(0, buf.length - 65557);
  for (let i = buf.length - 22; i >= from; i--) {
    if (buf[i] === 0x50 && buf[i + 1] === 0x4b && buf[i + 2] === 0x05 && buf[i + 3] === 0x06) return true;
  }
  return false;
}

export function sniff(buf: Uint8Array): Sniff {
  if (buf.length === 0) return { ok: false, reason: 'empty' };
  if (startsWith(buf, OLE)) {
    return { ok: false, reason: containsUtf16(buf, 'EncryptionInfo') ? 'encrypted' : 'legacy-xls' };
  }
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04]) || startsWith(buf, [0x50, 0x4b, 0x05, 0x06])) {
    return hasEndOfCentralDirectory(buf) ? { ok: true } : { ok: false, reason: 'truncated' };
  }
  const head = new TextDecoder('utf-8', { fatal: false })
    .decode(buf.subarray(0, 2048))
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (/^<(!doctype html|html|\?xml[^>]*>\s*<html)/i.test(head)) return { ok: false, reason: 'html' };
  let printable = 0;
  const sample = buf.subarray(0, 2048);
  for (const b of sample) if (b === 9 || b === 10 || b === 13 || b >= 32) printable++;
  if (printable / sample.length > 0.95) return { ok: false, reason: 'text' };
  return { ok: false, reason: 'not-zip' };
}

export const SNIFF_MESSAGES: Record<Exclude<Sniff, { ok: true }>['reason'], string> = {
  empty: 'файл пустой (0 байт).',
  encrypted:
    'книга защищена паролем (зашифрована), поэтому её нельзя прочитать. Откройте её в Excel, снимите пароль (Файл → Сведения → Защита книги → Зашифровать с использованием пароля) и сохраните.',
  'legacy-xls':
    'это файл старого формата Excel 97–2003 (.xls). Откройте его в Excel и сохраните как «Книга Excel (*.xlsx)».',
  text: 'это не книга Excel, а текстовый файл (например, CSV) с расширением .xlsx. Откройте его в Excel и сохраните как «Книга Excel (*.xlsx)».',
  html: 'это веб-страница (HTML), а не книга Excel. Откройте её в Excel и сохраните как «Книга Excel (*.xlsx)».',
  'not-zip': 'файл не является книгой Excel (.xlsx). Откройте его в Excel и сохраните как «Книга Excel (*.xlsx)».',
  truncated: 'файл повреждён: архив .xlsx обрезан (например, не докачался). Получите файл заново.',
};
