/** The task pane and the web page: the same UI, in Excel or in a plain browser. */
import * as React from 'react';
import { createRoot } from 'react-dom/client';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { App } from './App';

function render(inOffice: boolean): void {
  const root = createRoot(document.getElementById('root')!);
  root.render(
    <FluentProvider theme={webLightTheme}>
      <App inOffice={inOffice} />
    </FluentProvider>,
  );
}

const office = (globalThis as { Office?: typeof Office }).Office;
if (office) {
  void office.onReady((info) => render(info.host === office.HostType.Excel));
} else {
  render(false);
}
