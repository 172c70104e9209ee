/**
 * A tab of the pane: its label, its panel (settings and buttons), and what it shows below the
 * status line. `Results` comes before the shared lists (cells the user wrote, cells skipped),
 * `Details` after them. To add a tab: a file beside this one, and a line in tabs/index.ts.
 */
import * as React from 'react';
import { Dict } from '../i18n';

export interface PaneTab {
  id: string;
  label: (t: Dict) => string;
  Panel: React.FC;
  Results?: React.FC;
  Details?: React.FC;
}
