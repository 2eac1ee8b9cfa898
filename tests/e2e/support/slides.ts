// Opens a reveal.js deck from disk with the network cut off and inspects each slide.
import { Page } from 'playwright-core';
import { screenshotPage } from './artifacts';

export interface ImageCheck {
  src: string;
  width: number;
  height: number;
  naturalWidth: number;
  /** Distinct colours among sampled pixels (1 means a blank image). */
  colours: number;
}

export interface SlideReport {
  index: string;
  images: ImageCheck[];
  /** Inline <svg> elements in outputs with no drawn shapes (what nbconvert's sanitiser leaves). */
  emptyInlineSvgs: number;
  /** Mermaid diagrams drawn as SVG with shapes. */
  mermaidDiagrams: number;
  /** Formulas typeset by KaTeX, formulas KaTeX could not parse, and TeX left as text ($...$ outside code). */
  formulas: number;
  formulaErrors: number;
  rawTex: string[];
  text: string;
  screenshot: string;
}

/** Opens a deck (a file:// URL) and refuses every request that is not a local file. */
export async function openDeck(page: Page, fileUrl: string): Promise<string[]> {
  const blocked: string[] = [];
  await page.route('**/*', route => {
    const url = route.request().url();
    if (url.startsWith('file://') || url.startsWith('data:')) return route.continue();
    blocked.push(url);
    return route.abort();
  });
  await page.goto(fileUrl);
  await page.waitForSelector('body[data-tsdl-slides-ready="true"]', { state: 'attached', timeout: 30_000 });
  return blocked;
}

/** Visits every slide (horizontal and vertical), checking its images and taking a screenshot. */
export async function inspectSlides(page: Page, artifactPrefix: string): Promise<SlideReport[]> {
  const indices: { h: number; v: number }[] = await page.evaluate(() => {
    const reveal = (window as any).Reveal;
    return reveal.getSlides().map((slide: HTMLElement) => reveal.getIndices(slide));
  });
  const reports: SlideReport[] = [];
  for (const { h, v } of indices) {
    await page.evaluate(([hh, vv]) => (window as any).Reveal.slide(hh, vv ?? 0), [h, v] as const);
    await page.waitForTimeout(150);
    const found = await page.evaluate(async () => {
      const slide = (window as any).Reveal.getCurrentSlide() as HTMLElement;
      const images: any[] = [];
      for (const img of Array.from(slide.querySelectorAll('img'))) {
        img.scrollIntoView({ block: 'center' });
        if (!img.complete) await new Promise(resolve => img.addEventListener('load', resolve, { once: true }));
        const box = img.getBoundingClientRect();
        const canvas = document.createElement('canvas');
        canvas.width = 64;
        canvas.height = 64;
        const context = canvas.getContext('2d')!;
        context.drawImage(img, 0, 0, 64, 64);
        const pixels = context.getImageData(0, 0, 64, 64).data;
        const colours = new Set<number>();
        for (let k = 0; k < pixels.length; k += 4) {
          colours.add((pixels[k] << 16) | (pixels[k + 1] << 8) | pixels[k + 2] | (pixels[k + 3] === 0 ? 1 << 24 : 0));
        }
        images.push({
          src: img.src.slice(0, 40),
          width: box.width,
          height: box.height,
          naturalWidth: img.naturalWidth,
          colours: colours.size,
        });
      }
      const emptyInlineSvgs = Array.from(slide.querySelectorAll('.jp-OutputArea-output svg:not(.tsdl-mermaid-diagram svg)')).filter(
        svg => svg.querySelectorAll('path, rect, circle, line, polygon, polyline, ellipse, text, image').length === 0,
      ).length;
      const mermaidDiagrams = Array.from(slide.querySelectorAll('.tsdl-mermaid-diagram svg')).filter(
        svg => svg.querySelectorAll('rect, path, polygon').length > 0,
      ).length;
      // The screenshot shows the first image if there is one, else the top of the slide.
      const firstImage = slide.querySelector('img');
      if (firstImage) firstImage.scrollIntoView({ block: 'center' });
      else slide.scrollTop = 0;
      const formulas = slide.querySelectorAll('.katex').length;
      const formulaErrors = slide.querySelectorAll('.katex-error').length;
      const prose = slide.cloneNode(true) as HTMLElement;
      prose.querySelectorAll('pre, code, .katex, .jp-OutputArea, .jp-CodeCell .jp-InputArea').forEach(el => el.remove());
      const rawTex = (prose.textContent ?? '').match(/\$[^$\s][^$]*?\$/g) ?? [];
      return { images, emptyInlineSvgs, mermaidDiagrams, formulas, formulaErrors, rawTex, text: slide.textContent ?? '' };
    });
    const index = v ? `${h}.${v}` : `${h}`;
    const screenshot = await screenshotPage(page, `${artifactPrefix}-slide-${index}`);
    reports.push({ index, ...found, screenshot });
  }
  return reports;
}
