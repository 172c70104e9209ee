/** The tabs of the pane, in the order shown. */
import { checkTab } from './check';
import { identifyTab } from './identify';
import { marksTab } from './marks';
import { summaryTab } from './summary';
import { PaneTab } from './tab';
import { templatesTab } from './templates';

export type { PaneTab } from './tab';

export const TABS: PaneTab[] = [checkTab, identifyTab, templatesTab, marksTab, summaryTab];
