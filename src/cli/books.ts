/** The workbooks a command reads: each file read on its own, a file that cannot be read named with why. */
import * as fs from 'fs';
import { WorkbookSnapshot } from '../engine/snapshot';
import { readWorkbook } from '../xlsx/read';

export interface FileLine {
  file: string;
  error: string | null;
}

export interface BooksRead {
  /** The books read, in the order given. */
  books: { file: string; workbook: WorkbookSnapshot }[];
  /** Every file given, with the reason when it was not read. */
  files: FileLine[];
}

export function readBooks(files: string[]): BooksRead {
  const read: BooksRead = { books: [], files: [] };
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = fs.readFileSync(file);
    } catch {
      read.files.push({ file, error: 'файл не найден или не открывается.' });
      continue;
    }
    const r = readWorkbook(bytes);
    if (!r.ok) {
      read.files.push({ file, error: r.message });
      continue;
    }
    read.files.push({ file, error: null });
    read.books.push({ file, workbook: r.workbook });
  }
  return read;
}
