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
