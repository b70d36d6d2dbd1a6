/**
 * The lab needs no browser permission (camera, notifications, geolocation, clipboard-read,
 * HID, serial, ...): every request and every check is answered "no", so a bug in the page
 * cannot prompt the user for one.
 */
import type { Session } from 'electron';

export type PermissionSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>;

export function denyAllPermissions(session: PermissionSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
