/**
 * `npm start`'s static server (scripts/start.js), in its plain-http mode so no certificate is
 * needed: it serves the built files, `/` as index.html, and nothing outside its folder.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
let child: ChildProcess;
let base: string;
let dir: string;

function get(url: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) =>
    http
      .get(url, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
      })
      .on('error', reject),
  );
}

/** A raw request line, so `..` reaches the server as sent. */
function raw(pathPart: string): Promise<number> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path: pathPart, method: 'GET' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shnor-start-'));
  fs.mkdirSync(path.join(dir, 'web', 'assets'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'web', 'index.html'), '<p>страница</p>');
  fs.writeFileSync(path.join(dir, 'web', 'taskpane.js'), 'void 0;');
  fs.copyFileSync(path.join(ROOT, 'assets', 'icon-16.png'), path.join(dir, 'web', 'assets', 'icon-16.png'));
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'не отдавать');
  child = spawn(
    process.execPath,
    [path.join(ROOT, 'scripts', 'start.js'), '--http', '--port', '0', '--root', path.join(dir, 'web')],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  base = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c) => {
      out += String(c);
      const m = /(http:\/\/localhost:\d+)\/index\.html/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`start.js exited ${code}: ${out}`)));
  });
});

afterAll(() => {
  child?.kill();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('serves the page, scripts and icons with their types', async () => {
  const page = await get(`${base}/`);
  expect(page.status).toBe(200);
  expect(page.type).toBe('text/html; charset=utf-8');
  expect(page.body).toBe('<p>страница</p>');
  expect((await get(`${base}/taskpane.js`)).type).toMatch(/^text\/javascript/);
  expect((await get(`${base}/assets/icon-16.png`)).type).toBe('image/png');
  expect((await get(`${base}/nothing.js`)).status).toBe(404);
});

test('nothing outside the served folder', async () => {
  expect(await raw('/../secret.txt')).toBe(404);
  expect(await raw('/%2e%2e/secret.txt')).toBe(404);
  expect(await raw('/assets/..%2f..%2fsecret.txt')).toBe(404);
});
