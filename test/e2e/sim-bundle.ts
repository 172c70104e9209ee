/**
 * The simulated Excel host (test/e2e/sim-entry.ts) bundled for the browser, for the e2e tests that
 * run the pane in Excel: they serve this script in place of Office.js's host.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from './browser';

// webpack's own types are not needed here: it is driven as plain JS

const webpack = require('webpack') as (
  config: object,
  cb: (err: Error | null, stats: { hasErrors(): boolean; toString(o: object): string }) => void,
) => void;

/** Bundles test/e2e/sim-entry.ts and gives the script's text. */
export function bundleSim(): Promise<string> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'shnor-sim-'));
  return new Promise((resolve, reject) =>
    webpack(
      {
        mode: 'development',
        devtool: false,
        target: 'web',
        entry: path.join(__dirname, 'sim-entry.ts'),
        output: { path: out, filename: 'sim.js' },
        resolve: { extensions: ['.ts', '.js'] },
        module: {
          rules: [
            {
              test: /\.ts$/,
              loader: 'ts-loader',
              exclude: /node_modules/,
              options: { configFile: path.join(ROOT, 'tsconfig.web.json'), transpileOnly: true },
            },
          ],
        },
        performance: { hints: false },
      },
      (err, stats) => {
        if (err || stats.hasErrors()) reject(err ?? new Error(stats.toString({ all: false, errors: true })));
        else resolve(fs.readFileSync(path.join(out, 'sim.js'), 'utf8'));
      },
    ),
  );
}
