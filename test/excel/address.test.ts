/** Addresses as Office.js gives them: several areas, quoted sheet names with commas and quotes. */
import { coverCells, parseAreas, splitAreas, splitSheet } from '../../src/excel/address';

test('multi-area addresses split at commas outside quoted sheet names', () => {
  expect(splitAreas("'Лист, 2'!A1:B2,'Лист, 2'!D4")).toEqual(["'Лист, 2'!A1:B2", "'Лист, 2'!D4"]);
  expect(splitAreas("'O''Neil'!C3")).toEqual(["'O''Neil'!C3"]);
  expect(splitSheet("'O''Neil'!C3")).toEqual({ sheet: "O'Neil", ref: 'C3' });
  expect(parseAreas('Данные!A10:C10,Данные!$E$2')).toEqual([
    { r1: 9, c1: 0, r2: 9, c2: 2 },
    { r1: 1, c1: 4, r2: 1, c2: 4 },
  ]);
});

test('cells are covered by few rectangles: runs in a row, stacked over rows', () => {
  const key = (r: number, c: number): number => r * 16384 + c;
  const cells = [key(0, 0), key(0, 1), key(1, 0), key(1, 1), key(2, 1), key(5, 3)];
  expect(coverCells(cells)).toEqual([
    { r1: 0, c1: 0, r2: 1, c2: 1 },
    { r1: 2, c1: 1, r2: 2, c2: 1 },
    { r1: 5, c1: 3, r2: 5, c2: 3 },
  ]);
});
