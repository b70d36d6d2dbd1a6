/**
 * The `--queue` URL: `redis://[:password@]HOST:PORT[/DB]` or `rediss://...` for TLS. Parsed once
 * into the connection options BullMQ's Redis client takes, and into a display form with the
 * password masked: that form is the only one ever printed, logged or stored.
 */
import type { RedisOptions } from 'ioredis';

export class QueueUrlError extends Error {
  override name = 'QueueUrlError';
}

export interface QueueTarget {
  /** The URL with any password replaced by `***`: safe for messages, logs and workspaces. */
  display: string;
  connection: RedisOptions;
}

export function parseQueueUrl(text: string): QueueTarget {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new QueueUrlError(`--queue needs a URL like redis://HOST:PORT or rediss://:PASSWORD@HOST:PORT/DB, not "${maskInText(text)}"`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new QueueUrlError(`--queue needs a redis:// or rediss:// URL, not ${url.protocol}//`);
  }
  if (!url.hostname) throw new QueueUrlError('--queue URL names no host');
  const port = url.port ? Number(url.port) : 6379;
  const dbText = url.pathname.replace(/^\//, '');
  if (dbText !== '' && !/^\d{1,2}$/.test(dbText)) throw new QueueUrlError(`--queue URL: database "${dbText}" is not a number from 0 to 99`);
  const db = dbText === '' ? 0 : Number(dbText);
  const password = url.password ? decodeURIComponent(url.password) : undefined;
  const username = url.username ? decodeURIComponent(url.username) : undefined;
  const auth = password ? `${username ?? ''}:***@` : username ? `${username}@` : '';
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return {
    display: `${url.protocol}//${auth}${url.host}/${db}`,
    connection: {
      host,
      port,
      db,
      ...(password ? { password } : {}),
      ...(username ? { username } : {}),
      ...(url.protocol === 'rediss:' ? { tls: { servername: host } } : {}),
    },
  };
}

/** The text with anything that looks like a URL password masked (for echoing bad input back). */
export function maskInText(text: string): string {
  return text.replace(/(\w+:\/\/[^/@\s]*?:)[^@/\s]*@/g, '$1***@');
}
