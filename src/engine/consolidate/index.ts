/** Regional consolidation (DOMAIN.md §6): the engine API the CLI and the task pane call. */
export * from './consolidate';
export * from './period';
export * from './settings';
export * from './sheets';
export * from './input';
export * from './roster';
