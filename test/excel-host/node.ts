/** Node helper of the simulated Excel: loads an .xlsx file from disk (the core in index.ts stays free of fs). */
import * as fs from 'fs';
import { SimOptions, SimulatedExcel, createSimulatedExcel } from './index';

export function loadSimulatedExcel(file: string, options: SimOptions = {}): SimulatedExcel {
  return createSimulatedExcel(new Uint8Array(fs.readFileSync(file)), options);
}
