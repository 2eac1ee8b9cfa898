import { inflateSync } from 'zlib';

/** A decoded 8-bit PNG (test helper): width, height and RGBA pixels. */
export interface DecodedPng {
  width: number;
  height: number;
  rgba: Uint8Array;
}

/**
 * Decodes a non-interlaced 8-bit PNG (gray, gray+alpha, RGB, RGBA, as resvg and our encoder write them)
 * to RGBA, undoing the five scanline filters. Enough to compare rendered plots with golden images.
 */
export function decodePng(buf: Buffer): DecodedPng {
  if (buf.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let pos = 8;
  let width = 0;
  let height = 0;
  let colorType = 0;
  const idat: Buffer[] = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8) throw new Error(`bit depth ${data[8]} not supported`);
      colorType = data[9];
      if (data[12] !== 0) throw new Error('interlaced PNGs not supported');
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    pos += 12 + len;
  }
  const channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[colorType];
  if (!channels) throw new Error(`colour type ${colorType} not supported`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? out[y * stride + x - channels] : 0;
      const b = y > 0 ? out[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? out[(y - 1) * stride + x - channels] : 0;
      let v = line[x];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      out[y * stride + x] = v & 0xff;
    }
  }
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const s = i * channels;
    const [r, g, bl, al] = channels === 1 ? [out[s], out[s], out[s], 255]
      : channels === 2 ? [out[s], out[s], out[s], out[s + 1]]
      : channels === 3 ? [out[s], out[s + 1], out[s + 2], 255]
      : [out[s], out[s + 1], out[s + 2], out[s + 3]];
    rgba.set([r, g, bl, al], i * 4);
  }
  return { width, height, rgba };
}

/** Mean absolute difference per channel (0..255) and the fraction of pixels differing by more than 48. */
export function comparePngs(a: DecodedPng, b: DecodedPng): { meanDiff: number; badFraction: number } {
  if (a.width !== b.width || a.height !== b.height) return { meanDiff: 255, badFraction: 1 };
  let sum = 0;
  let bad = 0;
  for (let i = 0; i < a.width * a.height; i++) {
    let worst = 0;
    for (let k = 0; k < 4; k++) {
      const d = Math.abs(a.rgba[i * 4 + k] - b.rgba[i * 4 + k]);
      sum += d;
      if (d > worst) worst = d;
    }
    if (worst > 48) bad++;
  }
  return { meanDiff: sum / (a.width * a.height * 4), badFraction: bad / (a.width * a.height) };
}
