import { StringDecoder } from 'string_decoder';

/** Sends one batch of text of a stream (`stdout` or `stderr`). */
export type StreamSend = (name: 'stdout' | 'stderr', text: string) => void;

/**
 * Collects text written to stdout/stderr and sends it in batches: when a batch reaches `maxBatch`
 * characters, `delayMs` after its first text, or on `flush()`. 100,000 printed lines thus arrive complete in a
 * few dozen messages. The kernel runs it in its I/O thread, whose timers keep firing while a cell's
 * synchronous loop holds the main thread.
 */
export class StreamBatcher {
  private buffers = { stdout: '', stderr: '' };
  private order: ('stdout' | 'stderr')[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };

  constructor(private readonly send: StreamSend, private readonly maxBatch = 256 * 1024, private readonly delayMs = 50) {}

  /** Adds text (a string or UTF-8 bytes) to a stream. */
  write(name: 'stdout' | 'stderr', chunk: string | Uint8Array): void {
    const text = typeof chunk === 'string' ? chunk : this.decoders[name].write(Buffer.from(chunk));
    if (text.length === 0) return;
    // Keep the interleaving of stdout and stderr: switching streams flushes the other one first.
    const last = this.order[this.order.length - 1];
    if (last !== undefined && last !== name) this.flushStream(last);
    if (last !== name) this.order.push(name);
    this.buffers[name] += text;
    if (this.buffers[name].length >= this.maxBatch) this.flushStream(name);
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), this.delayMs);
  }

  /** Sends everything buffered. */
  flush(): void {
    if (this.timer) { clearTimeout(this.timer); this.timer = null; }
    for (const name of this.order) this.flushStream(name);
    this.order = [];
  }

  private flushStream(name: 'stdout' | 'stderr'): void {
    const text = this.buffers[name];
    this.buffers[name] = '';
    this.order = this.order.filter((n) => n !== name);
    if (text.length > 0) this.send(name, text);
  }
}
