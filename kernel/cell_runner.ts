// First: the converter's TypeScript, with the checker-reuse hooks, must be loaded before tslab loads it.
import './typescript_loader';
import Module from 'module';
import path from 'path';
import vm from 'vm';
import { MessageChannel, type MessagePort } from 'worker_threads';
import { createConverter, type CompletionInfo, type ConvertResult, type Converter, type SideOutput } from 'tslab/dist/converter';
import { createRequire } from 'tslab/dist/executor';
import { printQuickInfo } from 'tslab/dist/inspect';
import { guardAwaits, RUN_NAME } from './await_guard';
import { diagnosticsError, runtimeError, type CellError } from './cell_error';
import { loadFastConverterModule } from './plain_program';
import { checkerReuseStats } from './checker_reuse';
import { enterCellCode, leaveCellCode, resetSyncState } from './sync_stop';
import { mark, now } from './timing';

/** What a cell's synchronous code returned or threw. */
type SyncOutcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** The outcome of running one cell. */
export type CellOutcome =
  | { status: 'ok'; hasValue: boolean; value?: unknown }
  | { status: 'error'; error: CellError };

/** Thrown inside a cell's code when the cell has been interrupted (at the next `await` or by the signal). */
export class InterruptedError extends Error {
  constructor() {
    super('Execution interrupted by the user');
    this.name = 'KeyboardInterrupt';
  }
}

/**
 * State of one cell run. Cell code finds its run without async context tracking (AsyncLocalStorage would make
 * Node abort when the I/O thread stops a stuck cell through the inspector): the cell's top level gets it as a
 * parameter and every async function notes the run that called it (see `guardAwaits`).
 */
interface CellRun {
  interrupted: boolean;
  stop: (e: InterruptedError) => void;
}

const SIGINT_CODE = 'ERR_SCRIPT_EXECUTION_INTERRUPTED';

/**
 * Runs TypeScript cells with tslab's converter (type-checking against the declarations of earlier cells,
 * top-level await, last expression captured) in this Node context. Variables live in a shared `exports`
 * object so later cells see them. Interrupts stop asynchronous code (the cell's promise is abandoned and every
 * later `await` in its code throws) and synchronous code: by SIGINT (`breakOnSigint`), or, given `syncState`,
 * by the kernel's I/O thread terminating it (see `sync_stop.ts`); the cell's synchronous part then runs in a
 * task of its own, so that termination unwinds nothing of the kernel.
 */
export class CellRunner {
  private readonly converter: Converter;
  private prevDecl = '';
  private readonly locals: Record<string, unknown> = {};
  private readonly sideOutputs = new Map<string, string>();
  private readonly sideModules = new Map<string, Module>();
  private current: CellRun | null = null;
  /** Told when a cell's own code starts and stops running (after its type-check, until it settles). */
  onUserCode: ((running: boolean) => void) | null = null;
  private readonly conversions = new Map<string, ConvertResult>();
  private readonly cacheConversions = process.env.TSDL_NO_CELL_CACHE !== '1';
  /** Where a cell's synchronous part is run from (with `syncState`): a message from `taskPort` to `taskReceiver`. */
  private readonly taskPort: MessagePort | null = null;
  private readonly taskReceiver: MessagePort | null = null;
  private ownTask: (() => void) | null = null;

  constructor(private readonly rootDir: string = process.cwd(), fast = process.env.TSDL_BUILDER_PROGRAM !== '1',
    private readonly syncState: Int32Array | null = null) {
    const started = now();
    if (syncState) {
      const { port1, port2 } = new MessageChannel();
      port2.on('message', () => {
        const task = this.ownTask;
        this.ownTask = null;
        port2.unref();
        task?.();
      });
      port2.unref(); // referenced only while a task is on its way
      this.taskPort = port1;
      this.taskReceiver = port2;
    }
    this.converter = (fast ? loadFastConverterModule().createConverter : createConverter)({ isJS: false, isBrowser: false });
    mark('converter created', started);
    const exportsProxy = this.createExports();
    const req = this.wrapRequire(createRequire(rootDir), rootDir);
    vm.runInThisContext('(x) => { globalThis.__tsdl__ = x; }')({
      exports: exportsProxy,
      require: req,
      /** The run of the cell executing now (null between cells): what an async function called now belongs to. */
      current: (): CellRun | null => this.current,
      /** Passes `value` through, unless `run` has been interrupted: then its code stops here. */
      resume<T>(run: CellRun | null | undefined, value?: T): T | undefined {
        if (run?.interrupted) throw new InterruptedError();
        return value;
      },
    });
  }

