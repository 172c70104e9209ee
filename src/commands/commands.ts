/** Ribbon commands. The «Открыть панель» button opens the task pane and needs no code here. */
const office = (globalThis as { Office?: typeof Office }).Office;
void office?.onReady();
