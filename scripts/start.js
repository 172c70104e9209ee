#!/usr/bin/env node
// `npm start`: serves the add-in's files and the web page (dist/web) at https://localhost:3000, as
// manifest.xml expects, with the Office development certificate (office-addin-dev-certs; the first
// run asks to trust it). Builds dist/web first when it is missing. Where `office-addin-debugging`
// is installed (Windows, Mac), also sideloads the add-in into desktop Excel.
//
//   npm start                      https on port 3000, sideload where available
//   npm start -- --http            plain http (the web page alone; Excel refuses add-ins over http)
//   npm start -- --port 8443 --no-sideload
//   npm start -- --local-office-js  Office.js from this server (the @microsoft/office-js package), for a
//                                   closed network without Microsoft's CDN; builds dist/web that way
'use strict';
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const https = require('https');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const WEB = path.join(ROOT, 'dist', 'web');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.xml': 'text/xml; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.ico': 'image/x-icon',
};

/** A request handler serving the files under `root` (nothing outside it; `/` → index.html). */
function staticHandler(root) {
  const base = path.resolve(root);
  return (req, res) => {
    let url;
    try {
      url = decodeURIComponent(new URL(req.url || '/', 'http://localhost').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (url.endsWith('/')) url += 'index.html';
    const file = path.resolve(base, '.' + url);
    if ((file !== base && !file.startsWith(base + path.sep)) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Не найдено');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
      'cache-control': 'no-cache',
    });
    fs.createReadStream(file).pipe(res);
  };
}

function parseArgs(argv) {
  const o = { port: 3000, http: false, sideload: true, root: WEB, localOffice: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--http') o.http = true;
    else if (a === '--no-sideload') o.sideload = false;
    else if (a === '--port') o.port = Number(argv[++i]);
    else if (a === '--root') o.root = path.resolve(argv[++i]);
    else if (a === '--local-office-js') o.localOffice = true;
    else {
      console.error(`Неизвестный параметр ${a}. Есть: --port N, --http, --no-sideload, --root ПАПКА, --local-office-js.`);
      process.exit(2);
    }
  }
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) {
    console.error('--port: нужен номер порта, например 3000.');
    process.exit(2);
  }
  return o;
}

function moduleAvailable(name) {
  try {
    require.resolve(name, { paths: [ROOT] });
    return true;
  } catch {
    return false;
  }
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const pane = path.join(WEB, 'taskpane.html');
  const built = fs.existsSync(pane);
  const builtLocal = built && fs.readFileSync(pane, 'utf8').includes('office-js/office.js');
  if (o.root === WEB && (!built || (o.localOffice && !builtLocal))) {
    const args = ['run', 'build', ...(o.localOffice ? ['--', '--env', 'officejs=local'] : [])];
    console.log(`Сборка страницы (npm ${args.join(' ')})…`);
    const r = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, {
      cwd: ROOT,
      stdio: 'inherit',
      shell: process.platform === 'win32',
    });
    if (r.status !== 0) process.exit(r.status || 1);
  }
  let server;
  if (o.http) {
    server = http.createServer(staticHandler(o.root));
  } else {
    let options;
    try {
      options = await require('office-addin-dev-certs').getHttpsServerOptions();
    } catch (e) {
      console.error(
        'Не удалось получить сертификат для https://localhost: ' +
          (e && e.message ? e.message : e) +
          '\nУстановите его вручную: npx office-addin-dev-certs install — или запустите страницу без Excel: npm start -- --http',
      );
      process.exit(1);
    }
    server = https.createServer({ key: options.key, cert: options.cert, ca: options.ca }, staticHandler(o.root));
  }
  await new Promise((resolve, reject) => server.once('error', reject).listen(o.port, 'localhost', resolve));
  const url = `${o.http ? 'http' : 'https'}://localhost:${server.address().port}`;
  console.log(`Панель надстройки: ${url}/taskpane.html`);
  console.log(`Веб-страница:      ${url}/index.html`);
  console.log(`Манифест:          ${url}/manifest.xml`);
  if (o.root === WEB && fs.readFileSync(pane, 'utf8').includes('office-js/office.js'))
    console.log(`Office.js:         ${url}/office-js/office.js (копия из пакета @microsoft/office-js)`);
  console.log('Остановить: Ctrl+C.');
  if (o.sideload && !o.http) {
    if ((process.platform === 'win32' || process.platform === 'darwin') && moduleAvailable('office-addin-debugging')) {
      console.log('Загрузка надстройки в Excel (office-addin-debugging)…');
      spawn(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['office-addin-debugging', 'start', 'manifest.xml', 'desktop', '--no-debug'], {
        cwd: ROOT,
        stdio: 'inherit',
        shell: process.platform === 'win32',
      });
    } else {
      console.log('Чтобы добавить надстройку в Excel, загрузите manifest.xml — как это сделать: docs/install.md.');
    }
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e && e.message ? e.message : e);
    process.exit(1);
  });
}

module.exports = { staticHandler, parseArgs };
