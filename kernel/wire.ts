import { createHmac, randomUUID, timingSafeEqual } from 'crypto';

/**
 * The Jupyter wire protocol (messaging spec 5.3): a multipart ZeroMQ message
 * `[identities..., '<IDS|MSG>', hmac, header, parent_header, metadata, content, buffers...]`,
 * signed with HMAC-SHA256 over the four JSON frames.
 */

export const PROTOCOL_VERSION = '5.3';
const DELIMITER = Buffer.from('<IDS|MSG>');

/** The header of a Jupyter message. */
export interface MessageHeader {
  msg_id: string;
  msg_type: string;
  session: string;
  username: string;
  date: string;
  version: string;
}

/** A decoded Jupyter message (without its routing identities). */
export interface JupyterMessage {
  header: MessageHeader;
  parent_header: Partial<MessageHeader>;
  metadata: Record<string, unknown>;
  content: Record<string, unknown>;
  buffers?: Buffer[];
}

/** A message and the ZeroMQ identities of the peer that sent it (replies go back to them). */
export interface RoutedMessage {
  identities: Buffer[];
  message: JupyterMessage;
}

/** Signs and checks messages with the connection file's key (an empty key disables signing). */
export class Signer {
  private readonly key: string;
  constructor(key: string, private readonly scheme = 'hmac-sha256') {
    this.key = key;
    if (key && scheme !== 'hmac-sha256') throw new Error(`unsupported signature_scheme "${scheme}" (only hmac-sha256)`);
  }

  sign(frames: (string | Buffer)[]): string {
    if (!this.key) return '';
    const hmac = createHmac('sha256', this.key);
    for (const f of frames) hmac.update(f);
    return hmac.digest('hex');
  }

  verify(signature: string, frames: Buffer[]): boolean {
    if (!this.key) return true;
    const expected = Buffer.from(this.sign(frames));
    const got = Buffer.from(signature);
    return expected.length === got.length && timingSafeEqual(expected, got);
  }
}

/** Why an incoming message was rejected. */
export class WireError extends Error {}

/** Decodes and verifies raw frames; throws WireError for a missing delimiter, a bad signature or bad JSON. */
export function decode(frames: Buffer[], signer: Signer): RoutedMessage {
  const at = frames.findIndex((f) => f.equals(DELIMITER));
  if (at < 0) throw new WireError('message has no <IDS|MSG> delimiter');
  if (frames.length < at + 6) throw new WireError(`message has ${frames.length - at - 1} frames after the delimiter, expected at least 5`);
  const signature = frames[at + 1].toString();
  const body = frames.slice(at + 2, at + 6);
  if (!signer.verify(signature, body)) throw new WireError('bad HMAC signature');
  try {
    const [header, parent, metadata, content] = body.map((b) => JSON.parse(b.toString('utf8')));
    return {
      identities: frames.slice(0, at),
      message: { header, parent_header: parent, metadata, content, buffers: frames.slice(at + 6) },
    };
  } catch (e) {
    throw new WireError(`message is not valid JSON: ${(e as Error).message}`);
  }
}

/** Encodes a message into signed frames. */
export function encode(identities: Buffer[], message: JupyterMessage, signer: Signer): (Buffer | string)[] {
  const body = [message.header, message.parent_header, message.metadata, message.content].map((o) => JSON.stringify(o));
  return [...identities, DELIMITER, signer.sign(body), ...body, ...(message.buffers ?? [])];
}

/** A new message of `msgType` in reply to (or caused by) `parent`. */
export function makeMessage(msgType: string, content: Record<string, unknown>, parent: Partial<MessageHeader>,
  session: string, metadata: Record<string, unknown> = {}): JupyterMessage {
  return {
    header: {
      msg_id: randomUUID(),
      msg_type: msgType,
      session,
      username: parent.username ?? 'tsdl',
      date: new Date().toISOString(),
      version: PROTOCOL_VERSION,
    },
    parent_header: parent,
    metadata,
    content,
  };
}
