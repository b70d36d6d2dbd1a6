/** The two IPC channels between the preload bridge and the main process. */
export const CALL_CHANNEL = 'lab:call';
export const EVENT_CHANNEL = 'lab:event';
