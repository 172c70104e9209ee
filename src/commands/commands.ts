/**
 * Ribbon commands (ExecuteFunction). «Открыть панель» opens the task pane and needs no code here.
 * «Проверить лист» checks the active sheet through the Office.js host, writes highlights and the
 * «Проверка» sheet, then shows the result; «Вставить шаблон» adds a template's sheets. Every command
 * tells Office it is done (`event.completed`), also when it fails, and shows a short message.
 */
import { OfficeHost } from '../excel/officeHost';
import { CHECK_SHEET } from '../engine/report';
import { countBySeverity } from '../engine/issues';
import { TemplateId, insertTemplate, runCheck } from '../taskpane/actions';
import { DICTS, Dict, pickLang } from '../taskpane/i18n';

const office = (globalThis as { Office?: typeof Office }).Office;

function dict(): Dict {
  let tag: string | undefined;
  try {
    tag = office?.context?.displayLanguage;
  } catch {
    tag = undefined;
  }
  return DICTS[pickLang(tag)];
}

/** A small dialog with the message (message.html beside this page); closes itself on «OK». */
export function notify(text: string): Promise<void> {
  return new Promise((resolve) => {
    const ui = office?.context?.ui;
    if (!ui?.displayDialogAsync) {
      resolve();
      return;
    }
    const url = new URL('message.html', location.href);
    url.searchParams.set('text', text);
    url.searchParams.set('lang', pickLang(office?.context?.displayLanguage));
    ui.displayDialogAsync(url.toString(), { height: 25, width: 30, displayInIframe: true }, (res) => {
      if (res.status !== office!.AsyncResultStatus.Succeeded) {
        resolve();
        return;
      }
      const dialog = res.value;
      const close = (): void => {
        dialog.close();
        resolve();
      };
      dialog.addEventHandler(office!.EventType.DialogMessageReceived, close);
      dialog.addEventHandler(office!.EventType.DialogEventReceived, () => resolve());
    });
  });
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** «Проверить лист»: the active sheet's check, written into the workbook; the «Проверка» sheet is shown. */
export async function checkSheet(
  event?: Office.AddinCommands.Event,
  host: OfficeHost = new OfficeHost(),
): Promise<string> {
  const t = dict();
  let text: string;
  try {
    const sheet = await host.activeSheet();
    const { report } = await runCheck(host, {}, { sheet });
    const n = countBySeverity(report.issues);
    text = t.summary(t.kinds[report.kind], n.error, n.warning, n.info);
    if (report.edits.some((e) => e.kind === 'replaceSheet' && e.sheet.name === CHECK_SHEET))
      await host.select(CHECK_SHEET, 'A1');
  } catch (e) {
    text = `${t.error}: ${message(e)}`;
  }
  await notify(text);
  event?.completed();
  return text;
}

/** «Вставить шаблон» → one of the four templates; the first new sheet is shown. */
export async function insertTemplateCommand(
  id: TemplateId,
  event?: Office.AddinCommands.Event,
  host: OfficeHost = new OfficeHost(),
): Promise<string> {
  const t = dict();
  let text: string;
  try {
    const r = await insertTemplate(host, id);
    text = t.templateInserted(r.sheets);
    if (r.sheets[0]) await host.select(r.sheets[0], 'A1');
  } catch (e) {
    text = `${t.error}: ${message(e)}`;
  }
  await notify(text);
  event?.completed();
  return text;
}

export const COMMANDS: Record<string, (event: Office.AddinCommands.Event) => Promise<string>> = {
  checkSheet: (e) => checkSheet(e),
  insertTemplateDtk: (e) => insertTemplateCommand('dtk', e),
  insertTemplateCard: (e) => insertTemplateCommand('card', e),
  insertTemplateRoadmap: (e) => insertTemplateCommand('roadmap', e),
  insertTemplateResults: (e) => insertTemplateCommand('results', e),
};

// the global function names: Excel 2019's function file calls them by name
for (const [name, fn] of Object.entries(COMMANDS)) (globalThis as Record<string, unknown>)[name] = fn;
if (office) {
  void office.onReady(() => {
    for (const [name, fn] of Object.entries(COMMANDS)) office.actions?.associate?.(name, fn);
  });
}
