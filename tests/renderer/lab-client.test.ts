import { describe, expect, it } from 'vitest';
import type { LabBridge, LabEvent } from '../../src-main/api/lab-api';
import { bridgeCall, isLabBridge, userMessage } from '../../src-renderer/lib/api/bridge-call';
import { downloadHref, eventsUrl, httpCall, tokenFromUrl, type FetchLike } from '../../src-renderer/lib/api/http-call';
import { labApiFromCall } from '../../src-renderer/lib/api/lab-api-from-call';

interface Sent {
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

function fakeFetch(reply: { status: number; body: string } | Error): { fetch: FetchLike; sent: Sent[] } {
  const sent: Sent[] = [];
  const fetch: FetchLike = async (url, init) => {
    sent.push({ url, headers: init.headers, body: JSON.parse(init.body) });
    if (reply instanceof Error) throw reply;
    return { status: reply.status, text: async () => reply.body };
  };
  return { fetch, sent };
}

describe('lab server client', () => {
  it('posts each method with the token header and {args}, and returns the result', async () => {
    const { fetch, sent } = fakeFetch({ status: 200, body: JSON.stringify({ ok: true, result: { runId: 7 } }) });
    const api = labApiFromCall(httpCall(fetch, 'http://127.0.0.1:4000/', 'tok'), () => () => undefined);
    await expect(api.startRun({ config: { seed: 2 } })).resolves.toEqual({ runId: 7 });
    expect(sent).toEqual([
      {
        url: 'http://127.0.0.1:4000/api/call/startRun',
        headers: { 'Content-Type': 'application/json', 'X-Modcomp-Token': 'tok' },
        body: { args: { config: { seed: 2 } } },
      },
    ]);
    await api.info();
    expect(sent[1]?.url).toBe('http://127.0.0.1:4000/api/call/info');
    expect(sent[1]?.body).toEqual({});
  });

  it("turns the server's error reply into an Error with its message", async () => {
    const { fetch } = fakeFetch({
      status: 400,
      body: JSON.stringify({ ok: false, error: { message: 'bad argument to getRun at runId: too small' } }),
    });
    const call = httpCall(fetch, 'http://h/', 'tok');
    await expect(call('getRun', { runId: 0 })).rejects.toThrow('bad argument to getRun at runId: too small');
  });

  it('says clearly when the server is unreachable, answers no JSON, or the page has no token', async () => {
    await expect(httpCall(fakeFetch(new Error('ECONNREFUSED')).fetch, 'http://h/', 't')('info')).rejects.toThrow(
      /Cannot reach the lab server \(ECONNREFUSED\)/,
    );
    await expect(httpCall(fakeFetch({ status: 502, body: '<html>' }).fetch, 'http://h/', 't')('info')).rejects.toThrow(
      /HTTP 502 and no JSON/,
    );
    await expect(httpCall(fakeFetch({ status: 200, body: '{"ok":"yes"}' }).fetch, 'http://h/', 't')('info')).rejects.toThrow(
      /unknown shape/,
    );
    const { fetch, sent } = fakeFetch({ status: 200, body: '{}' });
    await expect(httpCall(fetch, 'http://h/', null)('info')).rejects.toThrow(/no access token/);
    expect(sent).toHaveLength(0);
  });

  it('reads the token from the page address and builds the event URL', () => {
    expect(tokenFromUrl('http://127.0.0.1:5173/?token=abc%2B1#view=runs')).toBe('abc+1');
    expect(tokenFromUrl('http://127.0.0.1:5173/')).toBeNull();
    expect(tokenFromUrl('not a url')).toBeNull();
    expect(eventsUrl('http://127.0.0.1:5173/?token=x', 'a b')).toBe('ws://127.0.0.1:5173/api/events?token=a%20b');
    expect(eventsUrl('https://lab.example:8443/', 't')).toBe('wss://lab.example:8443/api/events?token=t');
  });
});

describe('pack download links', () => {
  it("resolve the server's relative downloadUrl against the page and add the token", () => {
    const page = 'http://127.0.0.1:4000/?token=a%2Bb#view=live&run=3';
    expect(downloadHref(page, 'api/packs/0123.zip', 'a+b')).toBe('http://127.0.0.1:4000/api/packs/0123.zip?token=a%2Bb');
    // A page served under a sub-path (a reverse proxy) keeps it.
    expect(downloadHref('http://h:1/lab/index.html?token=t', 'api/packs/x.zip', 't')).toBe('http://h:1/lab/api/packs/x.zip?token=t');
  });

  it('are not offered without a token or for a URL that leaves the lab server', () => {
    expect(downloadHref('http://127.0.0.1:4000/', 'api/packs/x.zip', null)).toBeNull();
    expect(downloadHref('http://127.0.0.1:4000/?token=t', 'http://evil.example/x.zip', 't')).toBeNull();
    expect(downloadHref('http://127.0.0.1:4000/?token=t', '//evil.example/x.zip', 't')).toBeNull();
    expect(downloadHref('not a url', 'api/packs/x.zip', 't')).toBeNull();
  });
});

describe('Electron bridge client', () => {
  it('calls through the bridge and strips the IPC wrapper from error messages', async () => {
    const calls: [string, unknown][] = [];
    const events: ((e: LabEvent) => void)[] = [];
    const bridge: LabBridge = {
      call: async (method, args) => {
        calls.push([method, args]);
        if (method === 'getRun') throw new Error("Error invoking remote method 'modcomp:call': Error: run 9 does not exist");
        return [];
      },
      onEvent: (listener) => {
        events.push(listener);
        return () => undefined;
      },
    };
    expect(isLabBridge(bridge)).toBe(true);
    expect(isLabBridge({ call: 1 })).toBe(false);
    const api = labApiFromCall(bridgeCall(bridge), (l) => bridge.onEvent(l));
    await expect(api.listRuns({ tag: 'keep' })).resolves.toEqual([]);
    await expect(api.getRun({ runId: 9 })).rejects.toThrow(/^run 9 does not exist$/);
    expect(calls).toEqual([
      ['listRuns', { tag: 'keep' }],
      ['getRun', { runId: 9 }],
    ]);
    const seen: LabEvent[] = [];
    api.subscribe((e) => seen.push(e));
    events[0]?.({ type: 'menu-command', command: 'new-experiment' });
    expect(seen).toEqual([{ type: 'menu-command', command: 'new-experiment' }]);
    expect(userMessage('plain')).toBe('plain');
  });
});
