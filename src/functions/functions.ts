/**
 * Excel custom functions (shared runtime): SHNOR.PASSRATE, QUALITY, AVERAGE_MARK, SOU, MARKS,
 * FROM_COUNTS, MARK. The metadata is hand-written (functions.json — Russian names, the default
 * locale; functions.en.json — English), because generated metadata cannot be localized; a test
 * keeps both equal to the parameter lists below. A bad input answers with an Excel error
 * (CustomFunctions.Error with a Russian message), never with a throw.
 */
import * as impl from './impl';

type Fn = (...args: never[]) => unknown;

interface Registered {
  /** Parameter names in order, as the metadata lists them. */
  params: string[];
  /** The work, with the answer still possibly a failure. */
  run: (...args: never[]) => impl.Answer<unknown>;
}

export const FUNCTIONS: Record<string, Registered> = {
  PASSRATE: { params: ['marks', 'include_na'], run: impl.passRate },
  QUALITY: { params: ['marks', 'include_na'], run: impl.quality },
  AVERAGE_MARK: { params: ['marks'], run: impl.averageMark },
  SOU: { params: ['marks', 'include_na'], run: impl.sou },
  MARKS: { params: ['marks', 'include_na'], run: impl.marksRow },
  FROM_COUNTS: { params: ['counts', 'include_na'], run: impl.fromCountsRow },
  MARK: { params: ['total', 'scale'], run: impl.markOf },
};

interface CF {
  Error: new (code: unknown, message?: string) => unknown;
  ErrorCode: Record<string, unknown>;
  associate: (id: string, fn: Fn) => void;
}

function cf(): CF | undefined {
  return (globalThis as { CustomFunctions?: CF }).CustomFunctions;
}

/** Wraps a function's work: a failure becomes an Excel error, an unexpected throw too. */
export function excelFunction(r: Registered): Fn {
  return (...args: never[]) => {
    const api = cf();
    const fail = (f: impl.Failure): unknown =>
      api ? new api.Error(api.ErrorCode[f.fail], f.message) : { error: f.fail, message: f.message };
    try {
      const out = r.run(...args);
      return impl.isFailure(out) ? fail(out) : out;
    } catch (e) {
      return fail({ fail: 'invalidValue', message: e instanceof Error ? e.message : String(e) });
    }
  };
}

/** Registers every function with Excel; does nothing outside Excel (the web page, tests without the stub). */
export function registerFunctions(): boolean {
  const api = cf();
  if (!api?.associate) return false;
  for (const [id, r] of Object.entries(FUNCTIONS)) api.associate(id, excelFunction(r));
  return true;
}

registerFunctions();