  /** Variables defined by cells so far (for tests and tools). */
  get variables(): Readonly<Record<string, unknown>> {
    return this.locals;
  }

  /** Whether a cell is running (including its awaits). */
  get busy(): boolean {
    return this.current !== null;
  }

  /** Stops the running cell, if any. */
  interrupt(): void {
    const run = this.current;
    if (!run || run.interrupted) return;
    run.interrupted = true;
    run.stop(new InterruptedError());
  }

  /** Type-checks, compiles and runs `src`; `cellName` names the cell in stack traces. */
  async run(src: string, cellName: string): Promise<CellOutcome> {
    const started = now();
    const converted = this.convert(src);
    mark(`${cellName} converted (type checkers so far: ${checkerReuseStats.created} made, ${checkerReuseStats.reused} reused)`, started);
    if (converted.diagnostics.length > 0) return { status: 'error', error: diagnosticsError(src, converted.diagnostics) };
    if (!converted.output) {
      this.prevDecl = converted.declOutput ?? '';
      return { status: 'ok', hasValue: false };
    }
    const guarded = guardAwaits(converted.output);
    const body = guarded.code;
    // tslab misses a top-level `for await`; the guard's own parse sees it.
    const isAsync = converted.hasToplevelAwait || guarded.topLevelAwait;
    const prefix = `(${isAsync ? 'async ' : ''}function (exports, require, ${RUN_NAME}) { `;
    const wrapped = `${prefix}${body}\n})(__tsdl__.exports, __tsdl__.require, __tsdl__.current())`;

    let stop!: (e: InterruptedError) => void;
    const stopped = new Promise<never>((_, reject) => { stop = reject; });
    stopped.catch(() => undefined);
    const run: CellRun = { interrupted: false, stop };
    this.current = run;
    this.onUserCode?.(true);
    try {
      let result: unknown;
      if (this.syncState) {
        const outcome = await Promise.race([this.runInOwnTask(wrapped, cellName, run, this.syncState), stopped]);
        if (!outcome.ok) throw outcome.error;
        result = outcome.value;
      } else {
        result = vm.runInThisContext(wrapped, { filename: cellName, breakOnSigint: true });
      }
      if (isAsync) await Promise.race([result, stopped]);
      mark(`${cellName} ran`, started);
    } catch (e) {
      const err = isSigintInterrupt(e) ? new InterruptedError() : e;
      if (err instanceof InterruptedError) {
        return { status: 'error', error: { ename: err.name, evalue: err.message, traceback: [`KeyboardInterrupt: ${err.message}`] } };
      }
      return { status: 'error', error: runtimeError(err, cellName, src, body) };
    } finally {
      this.current = null;
      if (this.syncState) resetSyncState(this.syncState);
      this.onUserCode?.(false);
    }
    this.prevDecl = converted.declOutput ?? '';
    const name = converted.lastExpressionVar;
    if (!name) return { status: 'ok', hasValue: false };
    const value = this.locals[name];
    delete this.locals[name];
    return { status: 'ok', hasValue: true, value };
  }

  /**
   * Runs compiled cell code in a task of its own (a message this runner posts itself), marked in `state` as
   * the code the I/O thread may terminate. If it is terminated the promise never settles: the interrupt that
   * comes with the termination ends the cell.
   */
  private runInOwnTask(code: string, filename: string, run: CellRun, state: Int32Array): Promise<SyncOutcome> {
    return new Promise<SyncOutcome>((resolve) => {
      this.ownTask = () => {
        if (run.interrupted) return;
        let outcome: SyncOutcome;
        enterCellCode(state);
        try {
          outcome = { ok: true, value: vm.runInThisContext(code, { filename }) };
        } catch (error) {
          outcome = { ok: false, error };
        }
        leaveCellCode(state);
        resolve(outcome);
      };
      this.taskReceiver!.ref();
      this.taskPort!.postMessage(0);
    });
  }

