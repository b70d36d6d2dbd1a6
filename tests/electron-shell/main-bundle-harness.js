'use strict';
// Runs the BUILT main bundle (.vite/build/main.js from vite.main.config.ts) in plain Node with a
// fake `electron` module, so the real lab service, workspace file and engine host bundle (in a
// child process standing in for the utilityProcess) do their work behind it. Drives it the way
// the renderer and the user would (lab:call, then Quit) and prints what happened as one JSON
// line. Only Electron itself is missing. Environment: BUNDLE_DIR, APP_DIR, USER_DATA.
const { EventEmitter } = require('node:events');
const { fork } = require('node:child_process');
const Module = require('node:module');
const path = require('node:path');

const bundleDir = process.env.BUNDLE_DIR;
const report = { windows: [], sent: [], quit: false, errors: [] };

function preventable() {
  const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
  return event;
}

const app = Object.assign(new EventEmitter(), {
  isPackaged: true,
  getAppPath: () => process.env.APP_DIR,
  getPath: () => process.env.USER_DATA,
  getVersion: () => '0.0.0-bundle',
  whenReady: () => Promise.resolve(),
  requestSingleInstanceLock: () => true,
  enableSandbox: () => undefined,
  addRecentDocument: () => undefined,
  clearRecentDocuments: () => undefined,
  // Electron's quit: 'before-quit' first; a listener may hold it back and call quit() again.
  quit: () => {
    const event = preventable();
    app.emit('before-quit', event);
    if (!event.defaultPrevented) report.quit = true;
  },
  exit: (code) => report.errors.push(`app.exit(${code})`),
});

class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    report.windows.push(options);
    const contents = new EventEmitter();
    contents.mainFrame = { url: '', parent: null };
    contents.setWindowOpenHandler = () => undefined;
    contents.isDestroyed = () => false;
    contents.send = (channel, payload) => report.sent.push({ channel, payload });
    this.webContents = contents;
    BrowserWindow.instance = this;
  }
  isDestroyed() {
    return false;
  }
  setTitle(title) {
    report.title = title;
  }
  async loadURL(url) {
    this.webContents.mainFrame.url = url;
    report.loaded = url;
  }
}

const handlers = new Map();
const electron = {
  app,
  BrowserWindow,
  dialog: { showErrorBox: (title, content) => report.errors.push(`${title}: ${content}`) },
  ipcMain: { handle: (channel, fn) => handlers.set(channel, fn), removeHandler: (c) => handlers.delete(c) },
  Menu: { buildFromTemplate: (t) => t, setApplicationMenu: (m) => (report.menu = m.map((i) => i.label)) },
  protocol: { registerSchemesAsPrivileged: () => undefined, handle: () => undefined },
  session: {
    defaultSession: {
      setPermissionRequestHandler: () => undefined,
      setPermissionCheckHandler: () => undefined,
      setDevicePermissionHandler: () => undefined,
      webRequest: { onBeforeRequest: () => undefined, onHeadersReceived: () => undefined },
    },
  },
  shell: { openExternal: async () => undefined },
  utilityProcess: {
    // A Node child offering process.parentPort, as Electron's utility process does.
    fork: (script, args, options) => {
      report.engineScript = script;
      const child = fork(path.join(__dirname, 'utility-shim.js'), args, {
        env: { ...options.env, UTILITY_SHIM_TARGET: script },
        serialization: 'advanced',
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
      const proc = new EventEmitter();
      child.on('message', (m) => proc.emit('message', m));
      child.on('exit', (code) => proc.emit('exit', code ?? 1));
      proc.stderr = child.stderr;
      proc.postMessage = (m) => child.connected && child.send(m);
      proc.kill = () => child.kill();
      return proc;
    },
  },
};

const load = Module._load;
Module._load = function loadWithFakeElectron(request, ...rest) {
  return request === 'electron' ? electron : load.call(this, request, ...rest);
};

function until(predicate, what, ms = 60_000) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      const value = predicate();
      if (value) {
        clearInterval(timer);
        resolve(value);
      } else if (Date.now() - started > ms) {
        clearInterval(timer);
        reject(new Error(`timed out waiting for ${what}`));
      }
    }, 20);
  });
}

const tiny = (seed, steps, recordEvery) => ({
  data: { K: 2, d: 16, P: 2, n: 8, nTest: 32, alpha: [1.0, 0.6], mu: [0.3, 0.05], sigmaXi: 0.3 },
  model: { m: 4, sigma0: 0.05 },
  train: { steps, recordEvery },
  backend: 'cpu',
  precision: 'f64',
  seed,
});

async function drive() {
  require(path.join(bundleDir, 'main.js'));
  await until(() => report.loaded, 'the window to load');
  const window = BrowserWindow.instance;
  const event = { sender: window.webContents, senderFrame: window.webContents.mainFrame };
  const call = (method, args) => handlers.get('lab:call')(event, method, args);
  const ended = (runId) => report.sent.find((m) => m.payload.type === 'run-ended' && m.payload.runId === runId);

  report.info = await call('info');
  report.refused = await handlers.get('lab:call')({ sender: {}, senderFrame: null }, 'info');
  const first = await call('startRun', { config: tiny(5, 60, 5) });
  report.firstStart = first;
  if (!first.ok) throw new Error(`startRun failed: ${first.error.message}`);
  report.firstEnded = (await until(() => ended(first.result.runId), 'the first run to end')).payload;
  const long = await call('startRun', { config: tiny(6, 2_000_000, 1000) });
  report.longStart = long;
  if (!long.ok) throw new Error(`startRun failed: ${long.error.message}`);
  await until(
    () => report.sent.find((m) => m.payload.type === 'run-progress' && m.payload.runId === long.result.runId),
    'the long run to report progress',
  );
  app.quit();
  await until(() => report.quit, 'the app to quit after closing the lab', 60_000);
  report.longEnded = ended(long.result.runId)?.payload ?? null;
  report.eventTypes = [...new Set(report.sent.map((m) => m.payload.type))];
  delete report.sent;
}

drive().then(
  () => {
    process.stdout.write(`${JSON.stringify(report)}\n`);
    process.exit(0);
  },
  (err) => {
    delete report.sent;
    process.stdout.write(`${JSON.stringify({ ...report, failure: String(err && err.stack ? err.stack : err) })}\n`);
    process.exit(1);
  },
);
