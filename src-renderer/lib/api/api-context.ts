/** The LabApi handed from App to every view through Svelte context (views never build one). */
import { getContext, setContext } from 'svelte';
import type { LabApi } from '../../../src-main/api/lab-api';

const KEY = Symbol('lab-api');

export function provideLabApi(api: LabApi): void {
  setContext(KEY, api);
}

export function useLabApi(): LabApi {
  const api = getContext<LabApi | undefined>(KEY);
  if (!api) throw new Error('no lab API in context (the view is outside App)');
  return api;
}

const DOWNLOAD_KEY = Symbol('pack-download-href');

/** Turns an export result's `downloadUrl` into a link the page may follow (see LabClient.downloadHref). */
export type DownloadHref = (downloadUrl: string) => string | null;

export function provideDownloadHref(toHref: DownloadHref): void {
  setContext(DOWNLOAD_KEY, toHref);
}

/** Without a provider (a view shown alone) no download link is offered. */
export function useDownloadHref(): DownloadHref {
  return getContext<DownloadHref | undefined>(DOWNLOAD_KEY) ?? (() => null);
}
