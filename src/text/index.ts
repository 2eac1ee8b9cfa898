/**
 * `text` — turning sentences into index sequences: tokenizers, a vocabulary with minimum frequency
 * and `<pad>`/`<unk>` tokens, padding/truncation, and a labelled text data set.
 */
export { tokenize, getTokenizer } from './tokenizer';
export type { Tokenizer } from './tokenizer';
export { Vocab, buildVocab, padTruncate } from './vocab';
export type { BuildVocabOptions } from './vocab';
export { TextClassificationDataset } from './text_dataset';
