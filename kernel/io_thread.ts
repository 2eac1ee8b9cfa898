/**
 * The kernel's I/O thread. It owns the ZeroMQ sockets so that the heartbeat, the control channel
 * (interrupt_request, shutdown_request) and output publishing keep working while the main thread is busy
 * running a cell, even a synchronous infinite loop. It checks signatures (messages with a bad HMAC are
 * dropped), decodes messages and forwards shell requests to the main thread; the main thread sends back
 * fully formed messages to sign and send.
 */
import fs from 'fs';
import { Session } from 'inspector';
import net from 'net';
import { parentPort, workerData } from 'worker_threads';
import * as zmq from 'zeromq';
import { StreamBatcher } from './stream_batcher';
import { claimTermination, releaseTermination } from './sync_stop';
import { mark } from './timing';
import { decode, encode, makeMessage, Signer, WireError, type JupyterMessage, type MessageHeader, type RoutedMessage } from './wire';
import type { ConnectionInfo, FromIoThread, ToIoThread } from './thread_messages';

const port = parentPort;
if (!port) throw new Error('kernel/io_thread must run in a worker thread');
const connection = (workerData as { connection: ConnectionInfo }).connection;
const signer = new Signer(connection.key, connection.signature_scheme || 'hmac-sha256');
const session = (workerData as { session: string }).session;
/** Set when the main thread lets this thread terminate its cells' synchronous code (see `sync_stop.ts`). */
const syncState = (workerData as { syncState: Int32Array | null }).syncState;
/** The snapshot launcher's pipe, if the kernel has one (see `watchLauncher`). */
const launcherFd = (workerData as { launcherFd?: number | null }).launcherFd ?? null;

const iopub = new zmq.Publisher();
const shell = new zmq.Router();
const control = new zmq.Router();
const stdin = new zmq.Router();
const heartbeat = new zmq.Reply();
const sockets = { shell, control, stdin, iopub } as const;

/** What the main thread told us: kernel_info content, and which execute request is running. */
let kernelInfo: Record<string, unknown> | null = null;
let executingMsgId: string | null = null;
let userCodeRunning = false;
let interruptsSent = 0;
let interruptsSeen = 0;
let mainThreadInspector: Session | null = null;

/** How long the main thread has to take an interrupt before it is considered stuck. */
const STUCK_AFTER_MS = 500;

/**
 * Stops the JavaScript the main thread is running now, through the inspector (V8's terminateExecution): the
 * whole task it is in is unwound. `onFailure` runs if the request could not be made.
 */
function terminateMainThread(onFailure: () => void = () => undefined): void {
  try {
    if (!mainThreadInspector) {
      mainThreadInspector = new Session();
      mainThreadInspector.connectToMainThread();
    }
    const session = mainThreadInspector;
    // Disconnected once the main thread answers (it is running again), so no debugger stays attached.
    session.post('Runtime.terminateExecution', (err) => {
      if (err) onFailure();
      session.disconnect();
      if (mainThreadInspector === session) mainThreadInspector = null;
    });
  } catch (e) {
    process.stderr.write(`tsdl: could not stop the stuck cell: ${(e as Error).message}\n`);
    onFailure();
  }
}

/**
 * Stops the main thread when an interrupt has not reached it: a cell stuck in synchronous code after an
 * `await` (where neither the SIGINT of `breakOnSigint` nor `sync_stop.ts` applies) or in a chain of promise
 * callbacks that never yields to the event loop. Only while the cell's own code runs, never during its
 * type-check. The main thread then goes on with its event loop: it takes the interrupt, and the cell ends with
 * KeyboardInterrupt.
 */
function stopIfStuck(serial: number): void {
  setTimeout(() => {
    if (interruptsSeen >= serial || !userCodeRunning) return;
    terminateMainThread();
  }, STUCK_AFTER_MS).unref();
}

/** iopub sends are queued because a zmq socket allows one pending send at a time. */
const outgoing: { socket: zmq.Publisher | zmq.Router; frames: (Buffer | string)[] }[] = [];
const sending = new Set<zmq.Publisher | zmq.Router>();

function post(msg: FromIoThread): void {
  port!.postMessage(msg);
}

function send(socket: zmq.Publisher | zmq.Router, frames: (Buffer | string)[]): void {
  outgoing.push({ socket, frames });
  void pump(socket);
}

async function pump(socket: zmq.Publisher | zmq.Router): Promise<void> {
  if (sending.has(socket)) return;
  sending.add(socket);
  try {
    for (;;) {
      const i = outgoing.findIndex((o) => o.socket === socket);
      if (i < 0) break;
      const [{ frames }] = outgoing.splice(i, 1);
      try {
        await socket.send(frames);
      } catch (e) {
        process.stderr.write(`tsdl: failed to send a message: ${(e as Error).message}\n`);
      }
    }
  } finally {
    sending.delete(socket);
  }
}

function reply(socket: zmq.Router, request: RoutedMessage, msgType: string, content: Record<string, unknown>): void {
  send(socket, encode(request.identities, makeMessage(msgType, content, request.message.header, session), signer));
}

function publish(message: JupyterMessage): void {
  send(iopub, encode([Buffer.from(message.header.msg_type)], message, signer));
}

/**
 * Cells' stdout/stderr, batched here rather than in the main thread: this thread's timers run while a cell keeps
 * the main thread busy, so prints reach the front end within 50 ms even from a synchronous loop.
 */
let streamParent: Partial<MessageHeader> | null = null;
const streams = new StreamBatcher((name, text) => {
  if (streamParent) publish(makeMessage('stream', { name, text }, streamParent, session));
});

