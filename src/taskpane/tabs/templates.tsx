/** «Шаблоны»: insert a form's template into the workbook, or download it as a new workbook on the web page. */
import * as React from 'react';
import { Button, Field, Select } from '@fluentui/react-components';
import { createWorkbook } from '../../xlsx/patch';
import { TEMPLATE_IDS, TemplateId, insertTemplate, templateSheets } from '../actions';
import { usePane, usePaneState } from '../store';
import { download, message, useStyles } from '../ui';
import { PaneTab } from './tab';

function TemplatesPanel(): React.JSX.Element {
  const s = useStyles();
  const { t, busy, host, run, setError } = usePane();
  const [template, setTemplate] = usePaneState<TemplateId>('templates.template', 'dtk');

  const onTemplate = async (): Promise<void> => {
    if (!host) {
      // the web page without a workbook: a new workbook with the template
      try {
        download(
          `${t.templateNames[template]}.xlsx`.replace(/[/\\:*?"<>|]/g, '-'),
          createWorkbook(templateSheets(template)),
        );
      } catch (e) {
        setError(message(e));
      }
      return;
    }
    await run(async (h, o) => {
      const r = await insertTemplate(h, template, o);
      return t.templateInserted(r.sheets);
    });
  };

  return (
    <div className={s.col} role="tabpanel" aria-label={t.tabTemplates}>
      <Field label={t.template} hint={t.templateHint}>
        <Select className={s.select} value={template} onChange={(_, d) => setTemplate(d.value as TemplateId)}>
          {TEMPLATE_IDS.map((id) => (
            <option key={id} value={id}>
              {t.templateNames[id]}
            </option>
          ))}
        </Select>
      </Field>
      <div className={s.row}>
        <Button appearance="primary" disabled={busy} onClick={() => void onTemplate()}>
          {host ? t.insertTemplate : t.downloadTemplate}
        </Button>
      </div>
    </div>
  );
}

export const templatesTab: PaneTab = { id: 'templates', label: (t) => t.tabTemplates, Panel: TemplatesPanel };