  /**
   * tslab's conversion (type-check + compile) of `src` after the current declarations. Re-running a cell
   * with the same declarations in scope gives the same result, so results are kept (up to 64) unless the
   * cell imports project TypeScript files (those may have changed on disk).
   */
  private convert(src: string): ConvertResult {
    const key = `${this.prevDecl}\u0000${src}`;
    const cached = this.conversions.get(key);
    if (cached) return cached;
    const converted = this.converter.convert(this.prevDecl, src);
    if (converted.sideOutputs) this.updateSideOutputs(converted.sideOutputs);
    if (this.cacheConversions && !converted.sideOutputs && this.sideOutputs.size === 0) {
      if (this.conversions.size >= 64) this.conversions.delete(this.conversions.keys().next().value as string);
      this.conversions.set(key, converted);
    }
    return converted;
  }

  /**
   * Type-checks and compiles `src` without running it or keeping the result, so that TypeScript has built the
   * program and checker a cell after the current declarations needs: the kernel does this while it waits for
   * its first cell.
   */
  warmUp(src: string): void {
    try {
      this.converter.convert(this.prevDecl, src);
    } catch {
      // only a speed-up
    }
  }

  /** Completion candidates at `cursor` (offset in `src`). */
  complete(src: string, cursor: number): CompletionInfo {
    return this.converter.complete(this.prevDecl, src, cursor);
  }

  /** Type and documentation of the symbol at `cursor`, as text, or null. */
  inspect(src: string, cursor: number): string | null {
    const info = this.converter.inspect(this.prevDecl, src, cursor);
    return info ? printQuickInfo(info) : null;
  }

  /** Forgets all variables and declarations. */
  reset(): void {
    this.prevDecl = '';
    for (const k of Object.keys(this.locals)) delete this.locals[k];
  }

  close(): void {
    this.converter.close();
    this.taskPort?.close();
    this.taskReceiver?.close();
  }

  /** `exports` of cells: named imports become plain rewritable properties (as tslab does). */
  private createExports(): Record<string, unknown> {
    const locals = this.locals;
    return new Proxy(locals, {
      defineProperty: (_t, prop, attrs) => {
        if (prop === '__esModule') return true;
        (locals as Record<string | symbol, unknown>)[prop] = attrs.get ? attrs.get() : attrs.value;
        return true;
      },
    });
  }

  private updateSideOutputs(outs: SideOutput[]): void {
    for (const out of outs) {
      this.sideModules.delete(out.path);
      this.sideOutputs.set(out.path, out.data);
    }
  }

  /** `require` for cells: TypeScript files imported by cells are compiled by the converter (side outputs). */
  private wrapRequire(req: NodeJS.Require, dirname: string): NodeJS.Require {
    const fromSideOutputs = (id: string): unknown => {
      if (!id.startsWith('.') && !path.isAbsolute(id)) return undefined;
      let filename = path.resolve(dirname, id);
      if (path.extname(filename) === '') filename += '.js';
      const cached = this.sideModules.get(filename);
      if (cached) return cached.exports;
      const code = this.sideOutputs.get(filename);
      if (code === undefined) return undefined;
      const mod = new Module(filename, module) as Module & { _compile(code: string, filename: string): void };
      mod.filename = filename;
      mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(filename));
      mod.require = this.wrapRequire(mod.require as NodeJS.Require, path.dirname(filename));
      this.sideModules.set(filename, mod);
      mod._compile(code, filename);
      return mod.exports;
    };
    return new Proxy(req as NodeJS.Require, {
      apply: (_target, thisArg, args: unknown[]) => {
        if (args.length === 1 && typeof args[0] === 'string') {
          const mod = fromSideOutputs(args[0]);
          if (mod !== undefined) return mod;
        }
        return Reflect.apply(req, thisArg, args);
      },
    });
  }
}

function isSigintInterrupt(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: string }).code === SIGINT_CODE;
}
