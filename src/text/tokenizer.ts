/** A function from a sentence to its tokens. */
export type Tokenizer = (text: string) => string[];

/**
 * The course's word tokenizer: lower-case, drop everything but letters and whitespace, split on
 * whitespace (`re.sub(r'[^a-zA-Z\s]', '', text.lower()).split()`).
 * ```ts
 * text.tokenize("Great acting, wonderful!");   // ['great', 'acting', 'wonderful']
 * ```
 */
export function tokenize(sentence: string): string[] {
  if (typeof sentence !== 'string') throw new Error(`tokenize: expected a string, got ${typeof sentence}`);
  return sentence.toLowerCase().replace(/[^a-z\s]/g, '').split(/\s+/).filter((t) => t.length > 0);
}

const BASIC_ENGLISH: Array<[RegExp, string]> = [
  [/'/g, " '  "],
  [/"/g, ''],
  [/\./g, ' . '],
  [/<br \/>/g, ' '],
  [/,/g, ' , '],
  [/\(/g, ' ( '],
  [/\)/g, ' ) '],
  [/!/g, ' ! '],
  [/\?/g, ' ? '],
  [/;/g, ' '],
  [/:/g, ' '],
  [/\s+/g, ' '],
];

/**
 * A tokenizer by name (torchtext's `get_tokenizer`): 'basic_english' (lower-case, punctuation split
 * off as tokens, as torchtext) or 'words' ({@link tokenize}: letters only).
 * ```ts
 * const tok = text.getTokenizer('basic_english');
 * tok("It's great!");   // ['it', "'", 's', 'great', '!']
 * ```
 */
export function getTokenizer(name: 'basic_english' | 'words'): Tokenizer {
  if (name === 'words') return tokenize;
  if (name === 'basic_english') {
    return (sentence: string) => {
      if (typeof sentence !== 'string') throw new Error(`basic_english tokenizer: expected a string, got ${typeof sentence}`);
      let s = sentence.toLowerCase();
      for (const [pattern, replacement] of BASIC_ENGLISH) s = s.replace(pattern, replacement);
      return s.split(' ').filter((t) => t.length > 0);
    };
  }
  throw new Error(`getTokenizer: unknown tokenizer '${name}', expected 'basic_english' or 'words'`);
}
