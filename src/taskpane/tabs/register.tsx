/**
 * «Реестр ШНОР» under the identification (issue 15): the register over the school years of the
 * results (the sheet «Реестр ШНОР» with its chart), from the open workbook in Excel or from every
 * file opened on the web page; the settings are the identification's above.
 */
import * as React from 'react';
import { Button, Text } from '@fluentui/react-components';
import { runRegisterSheet } from '../actions';
import { usePane } from '../store';
import { useStyles } from '../ui';

export function RegisterBox(): React.JSX.Element {
  const s = useStyles();
  const p = usePane();
  const { t, busy, host, web, files, thresholdOk } = p;

  const onRegister = (): Promise<void> =>
    p.run(async (h, o) => {
      const books = web ? await Promise.all(files.map(async (f) => ({ name: f.name, wb: await f.read() }))) : undefined;
      const r = await runRegisterSheet(h, p.settings(), { ...o, ...(books ? { books } : {}) });
      p.setSkipped(r.outcome.skipped);
      const reg = r.register;
      const last = reg.counts.find((c) => c.municipality === 'Всего' && c.year === reg.years[reg.years.length - 1]);
      return t.registerWritten(reg.years, reg.schools.length, last?.ШНОР ?? 0, last?.вышла ?? 0);
    });

  return (
    <fieldset className={s.box}>
      <legend>{t.registerBox}</legend>
      <Text size={200} className={s.small}>
        {web ? t.registerHintWeb : t.registerHint}
      </Text>
      <div className={s.row}>
        <Button disabled={busy || !host || !thresholdOk} onClick={() => void onRegister()}>
          {t.registerSheet}
        </Button>
      </div>
    </fieldset>
  );
}
