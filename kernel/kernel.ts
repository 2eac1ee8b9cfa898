/**
 * The tsdl kernel's main thread: runs cells and answers shell requests in order. Sockets live in the I/O
 * thread (`io_thread.ts`), which forwards requests here and sends what this thread produces.
 */
import fs from 'fs';
import path from 'path';
import { randomUUID } from 'crypto';
import { Worker } from 'worker_threads';
import { isDisplayHandle, setDisplaySink, toMimeBundle, type DisplayOutput } from '../display/protocol';
import { CellRunner, InterruptedError } from './cell_runner';
import type { CellError } from './cell_error';
import { History, type HistoryRequest } from './history';
import { checkCompleteness } from './is_complete';
import { minimalPreludeSource, preludeSource, PROJECT_ROOT } from './prelude';
import { buildSnapshotInBackground } from './snapshot/launch';
import { runningFromSnapshot, snapshotUse } from './snapshot/declarations';
import { IdleWarmUp, warmUpConversions } from './idle_warm_up';
import { createSyncState, syncStopMode } from './sync_stop';
import { closeAbandonedTfScopes, type TfjsEngineOwner } from './tf_scopes';
import { mark, now } from './timing';
import type { ConnectionInfo, FromIoThread, ToIoThread } from './thread_messages';
import { makeMessage, PROTOCOL_VERSION, type JupyterMessage } from './wire';

type Request = Extract<FromIoThread, { type: 'request' }>;

/** Declaration files changed since the start-up snapshot was made beyond which it is remade. */
const STALE_DECLARATIONS_FOR_REBUILD = 20;

/** Writes kernel diagnostics to the real stderr (bypassing the cell output capture). */
function log(text: string): void {
  try { fs.writeSync(2, `tsdl: ${text}\n`); } catch { /* stderr closed */ }
}

