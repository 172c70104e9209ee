/** The task pane and the web page: the same UI, in Excel (Office.js host) or in a plain browser (file host). */
import * as React from 'react';
import { createRoot } from 'react-dom/client';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { OfficeHost } from '../excel/officeHost';
import { App } from './App';
import { WorkbookHost } from './host';
import { Lang, pickLang } from './i18n';

function render(host: WorkbookHost | null, lang: Lang): void {
  document.documentElement.lang = lang;
  const root = createRoot(document.getElementById('root')!);
  root.render(
    <FluentProvider theme={webLightTheme}>
      <App host={host} lang={lang} />
    </FluentProvider>,
  );
}

const office = (globalThis as { Office?: typeof Office }).Office;
if (office) {
  void office.onReady((info) => {
    const inExcel = info.host === office.HostType.Excel;
    // the namespace the pane started with: the one whose onReady answered (and whose requirements tell the API sets)
    render(
      inExcel ? new OfficeHost({ office }) : null,
      pickLang(inExcel ? office.context.displayLanguage : navigator.language),
    );
  });
} else {
  render(null, pickLang(navigator.language));
}