function publishStatus(state: 'busy' | 'idle', parent: JupyterMessage): void {
  publish(makeMessage('status', { execution_state: state }, parent.header, session));
}

function receive(frames: Buffer[], channel: string): RoutedMessage | null {
  try {
    return decode(frames, signer);
  } catch (e) {
    if (e instanceof WireError) {
      process.stderr.write(`tsdl: dropped a ${channel} message: ${e.message}\n`);
      return null;
    }
    throw e;
  }
}

/** An interrupt_request, or a SIGINT the launcher passed on. */
function interrupt(): void {
  const serial = ++interruptsSent;
  if (syncState && claimTermination(syncState)) {
    // A cell's synchronous code is running: stop it now. The message, taken once it has stopped, ends the cell.
    post({ type: 'interrupt', msgId: executingMsgId, serial, terminated: true });
    terminateMainThread(() => releaseTermination(syncState));
    return;
  }
  // The signal stops a synchronous loop (vm breakOnSigint) where the main thread relies on it; the message stops
  // awaits of async code; if the main thread cannot even take the message, stopIfStuck ends it.
  if (!syncState) process.kill(process.pid, 'SIGINT');
  post({ type: 'interrupt', msgId: executingMsgId, serial });
  stopIfStuck(serial);
}

/**
 * The snapshot launcher's pipe: an `interrupt` line is a client's SIGINT passed on; its end means the launcher is
 * gone, and the kernel stops as abruptly (a normal exit would tear down this thread's sockets mid-use).
 */
function watchLauncher(fd: number): void {
  const pipe = new net.Socket({ fd, readable: true, writable: false });
  let pending = '';
  pipe.setEncoding('utf8');
  pipe.on('data', (chunk: string) => {
    pending += chunk;
    for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
      if (pending.slice(0, end) === 'interrupt') interrupt();
      pending = pending.slice(end + 1);
    }
  });
  const stop = (): void => { process.kill(process.pid, 'SIGKILL'); };
  pipe.on('end', stop);
  pipe.on('close', stop);
  pipe.on('error', stop);
}

function handleControl(request: RoutedMessage): void {
  const { message } = request;
  publishStatus('busy', message);
  switch (message.header.msg_type) {
    case 'interrupt_request':
      interrupt();
      reply(control, request, 'interrupt_reply', { status: 'ok' });
      break;
    case 'shutdown_request': {
      const restart = Boolean(message.content.restart);
      reply(control, request, 'shutdown_reply', { status: 'ok', restart });
      post({ type: 'shutdown', restart });
      // If the main thread is stuck in a loop it cannot exit by itself.
      setTimeout(() => process.kill(process.pid, 'SIGKILL'), 2000).unref();
      break;
    }
    case 'kernel_info_request':
      if (kernelInfo) reply(control, request, 'kernel_info_reply', kernelInfo);
      break;
    default:
      process.stderr.write(`tsdl: unsupported control message ${message.header.msg_type}\n`);
  }
  publishStatus('idle', message);
}

async function serve(socket: zmq.Router, channel: 'shell' | 'control' | 'stdin'): Promise<void> {
  for await (const frames of socket) {
    const request = receive(frames, channel);
    if (!request) continue;
    if (channel === 'control') handleControl(request);
    else post({ type: 'request', channel, identities: request.identities, message: request.message });
  }
}

async function echoHeartbeat(): Promise<void> {
  for await (const frames of heartbeat) await heartbeat.send(frames);
}

port.on('message', (msg: ToIoThread) => {
  switch (msg.type) {
    case 'stream':
      streams.write(msg.name, msg.chunk);
      break;
    case 'streamParent':
      streams.flush();
      streamParent = msg.header;
      break;
    case 'send': {
      // Whatever a cell printed before this message goes out before it.
      streams.flush();
      const identities = msg.identities.map((b) => Buffer.from(b));
      if (msg.channel === 'iopub') publish(msg.message);
      else send(sockets[msg.channel], encode(identities, msg.message, signer));
      break;
    }
    case 'kernelInfo':
      kernelInfo = msg.content;
      break;
    case 'executing':
      executingMsgId = msg.msgId;
      break;
    case 'userCode':
      userCodeRunning = msg.running;
      break;
    case 'interruptSeen':
      interruptsSeen = Math.max(interruptsSeen, msg.serial);
      break;
    case 'close':
      streams.flush();
      for (const s of [iopub, shell, control, stdin, heartbeat]) s.close();
      break;
  }
});

async function main(): Promise<void> {
  const address = (p: number): string => `${connection.transport}://${connection.ip}:${p}`;
  await Promise.all([
    iopub.bind(address(connection.iopub_port)),
    shell.bind(address(connection.shell_port)),
    control.bind(address(connection.control_port)),
    stdin.bind(address(connection.stdin_port)),
    heartbeat.bind(address(connection.hb_port)),
  ]);
  void serve(shell, 'shell');
  void serve(control, 'control');
  void serve(stdin, 'stdin');
  void echoHeartbeat();
  if (launcherFd !== null) watchLauncher(launcherFd);
  mark('I/O thread: sockets bound');
  post({ type: 'ready' });
}

main().catch((e: Error) => {
  // fs.writeSync: a worker's process.stderr goes through the main thread, which sends it to the notebook.
  try { fs.writeSync(2, `tsdl: cannot bind kernel sockets: ${e.stack ?? e.message}\n`); } catch { /* stderr closed */ }
  post({ type: 'fatal', message: e.message });
});
