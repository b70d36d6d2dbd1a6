import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contentTypeFor, resolveRendererFile, serveRendererRequest } from '../../src-main/electron-shell/app-protocol';
import { tempDir } from './fakes';

describe('the app:// scheme', () => {
  let dir: string;
  let cleanup: () => void;
  let root: string;

  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    root = path.join(dir, 'dist-renderer');
    fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>lab</title>');
    fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'outside the renderer');
  });
  afterEach(() => cleanup());

  it('maps URLs of app://lab onto files inside the renderer folder, / meaning index.html', () => {
    expect(resolveRendererFile(root, 'app://lab/')).toBe(path.join(root, 'index.html'));
    expect(resolveRendererFile(root, 'app://lab/assets/app.js?v=2#x')).toBe(path.join(root, 'assets', 'app.js'));
  });

  it('never resolves outside the folder, whatever dot segments or encodings the path uses', () => {
    // The URL parser already folds plain `..` away; encoded ones reach the resolver.
    for (const url of [
      'app://lab/../secret.txt',
      'app://lab/%2e%2e/secret.txt',
      'app://lab/assets/%2e%2e/%2e%2e/secret.txt',
      'app://lab/..%2fsecret.txt',
      'app://lab/assets/..%2f..%2fsecret.txt',
    ]) {
      const file = resolveRendererFile(root, url);
      if (file !== null) expect(file.startsWith(root + path.sep), `${url} -> ${file}`).toBe(true);
    }
    expect(resolveRendererFile(root, 'app://lab/assets/..%2f..%2fsecret.txt')).toBeNull();
  });

  it('refuses backslashes, NUL bytes, bad escapes, other hosts, other schemes and malformed URLs', () => {
    for (const url of [
      'app://lab/..%5csecret.txt',
      'app://lab/index.html%00.js',
      'app://lab/%E0%A4%A',
      'app://evil/index.html',
      'file:///etc/passwd',
      'http://lab/index.html',
      'nonsense',
    ]) {
      expect(resolveRendererFile(root, url), url).toBeNull();
    }
  });

  it('serves a file with its type, the CSP and nosniff', async () => {
    const response = await serveRendererRequest(root, 'app://lab/assets/app.js', "default-src 'none'");
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe('console.log(1)');
  });

  it('answers 404 (with the CSP) for a missing file, a folder or a path outside', async () => {
    for (const url of ['app://lab/missing.js', 'app://lab/assets', 'app://lab/%2e%2e/secret.txt']) {
      const response = await serveRendererRequest(root, url, 'csp');
      expect(response.status, url).toBe(404);
      expect(response.headers.get('content-security-policy')).toBe('csp');
      expect(await response.text()).not.toContain('outside the renderer');
    }
  });

  it('knows the content types the renderer build produces', () => {
    expect(contentTypeFor('a/index.html')).toMatch(/^text\/html/);
    expect(contentTypeFor('a/x.CSS')).toMatch(/^text\/css/);
    expect(contentTypeFor('a/font.woff2')).toBe('font/woff2');
    expect(contentTypeFor('a/blob.bin')).toBe('application/octet-stream');
  });
});