function version(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/** Runs the kernel for a connection file until shutdown. */
/** The mime bundle of inspected documentation (a TypeScript block in Markdown). */
function documentation(text: string): Record<string, string> {
  return { 'text/plain': text, 'text/markdown': '```typescript\n' + text + '\n```' };
}

/** The name asked about by a help cell (`tf.matMul?`, `nn.Linear??`), or null for ordinary code. */
export function helpQuery(code: string): string | null {
  const m = /^\s*([A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*)\s*\?{1,2}\s*$/.exec(code);
  return m ? m[1].replace(/\s+/g, '') : null;
}

/**
 * `launcherFd`: the pipe from the snapshot launcher (`snapshot/launch.ts`), which passes a client's SIGINT on as
 * an `interrupt` line; the kernel exits when the launcher is gone.
 */
export async function startKernel(connectionFile: string, { launcherFd = null }: { launcherFd?: number | null } = {}): Promise<void> {
  const connection = JSON.parse(fs.readFileSync(connectionFile, 'utf8')) as ConnectionInfo;
  const kernel = new Kernel(connection, launcherFd);
  await kernel.start();
}


class Kernel {
  private readonly session = randomUUID();
  private readonly io: Worker;
  private readonly runner: CellRunner;
  private readonly history = new History();
  /** The request whose output parent the I/O thread was last told of, for stream text. */
  private streamParent: JupyterMessage | null = null;
  private executionCount = 0;
  /** The request outputs are attributed to: the running cell, or the last one (for timers). */
  private outputParent: JupyterMessage | null = null;
  private executingMsgId: string | null = null;
  private readonly queue: Request[] = [];
  private draining = false;
  private preludeDone: Promise<void> = Promise.resolve();
  private backend = 'unknown';
  /** Made-up cells type-checked while the kernel is idle (see `idle_warm_up.ts`). */
  private readonly warmUp: IdleWarmUp;
  private readonly realExit = process.exit.bind(process);

  constructor(connection: ConnectionInfo, launcherFd: number | null = null) {
    // Interrupts that reach the I/O thread (by message, or by signal through the launcher) let it stop synchronous
    // code itself, with no SIGINT watchdog (see sync_stop.ts).
    const syncState = syncStopMode(process.env, launcherFd !== null) === 'terminate' ? createSyncState() : null;
    this.io = new Worker(path.join(__dirname, 'io_thread.js'), {
      workerData: { connection, session: this.session, syncState, launcherFd },
    });
    this.runner = new CellRunner(process.cwd(), undefined, syncState);
    this.warmUp = new IdleWarmUp((src) => {
      const started = now();
      this.runner.warmUp(src);
      mark(`warm-up cell ${this.warmUp.conversions} converted`, started);
    }, () => !this.draining && this.queue.length === 0 && !this.runner.busy,
    { total: warmUpConversions(process.env.TSDL_WARM_UP) });
    this.runner.onUserCode = (running) => this.post({ type: 'userCode', running });
  }

  async start(): Promise<void> {
    this.captureProcess();
    this.io.on('message', (msg: FromIoThread) => this.onIoMessage(msg));
    this.io.on('error', (e) => { log(`I/O thread failed: ${e.stack ?? e.message}`); this.realExit(1); });
    await new Promise<void>((resolve, reject) => {
      const onReady = (msg: FromIoThread): void => {
        if (msg.type === 'ready') { this.io.off('message', onReady); mark('I/O thread ready'); resolve(); }
        if (msg.type === 'fatal') reject(new Error(msg.message));
      };
      this.io.on('message', onReady);
    });
    this.preludeDone = this.runPrelude();
  }

  private async runPrelude(): Promise<void> {
    const started = now();
    const source = preludeSource();
    mark('prelude modules loaded', started);
    let outcome = await this.runner.run(source, 'prelude');
    if (outcome.status === 'error') {
      log(`prelude failed, preloading tf and display only: ${outcome.error.evalue}\n${outcome.error.traceback.join('\n')}`);
      outcome = await this.runner.run(minimalPreludeSource(), 'prelude');
      if (outcome.status === 'error') log(`minimal prelude failed too: ${outcome.error.evalue}`);
    }
    this.backend = this.tf()?.getBackend() ?? 'none';
    this.ownProcessHandlers();
    this.post({ type: 'kernelInfo', content: this.kernelInfo() });
    mark('prelude done');
    this.warmUp.resume();
    // Without a snapshot, or with one many of whose declarations changed since, make one for the next start.
    if (!runningFromSnapshot() || snapshotUse().stale > STALE_DECLARATIONS_FOR_REBUILD) buildSnapshotInBackground();
  }

  /** The TensorFlow.js the prelude loaded (null when it is missing). */
  private tf(): TfjsEngineOwner | null {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return require(path.join(PROJECT_ROOT, 'node_modules', '@tensorflow', 'tfjs')) as TfjsEngineOwner;
    } catch {
      return null;
    }
  }

  private post(msg: ToIoThread): void {
    this.io.postMessage(msg);
  }

  private publish(msgType: string, content: Record<string, unknown>, parent = this.outputParent, metadata: Record<string, unknown> = {}): void {
    if (!parent) return;
    this.post({ type: 'send', channel: 'iopub', identities: [], message: makeMessage(msgType, content, parent.header, this.session, metadata) });
  }

  /** Hands text written to stdout/stderr to the I/O thread, which batches and publishes it (to the latest cell). */
  private writeStream(name: 'stdout' | 'stderr', chunk: string | Uint8Array): void {
    const parent = this.outputParent;
    if (!parent) return;
    if (parent !== this.streamParent) {
      this.post({ type: 'streamParent', header: parent.header });
      this.streamParent = parent;
    }
    // Bytes are copied: posting a view of Node's pooled buffers would copy the whole pool.
    this.post({ type: 'stream', name, chunk: typeof chunk === 'string' ? chunk : chunk.slice() });
  }

  private reply(request: Request, msgType: string, content: Record<string, unknown>, metadata: Record<string, unknown> = {}): void {
    const message = makeMessage(msgType, content, request.message.header, this.session, metadata);
    this.post({ type: 'send', channel: request.channel, identities: request.identities, message });
  }

  private onIoMessage(msg: FromIoThread): void {
    switch (msg.type) {
      case 'request':
        if (msg.channel === 'stdin') {
          this.onStdin(msg);
          break;
        }
        this.queue.push(msg);
        this.warmUp.activity();
        void this.drain();
        break;
      case 'interrupt':
        this.post({ type: 'interruptSeen', serial: msg.serial });
        if (msg.terminated || (msg.msgId !== null && msg.msgId === this.executingMsgId)) this.interruptCell();
        break;
      case 'shutdown':
        this.shutdown();
        break;
      default:
        break;
    }
  }

  /** The `input()` call waiting for the front end's `input_reply`, if any. */
  private pendingInput: { resolve(value: string): void; reject(err: Error): void } | null = null;
  /** The execute request being run (whose front end gets `input_request`s). */
  private executingRequest: Request | null = null;

  /** Sends an `input_request` on the stdin channel for the running cell and waits for its reply. */
  private requestInput(prompt: string, password: boolean): Promise<string> {
    const request = this.executingRequest;
    if (request === null) return Promise.reject(new Error('input() can only be used while a cell runs'));
    if (request.message.content.allow_stdin !== true) {
      return Promise.reject(new Error('input(): this front end does not accept input (its execute_request has allow_stdin: false), '
        + 'as when a notebook is run by nbconvert or nbclient. Set the value in the code instead.'));
    }
    if (this.pendingInput !== null) return Promise.reject(new Error('input(): another input() is already waiting for an answer; await it first'));
    return new Promise<string>((resolve, reject) => {
      const settle = () => { this.pendingInput = null; };
      this.pendingInput = {
        resolve: (value) => { settle(); resolve(value); },
        reject: (err) => { settle(); reject(err); },
      };
      const message = makeMessage('input_request', { prompt, password }, request.message.header, this.session);
      this.post({ type: 'send', channel: 'stdin', identities: request.identities, message });
    });
  }

  /** Stops the running cell, and an `input()` it waits on. */
  private interruptCell(): void {
    this.pendingInput?.reject(new InterruptedError());
    this.runner.interrupt();
  }

  /** Replies on the stdin channel: the `input_reply` a pending `input()` waits for. */
  private onStdin(request: Request): void {
    if (request.message.header.msg_type !== 'input_reply') {
      log(`unexpected stdin message ${request.message.header.msg_type}`);
      return;
    }
    const pending = this.pendingInput;
    if (pending === null) {
      log('input_reply with no input() waiting');
      return;
    }
    pending.resolve(String(request.message.content.value ?? ''));
  }

  private shutdown(): void {
    this.warmUp.stop();
    try { this.runner.close(); } catch { /* already closed */ }
    this.post({ type: 'close' });
    setTimeout(() => this.realExit(0), 100);
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      await this.preludeDone;
      while (this.queue.length > 0) {
        const request = this.queue.shift()!;
        try {
          await this.handle(request);
        } catch (e) {
          log(`error handling ${request.message.header.msg_type}: ${(e as Error).stack ?? e}`);
        }
      }
    } finally {
      this.draining = false;
      this.warmUp.activity();
      this.warmUp.resume();
    }
  }

  private async handle(request: Request): Promise<void> {
    const { message } = request;
    const type = message.header.msg_type;
    const statusParent = message;
    const started = now();
    mark(`${type} taken`);
    this.publish('status', { execution_state: 'busy' }, statusParent);
    try {
      switch (type) {
        case 'kernel_info_request': this.reply(request, 'kernel_info_reply', this.kernelInfo()); break;
        case 'execute_request': await this.execute(request); break;
        case 'complete_request': this.reply(request, 'complete_reply', this.complete(message.content)); break;
        case 'inspect_request': this.reply(request, 'inspect_reply', this.inspect(message.content)); break;
        case 'is_complete_request': this.reply(request, 'is_complete_reply', checkCompleteness(String(message.content.code ?? ''))); break;
        case 'history_request':
          this.reply(request, 'history_reply', { status: 'ok', history: this.history.query(message.content as HistoryRequest) });
          break;
        case 'comm_info_request': this.reply(request, 'comm_info_reply', { status: 'ok', comms: {} }); break;
        case 'comm_open': case 'comm_msg': case 'comm_close': break;
        case 'shutdown_request':
          this.reply(request, 'shutdown_reply', { status: 'ok', restart: Boolean(message.content.restart) });
          setImmediate(() => this.shutdown());
          break;
        default:
          log(`unsupported shell message ${type}`);
      }
    } finally {
      this.publish('status', { execution_state: 'idle' }, statusParent);
      mark(`${type} answered`, started);
    }
  }

  kernelInfo(): Record<string, unknown> {
    return {
      status: 'ok',
      protocol_version: PROTOCOL_VERSION,
      implementation: 'tsdl',
      implementation_version: version(),
      language_info: {
        name: 'typescript',
        version: require('typescript/package.json').version as string,
        mimetype: 'text/typescript',
        file_extension: '.ts',
        codemirror_mode: { name: 'javascript', typescript: true, mode: 'typescript' },
        pygments_lexer: 'typescript',
      },
      banner: `tsdl ${version()}: TypeScript deep learning kernel (Node ${process.version}, tfjs backend: ${this.backend})`,
      help_links: [{ text: 'TensorFlow.js API', url: 'https://js.tensorflow.org/api/latest/' }],
    };
  }

  private async execute(request: Request): Promise<void> {
    const content = request.message.content;
    const code = String(content.code ?? '');
    const silent = Boolean(content.silent);
    const storeHistory = silent ? false : content.store_history !== false;
    if (storeHistory) this.executionCount++;
    const count = this.executionCount;
    this.outputParent = request.message;
    if (!silent) this.publish('execute_input', { code, execution_count: count });
    if (storeHistory) this.history.add(count, code);
    const help = helpQuery(code);
    if (help !== null) {
      this.replyWithHelp(request, help, count, silent);
      return;
    }
    this.executingMsgId = request.message.header.msg_id;
    this.executingRequest = request;
    this.post({ type: 'executing', msgId: this.executingMsgId });

    const outcome = await this.runner.run(code, `cell[${count}]`);
    this.executingRequest = null;
    this.pendingInput?.reject(new Error('input(): the cell ended before an answer came'));
    this.ownProcessHandlers();
    if (outcome.status === 'error' && outcome.error.ename === 'KeyboardInterrupt') closeAbandonedTfScopes(this.tf());

    this.executingMsgId = null;
    this.post({ type: 'executing', msgId: null });
    let error: CellError | null = outcome.status === 'error' ? outcome.error : null;
    let result: DisplayOutput | null = null;
    if (outcome.status === 'ok' && outcome.hasValue && outcome.value !== undefined && !isDisplayHandle(outcome.value)) {
      try {
        result = toMimeBundle(outcome.value);
      } catch (e) {
        error = { ename: 'DisplayError', evalue: (e as Error).message, traceback: [`DisplayError: ${(e as Error).message}`] };
      }
    }
    if (outcome.status === 'ok' && !silent) this.showUnshownFigures(outcome.hasValue ? outcome.value : undefined);
    if (result && !silent) {
      this.publish('execute_result', { execution_count: count, data: result.data, metadata: result.metadata });
      if (storeHistory) this.history.setOutput(count, String(result.data['text/plain']));
    }
    if (error) {
      this.publish('error', { ...error });
      this.reply(request, 'execute_reply', { status: 'error', execution_count: count, ...error }, { status: 'error' });
      if (content.stop_on_error !== false) this.abortQueuedExecutions();
      return;
    }
    this.reply(request, 'execute_reply', { status: 'ok', execution_count: count, payload: [], user_expressions: this.userExpressions(content.user_expressions) }, { status: 'ok' });
  }

  /**
   * Like matplotlib-inline: figures a cell drew with `plt` but did not show are displayed when it ends (the cell's
   * own value excepted, which becomes its execute_result). Only when the plot module is already loaded.
   */
  private showUnshownFigures(cellValue: unknown): void {
    let pyplot: { takeUnshownFigures(): unknown[] } | undefined;
    try {
      const cached = require.cache[require.resolve('../display/plot/pyplot')];
      pyplot = cached?.exports as typeof pyplot;
    } catch {
      return;
    }
    if (!pyplot || typeof pyplot.takeUnshownFigures !== 'function') return;
    for (const fig of pyplot.takeUnshownFigures()) {
      if (fig === cellValue) continue;
      try {
        const out = toMimeBundle(fig);
        this.publish('display_data', { data: out.data, metadata: out.metadata, transient: {} });
      } catch (e) {
        this.publish('stream', { name: 'stderr', text: `tsdl: cannot display a figure: ${(e as Error).message}\n` });
      }
    }
  }

  /** After an error, queued execute requests are answered `aborted` without running (like IPython). */
  private abortQueuedExecutions(): void {
    const keep: Request[] = [];
    for (const r of this.queue) {
      if (r.message.header.msg_type !== 'execute_request') { keep.push(r); continue; }
      this.publish('status', { execution_state: 'busy' }, r.message);
      this.reply(r, 'execute_reply', { status: 'aborted', execution_count: this.executionCount }, { status: 'aborted' });
      this.publish('status', { execution_state: 'idle' }, r.message);
    }
    this.queue.length = 0;
    this.queue.push(...keep);
  }

  /** user_expressions are evaluated by name lookup among the cells' variables (no code execution). */
  private userExpressions(expressions: unknown): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (typeof expressions !== 'object' || expressions === null) return out;
    for (const [key, expr] of Object.entries(expressions as Record<string, string>)) {
      const vars = this.runner.variables;
      if (Object.prototype.hasOwnProperty.call(vars, expr)) {
        const b = toMimeBundle(vars[expr]);
        out[key] = { status: 'ok', data: b.data, metadata: b.metadata };
      } else {
        out[key] = { status: 'error', ename: 'NameError', evalue: `${expr} is not defined`, traceback: [] };
      }
    }
    return out;
  }

  /**
   * `name?` / `name??` (IPython's help syntax): the name's type and documentation go to the front end's
   * pager (an execute_reply `page` payload, shown by Notebook/Lab below the cell); nothing is executed.
   */
  private replyWithHelp(request: Request, name: string, count: number, silent: boolean): void {
    const found = this.inspectText(name, name.length);
    // The checker describes a name it cannot resolve as a bare `any`.
    const text = found === null || found.trim() === 'any' ? null : found;
    if (text === null) {
      if (!silent) this.writeStream('stdout', `Object \`${name}\` not found.\n`);
        this.reply(request, 'execute_reply', { status: 'ok', execution_count: count, payload: [], user_expressions: {} }, { status: 'ok' });
      return;
    }
    const page = { source: 'page', data: documentation(text), start: 0 };
    this.reply(request, 'execute_reply', { status: 'ok', execution_count: count, payload: [page], user_expressions: {} }, { status: 'ok' });
  }

  private complete(content: Record<string, unknown>): Record<string, unknown> {
    const code = String(content.code ?? '');
    const cursor = clampCursor(content.cursor_pos, code);
    try {
      const info = this.runner.complete(code, cursor);
      return { status: 'ok', matches: info.candidates, cursor_start: info.start, cursor_end: info.end, metadata: {} };
    } catch (e) {
      log(`completion failed: ${(e as Error).message}`);
      return { status: 'ok', matches: [], cursor_start: cursor, cursor_end: cursor, metadata: {} };
    }
  }

  /** The type and documentation at `cursor` in `code` (or just before it), or null. */
  private inspectText(code: string, cursor: number): string | null {
    try {
      return this.runner.inspect(code, cursor) ?? (cursor > 0 ? this.runner.inspect(code, cursor - 1) : null) ?? null;
    } catch (e) {
      log(`inspection failed: ${(e as Error).message}`);
      return null;
    }
  }

  private inspect(content: Record<string, unknown>): Record<string, unknown> {
    const code = String(content.code ?? '');
    const cursor = clampCursor(content.cursor_pos, code);
    const text = this.inspectText(code, cursor);
    if (!text) return { status: 'ok', found: false, data: {}, metadata: {} };
    return { status: 'ok', found: true, data: documentation(text), metadata: {} };
  }

  /** Routes stdout/stderr, display output, process.exit and stray errors of user code to the notebook. */
  private captureProcess(): void {
    const writer = (name: 'stdout' | 'stderr') => (chunk: string | Uint8Array, encodingOrCb?: unknown, cb?: unknown): boolean => {
      this.writeStream(name, chunk);
      const done = typeof encodingOrCb === 'function' ? encodingOrCb : cb;
      if (typeof done === 'function') process.nextTick(done as () => void);
      return true;
    };
    process.stdout.write = writer('stdout') as typeof process.stdout.write;
    process.stderr.write = writer('stderr') as typeof process.stderr.write;
    setDisplaySink({
      display: (out, displayId) => this.publish('display_data', { data: out.data, metadata: out.metadata, transient: { display_id: displayId } }),
      update: (out, displayId) => this.publish('update_display_data', { data: out.data, metadata: out.metadata, transient: { display_id: displayId } }),
      clear: (wait) => this.publish('clear_output', { wait }),
      input: (prompt, password) => this.requestInput(prompt, password),
    });
    const exit = (code?: number): never => {
      throw new Error(`process.exit(${code ?? ''}) is disabled in the kernel: it would kill the kernel and lose every variable. `
        + 'To stop a cell, throw an error or use the Interrupt button; to start fresh, use Kernel > Restart.');
    };
    process.exit = exit as typeof process.exit;
    process.on('SIGINT', () => this.interruptCell());
    this.onRejection = (reason: unknown): void => {
      if (reason instanceof InterruptedError) return;
      this.reportStray('Unhandled promise rejection', reason);
    };
    this.onException = (err: Error): void => {
      if (err instanceof InterruptedError) return;
      this.reportStray('Uncaught exception (in a timer or callback)', err);
    };
    this.ownProcessHandlers();
  }

  private onRejection: (reason: unknown) => void = () => undefined;
  private onException: (err: Error) => void = () => undefined;

  /**
   * Keeps our handlers the only ones for stray errors: some packages (Emscripten builds such as the tfjs
   * wasm backend) install an uncaughtException handler that rethrows, which would kill the kernel.
   */
  private ownProcessHandlers(): void {
    for (const [event, handler] of [['unhandledRejection', this.onRejection], ['uncaughtException', this.onException]] as const) {
      const others = process.listeners(event as 'uncaughtException').filter((l) => l !== handler);
      for (const l of others) process.off(event as 'uncaughtException', l);
      if (!process.listeners(event as 'uncaughtException').includes(handler as never)) process.on(event as 'uncaughtException', handler as never);
    }
  }

  /** Errors outside a cell's own flow (timers, forgotten promises) go to stderr of the latest cell. */
  private reportStray(what: string, reason: unknown): void {
    const detail = reason instanceof Error ? (reason.stack ?? `${reason.name}: ${reason.message}`) : String(reason);
    this.writeStream('stderr', `${what}: ${detail}\n`);
  }
}

function clampCursor(cursor: unknown, code: string): number {
  const n = typeof cursor === 'number' && Number.isFinite(cursor) ? Math.floor(cursor) : code.length;
  return Math.max(0, Math.min(code.length, n));
}

