import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { tsdlCacheDir } from '../../src/cache_dir';

/**
 * Static Mermaid rendering for exports and slides: the real `mermaid` library needs a browser DOM, so the
 * diagram is rendered once by headless Chromium (`--dump-dom` of a page running mermaid.render with SVG
 * text labels, no foreignObject) and the SVG is read back. Results are cached per source. Returns
 * undefined when Chromium or the mermaid package is missing or rendering fails (the caller then keeps the
 * text fallbacks). Set TSDL_CHROMIUM to choose the browser binary.
 *
 * A browser start costs seconds, so rendered diagrams are also kept on disk (`$TSDL_CACHE_DIR/mermaid`,
 * default `~/.cache/tsdl/mermaid`, keyed by source and mermaid version): re-running a notebook, restarting
 * the kernel or building slides renders each diagram once. `TSDL_CACHE_DIR=off` turns the disk cache off.
 */
const cache = new Map<string, string | undefined>();

const BROWSERS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** The Chromium binary and the mermaid bundle, when both are available. */
export function staticMermaidAvailable(): { browser: string; script: string } | undefined {
  const browser = [process.env.TSDL_CHROMIUM, ...BROWSERS].find((b): b is string => !!b && existsSync(b));
  if (!browser) return undefined;
  try {
    return { browser, script: require.resolve('mermaid/dist/mermaid.min.js') };
  } catch {
    return undefined;
  }
}

/** Renders Mermaid source to a standalone SVG (explicit width/height), or undefined if it cannot. */
export function renderMermaidSvg(source: string, timeoutMs = 30_000): string | undefined {
  if (cache.has(source)) return cache.get(source);
  const tools = staticMermaidAvailable();
  let svg: string | undefined;
  const diskPath = tools ? diskCachePath(source, tools.script) : undefined;
  if (diskPath && existsSync(diskPath)) {
    try {
      svg = readFileSync(diskPath, 'utf8');
      cache.set(source, svg);
      return svg;
    } catch {
      svg = undefined;
    }
  }
  if (tools) {
    const dir = mkdtempSync(join(tmpdir(), 'tsdl-mermaid-'));
    try {
      const page = join(dir, 'diagram.html');
      writeFileSync(page, pageFor(source, tools.script));
      const run = spawnSync(tools.browser, [
        '--headless', '--no-sandbox', '--disable-gpu', '--allow-file-access-from-files', '--virtual-time-budget=3000',
        `--user-data-dir=${join(dir, 'profile')}`, '--dump-dom', `file://${page}`,
      ], { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
      const match = /data-svg="([A-Za-z0-9+/=]+)"/.exec(run.stdout ?? '');
      if (match) svg = standalone(Buffer.from(match[1], 'base64').toString('utf8'));
    } catch {
      svg = undefined;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  cache.set(source, svg);
  if (svg && diskPath) writeCacheFile(diskPath, svg);
  return svg;
}

/** Empties the in-memory cache (the disk cache stays); for tests. */
export function forgetRenderedMermaid(): void {
  cache.clear();
}

function diskCachePath(source: string, script: string): string | undefined {
  const root = tsdlCacheDir();
  if (root === undefined) return undefined;
  let version = 'unknown';
  try {
    version = (JSON.parse(readFileSync(join(script, '..', '..', 'package.json'), 'utf8')) as { version?: string }).version ?? version;
  } catch {
    // keyed by source only
  }
  const key = createHash('sha256').update(`${version}\n${source}`).digest('hex').slice(0, 32);
  return join(root, 'mermaid', `${key}.svg`);
}

/** Writes through a temporary file so a concurrent reader never sees half a diagram; errors only cost the cache. */
function writeCacheFile(path: string, svg: string): void {
  try {
    mkdirSync(join(path, '..'), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, svg);
    renameSync(tmp, path);
  } catch {
    // read-only home: keep the in-memory cache only
  }
}

function pageFor(source: string, script: string): string {
  const src = JSON.stringify(source).replace(/</g, '\\u003c');
  return `<!DOCTYPE html><html><body><div id="out"></div>
<script src="file://${script}"></script>
<script>
mermaid.initialize({ startOnLoad: false, theme: 'default', htmlLabels: false, flowchart: { htmlLabels: false } });
mermaid.render('diagram', ${src}).then(function (r) {
  document.getElementById('out').setAttribute('data-svg', btoa(unescape(encodeURIComponent(r.svg))));
}).catch(function (e) { document.getElementById('out').setAttribute('data-error', String(e)); });
</script></body></html>`;
}

/** Mermaid's SVG is 100% wide with a max-width style; give it its own pixel size for image viewers and resvg. */
function standalone(svg: string): string {
  const vb = /viewBox="([-\d.]+) ([-\d.]+) ([\d.]+) ([\d.]+)"/.exec(svg);
  if (!vb) return svg;
  const w = Math.ceil(Number(vb[3]));
  const h = Math.ceil(Number(vb[4]));
  return svg.replace(/<svg([^>]*?) width="100%"/, `<svg$1 width="${w}" height="${h}"`).replace(/ style="max-width: [\d.]+px;"/, '');
}
