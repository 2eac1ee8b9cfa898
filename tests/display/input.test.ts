import { execFileSync } from 'child_process';
import * as path from 'path';
import { afterEach, describe, expect, it } from 'vitest';
import { input, setDisplaySink, type DisplaySink } from '../../display/protocol';

const ROOT = path.resolve(__dirname, '..', '..');

/** Runs `input(prompt)` in a script whose standard input is `stdin`; returns what it printed. */
function script(stdin: string): string {
  const code = `require('./display/protocol').input('Name: ').then((v) => console.log('[' + v + ']'), (e) => console.log('error: ' + e.message));`;
  return execFileSync(process.execPath, ['--import', 'tsx', '-e', code], { cwd: ROOT, input: stdin, encoding: 'utf8', timeout: 30_000 });
}

afterEach(() => setDisplaySink(null));

describe('input()', () => {
  it('asks the kernel’s front end when a kernel sink is installed', async () => {
    const asked: [string, boolean][] = [];
    const sink: DisplaySink = { display: () => undefined, update: () => undefined, clear: () => undefined, input: async (p, pw) => { asked.push([p, pw]); return 'Ada'; } };
    setDisplaySink(sink);
    expect(await input('Name: ')).toBe('Ada');
    expect(await input('Token: ', { password: true })).toBe('Ada');
    expect(asked).toEqual([['Name: ', false], ['Token: ', true]]);
  });

  it('reads a line from the terminal in a script, and says so when input has ended', () => {
    expect(script('Ada Lovelace\nnext line\n')).toBe('Name: [Ada Lovelace]\n');
    expect(script('')).toBe('Name: error: input(): standard input ended before a line was read\n');
  });

  it('rejects a prompt that is not a string', async () => {
    await expect(input(42 as unknown as string)).rejects.toThrow(/prompt must be a string, got number/);
  });
});
