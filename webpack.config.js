/* eslint-disable */
// Builds the task pane (taskpane.html, with Office.js), the same UI as a plain web page
// (index.html, without Office.js), the ribbon commands page and the custom functions (functions.js,
// loaded by taskpane.html: the shared runtime), into dist/web/.
const path = require('path');
const fs = require('fs');
const HtmlWebpackPlugin = require('html-webpack-plugin');

// Office.js: from Microsoft's CDN, as add-ins must; `--env officejs=local` (or SHNOR_OFFICE_JS=local)
// serves the copy of the `@microsoft/office-js` package from dist/web/office-js/ instead, for a
// closed school network's own host (docs/install.md). Only what Excel needs is copied.
const OFFICE_CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const OFFICE_PACKAGE = path.resolve(__dirname, 'node_modules/@microsoft/office-js/dist');
const officeFiles = (f) =>
  /^(office|o15apptofilemappingtable|es6-promise|custom-functions-runtime|excel[\w.-]*)\.js$/.test(f) && !f.includes('.debug.');
const OFFICE_FOLDERS = ['ru-ru', 'en-us', 'telemetry'];

function copyOfficeJs(to) {
  fs.mkdirSync(to, { recursive: true });
  for (const f of fs.readdirSync(OFFICE_PACKAGE).filter(officeFiles)) fs.copyFileSync(path.join(OFFICE_PACKAGE, f), path.join(to, f));
  for (const d of OFFICE_FOLDERS) fs.cpSync(path.join(OFFICE_PACKAGE, d), path.join(to, d), { recursive: true });
}

class CopyAssets {
  constructor(localOffice) {
    this.localOffice = localOffice;
  }
  apply(compiler) {
    compiler.hooks.afterEmit.tap('CopyAssets', () => {
      const out = compiler.options.output.path;
      const from = path.resolve(__dirname, 'assets');
      const to = path.join(out, 'assets');
      fs.mkdirSync(to, { recursive: true });
      for (const f of fs.readdirSync(from)) fs.copyFileSync(path.join(from, f), path.join(to, f));
      fs.copyFileSync(path.resolve(__dirname, 'manifest.xml'), path.join(out, 'manifest.xml'));
      // hand-written custom-function metadata: Russian (default locale) and English
      for (const f of ['functions.json', 'functions.en.json'])
        fs.copyFileSync(path.resolve(__dirname, 'src/functions', f), path.join(out, f));
      if (this.localOffice) copyOfficeJs(path.join(out, 'office-js'));
    });
  }
}

module.exports = (env = {}, argv = {}) => {
  const dev = argv.mode === 'development';
  const localOffice = env.officejs === 'local' || process.env.SHNOR_OFFICE_JS === 'local';
  const page = (file) => {
    const text = fs.readFileSync(path.resolve(__dirname, file), 'utf8');
    if (!text.includes(OFFICE_CDN)) throw new Error(`${file}: Office.js is not loaded from ${OFFICE_CDN}`);
    return localOffice ? text.split(OFFICE_CDN).join('office-js/office.js') : text;
  };
  const webPage = page('src/taskpane/taskpane.html').replace(/\s*<!-- Office.js:[^>]*-->\s*<script[^>]*office\.js[^>]*><\/script>/, '');
  return {
    mode: dev ? 'development' : 'production',
    devtool: dev ? 'source-map' : false,
    entry: {
      taskpane: './src/taskpane/index.tsx',
      commands: './src/commands/commands.ts',
      functions: './src/functions/functions.ts',
    },
    output: { path: path.resolve(__dirname, 'dist/web'), filename: '[name].js', clean: true },
    resolve: { extensions: ['.ts', '.tsx', '.js'] },
    module: {
      rules: [{ test: /\.tsx?$/, loader: 'ts-loader', exclude: /node_modules/, options: { configFile: 'tsconfig.web.json', transpileOnly: true } }],
    },
    performance: { hints: false },
    plugins: [
      new HtmlWebpackPlugin({ filename: 'taskpane.html', templateContent: page('src/taskpane/taskpane.html'), chunks: ['taskpane', 'functions'] }),
      new HtmlWebpackPlugin({ filename: 'index.html', templateContent: webPage, chunks: ['taskpane'] }),
      new HtmlWebpackPlugin({ filename: 'commands.html', templateContent: page('src/commands/commands.html'), chunks: ['commands'] }),
      new HtmlWebpackPlugin({ filename: 'message.html', templateContent: page('src/commands/message.html'), inject: false, minify: false }),
      new CopyAssets(localOffice),
    ],
  };
};

module.exports.copyOfficeJs = copyOfficeJs;
module.exports.OFFICE_CDN = OFFICE_CDN;
