/**
 * docs/cli.md tells the truth about `shnor --help`: every command has its section, and every option
 * of a command is named in that command's synopsis or sections. Run against the built CLI.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
const DOC = fs.readFileSync(path.join(ROOT, 'docs', 'cli.md'), 'utf8');

function help(args: string[]): string {
  const r = spawnSync(process.execPath, [CLI, ...args, '--help'], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  return r.stdout;
}

/** The lines of a help section («Команды:», «Параметры:»), up to the next blank line. */
function section(text: string, title: string): string[] {
  const lines = text.split('\n');
  const start = lines.indexOf(title);
  expect(start).toBeGreaterThanOrEqual(0);
  const out: string[] = [];
  for (const l of lines.slice(start + 1)) {
    if (!l.trim()) break;
    out.push(l);
  }
  return out;
}

const commands = section(help([]), 'Команды:')
  .map((l) => /^ {2}([a-z][\w-]*)/.exec(l)?.[1])
  .filter((c): c is string => !!c && c !== 'help');

/** What docs/cli.md says of a command: its synopsis lines and every section headed with its name. */
function documented(command: string): string {
  // a command's synopsis line and the indented lines that carry it on
  const synopsis: string[] = [];
  let mine = false;
  for (const l of (DOC.match(/^```\n([\s\S]*?)\n```/m)?.[1] ?? '').split('\n')) {
    if (l.startsWith('shnor ')) mine = l.startsWith(`shnor ${command} `);
    if (mine) synopsis.push(l);
  }
  const sections = DOC.split(/^## /m).filter((s) => s.startsWith('`' + command));
  return [...synopsis, ...sections].join('\n');
}

test('the help lists the commands of the contract', () => {
  expect(commands).toEqual(expect.arrayContaining(['check', 'identify', 'consolidate', 'template']));
});

test.each(commands)('docs/cli.md documents `%s` and each of its options', (command) => {
  const text = documented(command);
  expect(text).toMatch(new RegExp('^`' + command, 'm'));
  const options = section(help([command]), 'Параметры:')
    .map((l) => /^\s+(?:-\w, )?(--[\w-]+)/.exec(l)?.[1])
    .filter((o): o is string => !!o && o !== '--help');
  expect(options.length).toBeGreaterThan(0);
  const missing = options.filter((o) => !new RegExp(`${o}(?![\\w-])`).test(text));
  expect({ command, missing }).toEqual({ command, missing: [] });
});

test('no «появится позже» for what works', () => {
  expect(DOC).not.toMatch(/появится позже/);
});
