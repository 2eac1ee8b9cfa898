/**
 * Bad input: every message names the module (as printed) or the function, and the expected and actual
 * shape / dtype / value.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import * as nn from '../../src/nn';
import * as F from '../../src/nn/functional';

describe('shape and argument errors', () => {
  it('Linear names itself and the expected last dimension', () => {
    const fc = new nn.Linear(2, 4);
    expect(() => fc.forward(tf.zeros([8, 3]))).toThrow('Linear(in_features=2, out_features=4, bias=True): expected input with last dimension 2, got shape [8,3]');
  });

  it('Conv2d reports the channel count and the rank', () => {
    const conv = new nn.Conv2d(3, 8, 3);
    expect(() => conv.forward(tf.zeros([1, 1, 5, 5]))).toThrow(/Conv2d\(3, 8, kernel_size=\(3, 3\), stride=\(1, 1\)\): expected input with 3 channels, got shape \[1,1,5,5\]/);
    expect(() => conv.forward(tf.zeros([5, 5]))).toThrow(/expected 3-d or 4-d input \(N, C, H, W\) or \(C, H, W\), got shape \[5,5\]/);
    expect(() => conv.forward(tf.zeros([1, 3, 2, 2]))).toThrow(/padded input size \(2x2\) is smaller than the \(dilated\) kernel size \(3x3\)/);
  });

  it('Conv constructors check groups and padding', () => {
    expect(() => new nn.Conv2d(3, 8, 3, { groups: 2 })).toThrow('Conv2d: inChannels (3) must be divisible by groups (2)');
    expect(() => new nn.Conv2d(3, 8, 3, { padding: 'same', stride: 2 })).toThrow("padding='same' is not supported for strided convolutions");
    expect(() => new nn.Linear(0, 2)).toThrow('Linear: inFeatures must be a positive integer, got 0');
    expect(() => new nn.ConvTranspose2d(2, 2, 3, { stride: 2, outputPadding: 2 })).toThrow(/outputPadding must be smaller than either stride or dilation/);
  });

  it('BatchNorm2d checks the rank and the channels', () => {
    const bn = new nn.BatchNorm2d(4);
    expect(() => bn.forward(tf.zeros([2, 4, 3]))).toThrow('BatchNorm2d(4, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True): expected 4D input (got 3D input of shape [2,4,3])');
    expect(() => bn.forward(tf.zeros([2, 3, 2, 2]))).toThrow(/expected input with 4 channels \(dimension 1\), got shape \[2,3,2,2\]/);
    expect(() => new nn.BatchNorm1d(2).forward(tf.zeros([1, 2]))).toThrow(/expected more than 1 value per channel when training/);
  });

  it('LayerNorm and GroupNorm name the expected shape', () => {
    expect(() => new nn.LayerNorm([3, 4]).forward(tf.zeros([2, 4, 3]))).toThrow(/expected input with trailing dimensions \[3,4\], got shape \[2,4,3\]/);
    expect(() => new nn.GroupNorm(3, 4)).toThrow('GroupNorm: numChannels (4) must be divisible by numGroups (3)');
    expect(() => new nn.GroupNorm(2, 4).forward(tf.zeros([2, 6, 3]))).toThrow(/expected input of shape \(N, 4, \*\), got shape \[2,6,3\]/);
  });

  it('Embedding rejects float indices and out-of-range indices', () => {
    const emb = new nn.Embedding(5, 2);
    expect(() => emb.forward(tf.tensor([1, 2]))).toThrow(/Embedding\(5, 2\): expected integer indices \(dtype int32\), got dtype float32/);
    expect(() => emb.forward(tf.tensor([1, 5], undefined, 'int32'))).toThrow(/index out of range: indices must be in \[0, 4\] \(numEmbeddings=5\), got values in \[1, 5\]/);
    expect(() => new nn.Embedding(5, 2, { paddingIdx: 5 })).toThrow('Embedding: paddingIdx must be within numEmbeddings (5), got 5');
  });

  it('recurrent layers check input size and state shapes', () => {
    const lstm = new nn.LSTM(3, 4, { numLayers: 2 });
    expect(() => lstm.forward(tf.zeros([5, 2, 2]))).toThrow(/LSTM\(3, 4, num_layers=2\): expected input with last dimension \(input size\) 3, got shape \[5,2,2\]/);
    expect(() => lstm.forward(tf.zeros([5, 2, 3]), [tf.zeros([1, 2, 4]), tf.zeros([2, 2, 4])])).toThrow(/expected h0 of shape \[2,2,4\], got \[1,2,4\]/);
    expect(() => new nn.GRU(3, 4).forward(tf.zeros([2, 3]).toInt())).toThrow(/expected a float32 input, got dtype int32/);
  });

  it('MultiheadAttention checks embedding sizes and masks', () => {
    expect(() => new nn.MultiheadAttention(6, 4)).toThrow('MultiheadAttention: embedDim (6) must be divisible by numHeads (4)');
    const mha = new nn.MultiheadAttention(4, 2);
    expect(() => mha.forward(tf.zeros([3, 2, 5]), tf.zeros([3, 2, 4]), tf.zeros([3, 2, 4]))).toThrow(/expected query with last dimension 4/);
    expect(() => mha.forward(tf.zeros([3, 2, 4]), tf.zeros([3, 2, 4]), tf.zeros([3, 2, 4]), { attnMask: tf.zeros([2, 2]) })).toThrow(
      /MultiheadAttention\(\): attnMask must have shape \[3,3\] or \[4,3,3\], got \[2,2\]/,
    );
  });

  it('pooling, flatten and resampling errors', () => {
    expect(() => new nn.MaxPool2d(3).forward(tf.zeros([1, 1, 2, 2]))).toThrow(/MaxPool2d\(kernel_size=3, .*\): input of shape \[1,1,2,2\] is too small for kernelSize 3,3/);
    expect(() => new nn.MaxPool2d(2, { padding: 2 }).forward(tf.zeros([1, 1, 6, 6]))).toThrow(/padding \(2,2\) should be at most half of kernelSize/);
    expect(() => new nn.Flatten({ startDim: 3 }).forward(tf.zeros([2, 3]))).toThrow(/Flatten\(start_dim=3, end_dim=-1\): startDim=3 is out of range for a tensor of rank 2/);
    expect(() => new nn.Unflatten(1, [4, 2]).forward(tf.zeros([2, 6]))).toThrow(/cannot split dimension 1 of size 6 into \(4, 2\)/);
    expect(() => new nn.Upsample({ size: 4, scaleFactor: 2 })).toThrow('Upsample: give exactly one of size and scaleFactor');
    expect(() => F.interpolate(tf.zeros([1, 1, 2, 2]), { size: 4, mode: 'linear' })).toThrow("F.interpolate: mode 'linear' expects a 3-d input, got shape [1,1,2,2]");
    expect(() => F.pad(tf.zeros([1, 3]), [3, 0], 'reflect')).toThrow(/reflect padding \(3, 0\) must be smaller than the dimension size 3/);
  });

  it('functional ops check dtypes and arguments', () => {
    expect(() => F.relu(tf.tensor([1, 2], undefined, 'int32'))).toThrow('F.relu: expected input of dtype float32, got int32 (use x.toFloat())');
    expect(() => F.softmax(tf.zeros([2, 3]), 2)).toThrow('dim=2 is out of range for a tensor of rank 2');
    expect(() => F.dropout(tf.zeros([2]), 1.5)).toThrow('F.dropout: dropout probability p must be in [0, 1], got 1.5');
    expect(() => new nn.Dropout(-0.1)).toThrow('Dropout: dropout probability has to be between 0 and 1, but got -0.1');
    expect(() => F.oneHot(tf.tensor([0, 3], undefined, 'int32'), 3)).toThrow('F.oneHot: class values must be smaller than numClasses (3), got 3');
    expect(() => F.linear(tf.zeros([2, 3]), tf.zeros([4, 2]))).toThrow('F.linear: expected input with last dimension 2, got shape [2,3]');
    expect(() => F.conv2d(tf.zeros([1, 4, 5, 5]), tf.zeros([2, 3, 3, 3]))).toThrow(/F.conv2d: expected input with 3 channels/);
  });

  it('init functions need a parameter to fill in place', () => {
    expect(() => nn.init.zeros_(tf.zeros([2, 2]))).toThrow('nn.init.zeros_: expected an nn.Parameter (or tf.Variable) to fill in place, got a tf.Tensor of shape [2,2]');
    expect(() => nn.init.xavierUniform_(new nn.Parameter(tf.zeros([3])))).toThrow(/fan in and fan out can not be computed for a tensor with fewer than 2 dimensions/);
    expect(() => nn.init.kaimingNormal_(new nn.Parameter(tf.zeros([3, 3])), { mode: 'fan_avg' as 'fan_in' })).toThrow("mode must be 'fan_in' or 'fan_out'");
  });
});
