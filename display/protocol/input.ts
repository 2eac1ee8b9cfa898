import * as readline from 'readline';
import { currentSink } from './sink';

/** Options of `input`. */
export interface InputOptions {
  /** Hide what is typed (the front end shows a password box), like Python's `getpass`. */
  password?: boolean;
}

/**
 * Asks the person running the notebook for a line of text, like Python's `input()`; await it.
 * In the kernel the front end shows an input box under the cell (Jupyter's stdin channel); in a script
 * it reads a line from the terminal. Interrupting the cell while it waits stops it.
 *
 * ```ts
 * const name = await input('Your name: ');
 * const epochs = Number(await input('Epochs? '));
 * const token = await input('Token: ', { password: true });
 * ```
 * @throws Error when the front end does not accept input (e.g. a notebook run by nbconvert/nbclient).
 */
export async function input(prompt = '', options: InputOptions = {}): Promise<string> {
  if (typeof prompt !== 'string') throw new TypeError(`input(prompt): prompt must be a string, got ${typeof prompt}`);
  const sink = currentSink();
  if (sink?.input) return sink.input(prompt, options.password === true);
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: false });
  try {
    return await new Promise<string>((resolve, reject) => {
      rl.question(prompt, resolve);
      rl.once('close', () => reject(new Error('input(): standard input ended before a line was read')));
    });
  } finally {
    rl.close();
  }
}
