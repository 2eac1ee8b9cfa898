import * as tf from '@tensorflow/tfjs';
import { Bunch, makeBunch } from './bunch';
import { parseNumericRows, readDataFile } from './data_files';

const DESCR = `Optical recognition of handwritten digits (E. Alpaydin, C. Kaynak, 1998; UCI Machine Learning Repository):
1797 images of 8x8 pixels with values 0-16 (counts of on-pixels in 4x4 blocks of 32x32 bitmaps), digits 0-9.
File: data/digits.csv.gz, as shipped in scikit-learn (Debian python3-sklearn 1.2.1).`;

/** The digits data set: a {@link Bunch} plus `images`, float32 `[n, 8, 8]`. */
export interface DigitsBunch extends Bunch {
  images: tf.Tensor3D;
}

/**
 * The 8x8 handwritten digits (sklearn's `load_digits`): `data` float32 `[1797, 64]` (values 0-16),
 * `images` `[1797, 8, 8]`, `target` int32 `[1797]`. `nClass` keeps only digits `0..nClass-1`.
 * ```ts
 * const digits = sk.datasets.loadDigits();
 * ```
 */
export function loadDigits(options?: { nClass?: number }): DigitsBunch;
export function loadDigits(options: { nClass?: number; returnXY: true }): [tf.Tensor2D, tf.Tensor1D];
export function loadDigits(options: { nClass?: number; returnXY?: boolean } = {}): DigitsBunch | [tf.Tensor2D, tf.Tensor1D] {
  const nClass = options.nClass ?? 10;
  if (!Number.isInteger(nClass) || nClass < 1 || nClass > 10) throw new Error(`loadDigits: nClass should be an integer from 1 to 10, got ${nClass}`);
  const rows = parseNumericRows(readDataFile('digits.csv.gz').split('\n'), 'digits.csv.gz').filter((r) => r[64] < nClass);
  const featureNames = Array.from({ length: 64 }, (_, k) => `pixel_${Math.floor(k / 8)}_${k % 8}`);
  const bunch = makeBunch(rows.map((r) => r.slice(0, 64)), rows.map((r) => r[64]), featureNames, Array.from({ length: nClass }, (_, i) => String(i)), DESCR);
  if (options.returnXY) return [bunch.data, bunch.target];
  return { ...bunch, images: tf.reshape(bunch.data, [rows.length, 8, 8]) as tf.Tensor3D };
}
