/**
 * Matplotlib's colormaps, sampled at 17 evenly spaced points from matplotlib 3.6 and interpolated linearly
 * in between (indistinguishable from the 256-entry tables at plot sizes), plus the `tab10` colour cycle.
 *
 * Example:
 * ```ts
 * colormap('viridis').hex(0.5) // '#21918c'
 * ```
 */

const SAMPLES: Record<string, string> = {
  viridis: '440154 48186a 472d7b 424086 3b528b 33638d 2c728e 26828e 21918c 1fa088 28ae80 3fbc73 5ec962 84d44b addc30 d8e219 fde725',
  plasma: '0d0887 310597 4c02a1 6600a7 7e03a8 9511a1 aa2395 bc3587 cc4778 da5a6a e66c5c f0804e f89540 fdac33 fdc527 f8df25 f0f921',
  inferno: '000004 0b0724 210c4a 3d0965 57106e 71196e 8a226a a32c61 bc3754 d24644 e45a31 f1731d f98e09 fcac11 f9cb35 f2ea69 fcffa4',
  magma: '000004 0a0822 1d1147 36106b 51127c 6a1c81 832681 9c2e7f b73779 d0416f e75263 f56b5c fc8961 fea772 fec488 fde2a3 fcfdbf',
  cividis: '00224e 002e6a 1a386f 32436d 434e6c 535a6d 61656f 6f7073 7d7c78 8c8878 9b9476 aba072 bcae6c cdbb63 dec958 f0d846 fee838',
  gray: '000000 101010 202020 303030 404040 505050 606060 707070 808080 909090 a0a0a0 b0b0b0 c0c0c0 d0d0d0 e0e0e0 f0f0f0 ffffff',
  RdBu: '67001f 960f27 bb2a34 d25849 e58368 f5ac8b fbceb7 fbe6da f6f7f7 deebf2 c0dceb 98c8e0 68abd0 3e8cbf 2870b1 15508d 053061',
  hot: '0b0000 350000 5f0000 890000 b30000 dd0000 ff0800 ff3200 ff5c00 ff8600 ffb000 ffda00 ffff07 ffff46 ffff85 ffffc4 ffffff',
  coolwarm: '3b4cc0 4e68d8 6282ea 779af7 8db0fe a3c2fe b9d0f9 ccd9ed dddcdc ecd3c5 f5c4ac f7b093 f4987a eb7d62 dd5f4b ca3b37 b40426',
  Blues: 'f7fbff eaf3fb deebf7 d2e3f3 c6dbef b2d2e8 9dcae1 84bcdb 6aaed6 56a0ce 4191c6 3181bd 2070b4 1460a8 08509b 084082 08306b',
  Reds: 'fff5f0 feeae1 fee0d2 fdcdb9 fcbba1 fca689 fc9272 fb7d5d fb694a f5523a ee3a2c dc2924 ca181d b71319 a30f15 840711 67000d',
  Greens: 'f7fcf5 eef8ea e5f5e0 d6efd0 c7e9c0 b4e1ad a0d99b 8ace88 73c476 5ab769 40aa5d 319a50 228a44 117b38 006c2c 005723 00441b',
  jet: '000080 0000c8 0000ff 0040ff 0080ff 00c0ff 16ffe1 49ffad 7dff7a b1ff46 e4ff13 ffd000 ff9400 ff5900 ff1e00 c40000 800000',
  RdYlBu: 'a50026 c41e27 de402e f16640 f98e52 fdb567 fed485 feeca2 feffc0 ebf7e4 d1ecf4 b0dcea 8ec2dc 6da4cc 4f81ba 3d5ba7 313695',
  Spectral: '9e0142 c1274a dd4a4c f06744 f98e52 fdb567 fed481 feec9f ffffbe eff9a6 d6ee9b b1dfa3 86cfa5 5eb9a9 3d95b8 4471b2 5e4fa2',
  PuOr: '7f3b08 a04d07 be630a db7d12 ef9e3c fdbd6e fed7a2 fbe9cf f6f6f7 e3e4ef cecde4 b6b0d4 988dbe 7967a6 5d3790 44176f 2d004b',
  bwr: '0000ff 2020ff 4040ff 6060ff 8080ff a0a0ff c0c0ff e0e0ff fffefe ffdede ffbebe ff9e9e ff7e7e ff5e5e ff3e3e ff1e1e ff0000',
  seismic: '00004c 000079 0000a6 0000d3 0101ff 4141ff 8181ff c1c1ff fffdfd ffbdbd ff7d7d ff3d3d fe0000 de0000 be0000 9e0000 800000',
  Greys: 'ffffff f7f7f7 f0f0f0 e4e4e4 d9d9d9 cbcbcb bdbdbd a9a9a9 959595 848484 727272 626262 515151 3a3a3a 242424 111111 000000',
  YlOrRd: 'ffffcc fff6b6 ffeda0 fee38b fed976 fec561 feb24c fd9f44 fd8c3c fc6c33 fc4d2a ef3323 e2191c cf0c21 bb0026 9d0026 800026',
  binary: 'ffffff efefef dfdfdf cfcfcf bfbfbf afafaf 9f9f9f 8f8f8f 7f7f7f 6f6f6f 5f5f5f 4f4f4f 3f3f3f 2f2f2f 1f1f1f 0f0f0f 000000',
};

