/* eslint-disable */
// Builds the task pane (taskpane.html, with Office.js), the same UI as a plain web page
// (index.html, without Office.js), the ribbon commands page and the custom functions (functions.js,
// loaded by taskpane.html: the shared runtime), into dist/web/.
const path = require('path');
const fs = require('fs');
const HtmlWebpackPlugin = require('html-webpack-plugin');

class CopyAssets {
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
    });
  }
}

module.exports = (env, argv) => {
  const dev = argv.mode === 'development';
  const webPage = fs
    .readFileSync(path.resolve(__dirname, 'src/taskpane/taskpane.html'), 'utf8')
    .replace(/\s*<!-- Office.js:[^>]*-->\s*<script[^>]*office\.js[^>]*><\/script>/, '');
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
      new HtmlWebpackPlugin({ filename: 'taskpane.html', template: './src/taskpane/taskpane.html', chunks: ['taskpane', 'functions'] }),
      new HtmlWebpackPlugin({ filename: 'index.html', templateContent: webPage, chunks: ['taskpane'] }),
      new HtmlWebpackPlugin({ filename: 'commands.html', template: './src/commands/commands.html', chunks: ['commands'] }),
      new HtmlWebpackPlugin({ filename: 'message.html', template: './src/commands/message.html', inject: false, minify: false }),
      new CopyAssets(),
    ],
  };
};
