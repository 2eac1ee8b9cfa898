import { Tokenizer, tokenize } from './tokenizer';

/** Options of {@link buildVocab}. */
export interface BuildVocabOptions {
  /** Keep tokens seen at least this often (default 1). */
  minFreq?: number;
  /** Reserved tokens placed first (default ['<pad>', '<unk>'], so pad = 0, unk = 1). */
  specials?: string[];
  /** Keep at most this many tokens besides the specials (most frequent first). */
  maxTokens?: number;
  /** Splits sentences when given strings (default {@link tokenize}). */
  tokenizer?: Tokenizer;
}

/**
 * A token ↔ index mapping (torchtext's `Vocab`). Unknown tokens map to the `<unk>` index.
 * ```ts
 * const vocab = text.buildVocab(texts, { minFreq: 1 });
 * vocab.encode('a great movie', { maxLen: 10 });   // 10 indices, padded with vocab.padIndex
 * ```
 */
export class Vocab {
  /** Tokens by index. */
  readonly itos: string[];
  /** Index by token. */
  readonly stoi: Map<string, number>;
  readonly padToken: string;
  readonly unkToken: string;
  private readonly tokenizer: Tokenizer;

  constructor(tokens: string[], options: { padToken?: string; unkToken?: string; tokenizer?: Tokenizer } = {}) {
    this.itos = tokens.slice();
    this.stoi = new Map(tokens.map((t, i) => [t, i] as [string, number]));
    if (this.stoi.size !== tokens.length) throw new Error('Vocab: tokens must be distinct');
    this.padToken = options.padToken ?? '<pad>';
    this.unkToken = options.unkToken ?? '<unk>';
    this.tokenizer = options.tokenizer ?? tokenize;
  }

  get length(): number {
    return this.itos.length;
  }

  /** Index of `<pad>` (-1 if absent). */
  get padIndex(): number {
    return this.stoi.get(this.padToken) ?? -1;
  }

  /** Index of `<unk>` (-1 if absent). */
  get unkIndex(): number {
    return this.stoi.get(this.unkToken) ?? -1;
  }

  has(token: string): boolean {
    return this.stoi.has(token);
  }

  /** Index of `token`, or the `<unk>` index; an error when there is no `<unk>`. */
  get(token: string): number {
    const i = this.stoi.get(token);
    if (i !== undefined) return i;
    if (this.unkIndex < 0) throw new Error(`Vocab: token '${token}' is not in the vocabulary and there is no '${this.unkToken}' token`);
    return this.unkIndex;
  }

  lookupIndices(tokens: string[]): number[] {
    return tokens.map((t) => this.get(t));
  }

  lookupTokens(indices: number[]): string[] {
    return indices.map((i) => {
      if (!Number.isInteger(i) || i < 0 || i >= this.length) throw new Error(`Vocab: index ${i} out of range 0..${this.length - 1}`);
      return this.itos[i];
    });
  }

  /** Tokenizes `sentence` and maps it to indices, padded/truncated to `maxLen` when given. */
  encode(sentence: string, options: { maxLen?: number } = {}): number[] {
    const ids = this.lookupIndices(this.tokenizer(sentence));
    if (options.maxLen === undefined) return ids;
    return padTruncate(ids, options.maxLen, this.padIndex < 0 ? 0 : this.padIndex);
  }
}

/**
 * Counts tokens over `corpus` (sentences, tokenized with `tokenizer`, or token lists) and builds a
 * {@link Vocab}: specials first, then tokens with count >= minFreq by decreasing count (ties
 * alphabetical, as torchtext's `build_vocab_from_iterator`).
 */
export function buildVocab(corpus: Iterable<string | string[]>, options: BuildVocabOptions = {}): Vocab {
  const { minFreq = 1, specials = ['<pad>', '<unk>'], tokenizer = tokenize } = options;
  if (!Number.isInteger(minFreq) || minFreq < 1) throw new Error(`buildVocab: minFreq should be a positive integer, got ${minFreq}`);
  const counts = new Map<string, number>();
  for (const item of corpus) {
    const tokens = typeof item === 'string' ? tokenizer(item) : item;
    if (!Array.isArray(tokens)) throw new Error('buildVocab: corpus items should be strings or arrays of tokens');
    for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  let kept = [...counts.entries()]
    .filter(([t, c]) => c >= minFreq && !specials.includes(t))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([t]) => t);
  if (options.maxTokens !== undefined) kept = kept.slice(0, Math.max(0, options.maxTokens));
  return new Vocab([...specials, ...kept], { padToken: specials[0] ?? '<pad>', unkToken: specials[1] ?? '<unk>', tokenizer });
}

/**
 * Pads with `padValue` at the end, or truncates, to exactly `length` items.
 * ```ts
 * text.padTruncate([5, 6], 4);   // [5, 6, 0, 0]
 * ```
 */
export function padTruncate(ids: number[], length: number, padValue = 0): number[] {
  if (!Number.isInteger(length) || length < 0) throw new Error(`padTruncate: length should be a non-negative integer, got ${length}`);
  return ids.length >= length ? ids.slice(0, length) : [...ids, ...new Array<number>(length - ids.length).fill(padValue)];
}
