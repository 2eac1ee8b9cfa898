import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import * as text from '../../src/text';
import * as data from '../../src/data';
import * as sk from '../../src/sk';

describe('text', () => {
  it('tokenizers', () => {
    expect(text.tokenize('Terrible film, complete waste of time!')).toEqual(['terrible', 'film', 'complete', 'waste', 'of', 'time']);
    expect(text.getTokenizer('basic_english')("It's great, (really)!")).toEqual(['it', "'", 's', 'great', ',', '(', 'really', ')', '!']);
    expect(() => text.getTokenizer('nope' as never)).toThrow(/unknown tokenizer 'nope'/);
  });

  it('vocab with minFreq, <pad>=0, <unk>=1, frequency order, pad/truncate', () => {
    const vocab = text.buildVocab(['a b b c', 'b c d'], { minFreq: 2 });
    expect(vocab.itos).toEqual(['<pad>', '<unk>', 'b', 'c']);
    expect(vocab.padIndex).toBe(0);
    expect(vocab.get('zebra')).toBe(1);
    expect(vocab.encode('b a c', { maxLen: 5 })).toEqual([2, 1, 3, 0, 0]);
    expect(vocab.encode('b b b b b b', { maxLen: 3 })).toEqual([2, 2, 2]);
    expect(vocab.lookupTokens([2, 3])).toEqual(['b', 'c']);
    expect(text.padTruncate([7], 3, 9)).toEqual([7, 9, 9]);
    expect(() => text.buildVocab(['a'], { minFreq: 0 })).toThrow(/minFreq should be a positive integer, got 0/);
  });

  it('the sentiment corpus through a TextClassificationDataset and DataLoader', () => {
    const { texts, labels } = sk.datasets.loadSentimentCorpus();
    const vocab = text.buildVocab(texts);
    const ds = new text.TextClassificationDataset(texts, labels, vocab, 12);
    const before = tf.memory().numTensors;
    const loader = new data.DataLoader(ds, { batchSize: 16, shuffle: true, generator: 0 });
    expect(loader.length).toBe(3);
    for (const [ids, y] of loader) {
      expect(ids.shape[1]).toBe(12);
      expect(ids.dtype).toBe('int32');
      expect(y.dtype).toBe('int32');
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(() => new text.TextClassificationDataset(['a'], [0, 1], vocab)).toThrow(/different lengths \(1 and 2\)/);
  });
});
