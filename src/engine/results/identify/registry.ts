/**
 * What identification keeps while reading: the schools and procedures met (each created once, by
 * code or by name), the record store, the tables read and the issues.
 */
import { CellValue, isCellError } from '../../snapshot';
import { normalizeLabel } from '../../text';
import { PROGRAMME_PROCEDURES } from '../descriptor';
import { Procedure } from '../procedure';
import { IdentifySettings } from '../settings';
import type { Tally } from './fast';
import { Records } from './records';
import { procedureCounts } from './rules';
import { IssueSink } from './sink';
import { IdentifyResult } from './types';

export interface School {
  id: string;
  idGiven: boolean;
  name: string;
  municipality: string | null;
}

export interface Context {
  settings: IdentifySettings;
  sink: IssueSink;
  recs: Records;
  schools: School[];
  /**
   * Schools by their code: by the code as written (a number, or text with spaces around) and by the
   * code as text. One map serves both, since a code without spaces is its own text.
   */
  schoolByRawId: Map<CellValue, number>;
  /** Schools without a code by their normalised name. */
  schoolByName: Map<string, number>;
  /** Schools the fast reader created by code and has not filed in the maps yet (see flushSchools), with their raw codes. */
  pendingSchools: number[];
  pendingRaw: CellValue[];
  schoolByRawName: Map<string, number>;
  procs: { proc: Procedure; programme: boolean; results: number; reported: boolean }[];
  procByName: Map<string, number>;
  /** Alphabetical rank of each procedure (filled before the verdicts), for cheap sorting. */
  procRank: number[];
  sheetNames: string[];
  /** Per sheet read: the file it comes from when several files are read as one (SheetSnapshot.source). */
  sheetSources: (string | null)[];
  tables: IdentifyResult['summary']['tables'];
  /** Per table read: its sheet (index into sheetNames) and name column. */
  tableInfo: { sheet: number; nameCol: number }[];
  bandsSeen: boolean;
  /** The fast reader's tally (see fast.ts); null on the reference path, which stores every result. */
  tally: Tally | null;
}

/**
 * A name that needs its spaces cleaned: leading or trailing, doubled, or other than a plain space
 * (and, harmlessly, one with other control characters). A loop, not a regular expression: it runs
 * on every school's name.
 */
function needsSpaceCleaning(s: string): boolean {
  let space = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32) {
      if (space) return true;
      space = true;
    } else if (c < 32 || (c >= 0x7f && c <= 0xa0) || c === 0x1680 || (c >= 0x2000 && c <= 0x200a)) return true;
    else if (c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff) return true;
    else space = false;
  }
  return space && s.length > 0;
}

export function procIndex(ctx: Context, p: Procedure, sheet: string, cell: string): number {
  let i = ctx.procByName.get(p.name);
  if (i === undefined) {
    i = ctx.procs.length;
    const programme = (PROGRAMME_PROCEDURES as readonly string[]).includes(p.name);
    ctx.procs.push({ proc: p, programme, results: 0, reported: false });
    ctx.procByName.set(p.name, i);
    ctx.tally?.ensureProcs(ctx.procs.length);
    if (!programme) {
      const counted = procedureCounts(ctx.settings, p.name, false);
      ctx.sink.add(
        'RESULTS-OTHER-PROCEDURE',
        sheet,
        cell,
        `Процедура «${p.name}» не входит в региональную программу; по настройкам она ${counted ? 'учитывается' : 'не учитывается'} при идентификации.`,
        p.name,
      );
    }
  }
  return i;
}

/** The school of a row seen before with the same raw id (or raw name when there is no id); -1 when new. */
export function cachedSchool(ctx: Context, idRaw: CellValue, nameRaw: string | null): number {
  if (idRaw !== null && idRaw !== '' && typeof idRaw !== 'object') {
    const i = ctx.schoolByRawId.get(idRaw);
    return i === undefined ? -1 : i;
  }
  if (nameRaw === null) return -1;
  const i = ctx.schoolByRawName.get(nameRaw);
  return i === undefined ? -1 : i;
}

/** A new school (not yet in the maps): its name with spaces cleaned. Returns its index. */
export function addSchool(
  ctx: Context,
  id: string,
  idGiven: boolean,
  nameRaw: string,
  municipality: string | null,
): number {
  const i = ctx.schools.length;
  ctx.schools.push({
    id,
    idGiven,
    name: needsSpaceCleaning(nameRaw) ? nameRaw.replace(/\s+/g, ' ').trim() : nameRaw,
    municipality,
  });
  ctx.tally?.ensureSchools(ctx.schools.length);
  return i;
}

/** The school of a row, created when new. */
export function schoolIndex(ctx: Context, idRaw: CellValue, nameRaw: string, municipality: string | null): number {
  const idText =
    idRaw === null || idRaw === undefined
      ? ''
      : typeof idRaw === 'string'
        ? idRaw.trim()
        : isCellError(idRaw)
          ? ''
          : String(idRaw);
  const byId = idText !== '';
  const key = byId ? idText : normalizeLabel(nameRaw);
  const map: Map<CellValue, number> = byId ? ctx.schoolByRawId : ctx.schoolByName;
  let i = map.get(key);
  if (i === undefined) {
    i = addSchool(ctx, key, byId, nameRaw, municipality);
    map.set(key, i);
  }
  if (byId) {
    if (typeof idRaw !== 'object' && idRaw !== idText) ctx.schoolByRawId.set(idRaw, i);
  } else ctx.schoolByRawName.set(nameRaw, i);
  if (ctx.schools[i].municipality === null && municipality !== null) {
    ctx.schools[i].municipality = municipality;
  }
  return i;
}
