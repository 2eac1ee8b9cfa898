/** The "What a user can check in one cell" items. */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import * as vision from '../../src/vision';
import * as sk from '../../src/sk';

describe('one-cell checks', () => {
  it('new vision.datasets.MNIST({ train: true }).length is 60000; first image 1x28x28 labelled 5', () => {
    const mnist = new vision.datasets.MNIST({ train: true });
    expect(mnist.length).toBe(60000);
    const [img, label] = mnist.get(0);
    expect(img.shape).toEqual([1, 28, 28]);
    expect(label).toBe(5);
    const [t] = new vision.datasets.MNIST({ train: true, transform: vision.transforms.ToTensor() }).get(0) as [tf.Tensor, number];
    expect(t.shape).toEqual([1, 28, 28]);
    t.dispose();
  });

  it('loadBreastCancer().data.shape is [569, 30] with 212 malignant', () => {
    const b = sk.datasets.loadBreastCancer();
    expect(b.data.shape).toEqual([569, 30]);
    expect(Array.from(b.target.dataSync()).filter((v) => b.targetNames[v] === 'malignant').length).toBe(212);
  });

  it('trainTestSplit(X, y, { testSize: 0.2, randomState: 42 }) gives 455 / 114 rows', () => {
    const { data: X, target: y } = sk.datasets.loadBreastCancer();
    const [XTrain, XTest, yTrain, yTest] = sk.modelSelection.trainTestSplit(X, y, { testSize: 0.2, randomState: 42 });
    expect([XTrain.shape[0], XTest.shape[0], yTrain.shape[0], yTest.shape[0]]).toEqual([455, 114, 455, 114]);
  });

  it('rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) is 0.75', () => {
    expect(sk.metrics.rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
  });
});
