import type { JupyterMessage, MessageHeader } from './wire';

/** The connection file Jupyter writes for a kernel. */
export interface ConnectionInfo {
  transport: string;
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  key: string;
  signature_scheme?: string;
}

/** Messages from the main thread to the I/O thread. */
export type ToIoThread =
  | { type: 'send'; channel: 'shell' | 'iopub' | 'control' | 'stdin'; identities: Uint8Array[]; message: JupyterMessage }
  /**
   * Text a cell wrote to stdout/stderr. The I/O thread batches it and publishes it every 50 ms, so output keeps
   * arriving while the main thread is busy (a synchronous training loop's prints appear as they happen).
   */
  | { type: 'stream'; name: 'stdout' | 'stderr'; chunk: string | Uint8Array }
  /** The request that later `stream` text belongs to (sent when it changes). */
  | { type: 'streamParent'; header: Partial<MessageHeader> }
  | { type: 'kernelInfo'; content: Record<string, unknown> }
  | { type: 'executing'; msgId: string | null }
  /** Whether a cell's own code is running (not its type-check): when the I/O thread may stop the main thread. */
  | { type: 'userCode'; running: boolean }
  /** The main thread has taken interrupt number `serial` (so it is not stuck). */
  | { type: 'interruptSeen'; serial: number }
  | { type: 'close' };

/** Messages from the I/O thread to the main thread. */
export type FromIoThread =
  | { type: 'ready' }
  | { type: 'fatal'; message: string }
  | { type: 'request'; channel: 'shell' | 'stdin'; identities: Uint8Array[]; message: JupyterMessage }
  /** An interrupt_request; `terminated`: the I/O thread has terminated the cell's synchronous code (see `sync_stop.ts`). */
  | { type: 'interrupt'; msgId: string | null; serial: number; terminated?: boolean }
  | { type: 'shutdown'; restart: boolean };
