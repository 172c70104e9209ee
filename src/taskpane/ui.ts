/** What every part of the pane shares: styles, and small helpers for files, errors and numbers. */
import { makeStyles, tokens } from '@fluentui/react-components';

export const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: '12px',
    padding: '12px',
    maxWidth: '960px',
    minWidth: '0',
    boxSizing: 'border-box',
  },
  row: { display: 'flex', flexWrap: 'wrap', gap: '8px', alignItems: 'end' },
  /** Four tabs do not fit in a 320 px pane on one line. */
  tabs: { flexWrap: 'wrap' },
  /** A wide result table scrolls inside the pane, not the pane itself. */
  scroll: { overflowX: 'auto', maxWidth: '100%' },
  col: { display: 'flex', flexDirection: 'column', gap: '8px' },
  small: { color: tokens.colorNeutralForeground3 },
  box: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: '8px',
    display: 'flex',
    flexDirection: 'column',
    gap: '6px',
  },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: '2px' },
  finding: {
    width: '100%',
    textAlign: 'left',
    background: 'none',
    border: `1px solid transparent`,
    borderRadius: tokens.borderRadiusMedium,
    padding: '4px 6px',
    cursor: 'pointer',
    font: 'inherit',
    color: 'inherit',
    overflowWrap: 'anywhere',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '1px' },
  },
  current: {
    backgroundColor: tokens.colorNeutralBackground1Selected,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
  },
  heading: { margin: '8px 0 2px', fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  sub: { margin: '4px 0 2px', fontSize: tokens.fontSizeBase200, fontWeight: tokens.fontWeightSemibold },
  quote: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', margin: 0 },
  /** A select no wider than the pane, whatever its longest option (320 px task pane). */
  select: { maxWidth: '100%', minWidth: 0, '& select': { maxWidth: '100%', minWidth: 0, textOverflow: 'ellipsis' } },
});

export const COLOR = { error: 'danger', warning: 'warning', info: 'informative' } as const;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** At most this many findings or schools are listed. */
export const MAX_SHOWN = 300;

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export function download(name: string, bytes: Uint8Array, type: string = XLSX_TYPE): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Lets the browser paint the progress bar before synchronous engine work. */
export function paint(): Promise<void> {
  return new Promise((r) => setTimeout(r, 0));
}

export function num(s: string): number {
  return Number(s.replace(',', '.').trim());
}
