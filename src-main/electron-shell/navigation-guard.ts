/**
 * The window never leaves its page: every navigation, redirect of a navigation, new window and
 * <webview> attachment is refused. A link to an https page (the paper, the docs) is handed to
 * the user's browser instead, after checking it is a plain https URL; anything else (file:,
 * javascript:, custom schemes, http, URLs carrying credentials) is dropped.
 */
import type { WebContents } from 'electron';

/** The URL to give the system browser, or null when it must not be opened at all. */
export function externalLinkTarget(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password || !parsed.hostname) return null;
  return parsed.href;
}

export type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

export function guardNavigation(contents: GuardedContents, openExternal: (url: string) => void): void {
  const handOff = (url: string): void => {
    const target = externalLinkTarget(url);
    if (target) openExternal(target);
  };
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    handOff(url);
  });
  contents.on('will-frame-navigate', (event) => {
    event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    handOff(url);
    return { action: 'deny' };
  });
}