/** Matplotlib's default property cycle (`tab10`). */
export const TAB10 = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

/** A continuous colormap: maps t in [0, 1] to a colour. */
export interface Colormap {
  name: string;
  /** RGB bytes for t in [0, 1] (clamped; NaN gives transparent black through `rgba`). */
  rgb(t: number): [number, number, number];
  /** `#rrggbb` for t in [0, 1]. */
  hex(t: number): string;
  /** The 17 anchor colours, for Vega-Lite scale ranges (`scale: { range }`). */
  stops: string[];
}

const cache = new Map<string, Colormap>();

/** Names accepted by {@link colormap} (append `_r` to any for the reversed map). */
export function colormapNames(): string[] {
  return Object.keys(SAMPLES);
}

/** Looks up a colormap by matplotlib name (`viridis`, `gray`, `RdBu`, `hot`, ... and `<name>_r`). */
export function colormap(name: string): Colormap {
  const hit = cache.get(name);
  if (hit) return hit;
  const reversed = name.endsWith('_r');
  const base = reversed ? name.slice(0, -2) : name;
  const key = base === 'grey' ? 'gray' : base;
  const samples = SAMPLES[key];
  if (!samples) throw new Error(`Unknown colormap '${name}'; known: ${colormapNames().join(', ')} (add _r to reverse)`);
  let stops = samples.split(' ').map((h) => '#' + h);
  if (reversed) stops = stops.reverse();
  const bytes = stops.map((s) => [1, 3, 5].map((i) => parseInt(s.slice(i, i + 2), 16)) as [number, number, number]);
  const n = bytes.length - 1;
  const rgb = (t: number): [number, number, number] => {
    const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * n;
    const i = Math.min(n - 1, Math.floor(u));
    const f = u - i;
    const a = bytes[i];
    const b = bytes[i + 1];
    return [Math.round(a[0] + (b[0] - a[0]) * f), Math.round(a[1] + (b[1] - a[1]) * f), Math.round(a[2] + (b[2] - a[2]) * f)];
  };
  const cmap: Colormap = {
    name,
    rgb,
    hex: (t) => '#' + rgb(t).map((v) => v.toString(16).padStart(2, '0')).join(''),
    stops,
  };
  cache.set(name, cmap);
  return cmap;
}

const NAMED: Record<string, string> = {
  b: '#0000ff', g: '#008000', r: '#ff0000', c: '#00bfbf', m: '#bf00bf', y: '#bfbf00', k: '#000000', w: '#ffffff',
};

/**
 * Resolves a matplotlib colour spec to a CSS colour: single letters (`'r'`), `'C0'`..`'C9'` (the cycle),
 * `'tab:blue'`, or any CSS colour (passed through).
 */
export function resolveColor(spec: string): string {
  if (NAMED[spec]) return NAMED[spec];
  const cycle = /^C(\d+)$/.exec(spec);
  if (cycle) return TAB10[Number(cycle[1]) % TAB10.length];
  if (spec.startsWith('tab:')) {
    const names = ['blue', 'orange', 'green', 'red', 'purple', 'brown', 'pink', 'gray', 'olive', 'cyan'];
    const i = names.indexOf(spec.slice(4));
    if (i >= 0) return TAB10[i];
  }
  return spec;
}
