import { escapeHtml, formatBytes, withThousands } from '../mime';
import type { SummaryData, SummaryRow } from './summary_data';

function treeLabel(row: SummaryRow): string {
  if (row.depth === 0) return row.type;
  const bars = row.ancestorsLast.slice(1).map((last) => (last ? '  ' : '│ ')).join('');
  const name = row.name && row.name !== row.type ? ` (${row.name})` : '';
  return `${bars}${row.lastChild ? '└─' : '├─'}${row.type}${name}`;
}

function paramCell(row: SummaryRow): string {
  if (row.isContainer && row.ownParams === 0) return '--';
  return row.ownParams === 0 ? '--' : withThousands(row.ownParams);
}

function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(2);
}

/**
 * The summary as text, laid out like torchinfo: a tree of layers with output shapes and parameter counts,
 * then totals and the memory estimate.
 */
export function summaryText(s: SummaryData): string {
  const hasShapes = s.rows.some((r) => r.outputShape !== undefined);
  const labels = s.rows.map(treeLabel);
  const c1 = Math.max(24, ...labels.map((l) => l.length)) + 2;
  const c2 = hasShapes ? Math.max(14, ...s.rows.map((r) => (r.outputShape ?? '--').length)) + 2 : 0;
  const c3 = Math.max(8, ...s.rows.map((r) => paramCell(r).length));
  const width = c1 + c2 + c3;
  const rule = '='.repeat(width);
  const header = 'Layer (type (name))'.padEnd(c1) + (hasShapes ? 'Output Shape'.padEnd(c2) : '') + 'Param #'.padStart(c3);
  const lines = [rule, header, rule];
  s.rows.forEach((r, i) => {
    lines.push(labels[i].padEnd(c1) + (hasShapes ? (r.outputShape ?? '--').padEnd(c2) : '') + paramCell(r).padStart(c3));
  });
  lines.push(rule);
  lines.push(`Total params: ${withThousands(s.totalParams)}`);
  lines.push(`Trainable params: ${withThousands(s.trainableParams)}`);
  lines.push(`Non-trainable params: ${withThousands(s.nonTrainableParams)}`);
  lines.push(rule);
  if (s.inputBytes !== undefined) lines.push(`Input size (MB): ${mb(s.inputBytes)}`);
  if (s.activationBytes !== undefined) lines.push(`Forward/backward pass size (MB): ${mb(s.activationBytes)}`);
  lines.push(`Params size (MB): ${mb(s.paramBytes)}`);
  lines.push(`Estimated Total Size (MB): ${mb((s.inputBytes ?? 0) + (s.activationBytes ?? 0) + s.paramBytes)}`);
  lines.push(rule);
  return lines.join('\n');
}

/** The summary as an HTML table (tree indentation, shapes, counts) with totals underneath. */
export function summaryHtml(s: SummaryData): string {
  const hasShapes = s.rows.some((r) => r.outputShape !== undefined);
  const th = 'style="text-align:left;padding:2px 10px;border-bottom:1px solid #999"';
  const thr = 'style="text-align:right;padding:2px 10px;border-bottom:1px solid #999"';
  const rows = s.rows.map((r) => {
    const indent = `padding:1px 10px 1px ${10 + r.depth * 16}px`;
    const name = r.name && r.depth > 0 ? ` <span style="color:#888">(${escapeHtml(r.name)})</span>` : '';
    const extra = r.extra ? `<span style="color:#888;font-size:90%"> ${escapeHtml(r.extra)}</span>` : '';
    return `<tr><td style="${indent};text-align:left;white-space:nowrap"><b>${escapeHtml(r.type)}</b>${name}${extra}</td>`
      + (hasShapes ? `<td style="padding:1px 10px;text-align:left;font-family:monospace">${escapeHtml(r.outputShape ?? '--')}</td>` : '')
      + `<td style="padding:1px 10px;text-align:right;font-family:monospace">${paramCell(r)}</td></tr>`;
  });
  const total = (label: string, v: string): string => `<tr><td style="text-align:left;padding:1px 10px">${label}</td><td style="text-align:right;padding:1px 10px;font-family:monospace">${v}</td></tr>`;
  const memory = [
    s.inputBytes !== undefined ? total('Input size', formatBytes(s.inputBytes)) : '',
    s.activationBytes !== undefined ? total('Forward/backward pass size', formatBytes(s.activationBytes)) : '',
    total('Params size', formatBytes(s.paramBytes)),
    total('Estimated total size', formatBytes((s.inputBytes ?? 0) + (s.activationBytes ?? 0) + s.paramBytes)),
  ].join('');
  return `<div class="tsdl-summary" style="font-size:13px">`
    + `<table style="border-collapse:collapse"><thead><tr><th ${th}>Layer (type)</th>${hasShapes ? `<th ${th}>Output shape</th>` : ''}<th ${thr}>Param #</th></tr></thead>`
    + `<tbody>${rows.join('')}</tbody></table>`
    + `<table style="border-collapse:collapse;margin-top:6px;border-top:1px solid #999">`
    + total('<b>Total params</b>', `<b>${withThousands(s.totalParams)}</b>`)
    + total('Trainable params', withThousands(s.trainableParams))
    + total('Non-trainable params', withThousands(s.nonTrainableParams))
    + memory
    + `</table></div>`;
}

/**
 * An architecture diagram: the top-level layers as boxes from input to output, each with its type,
 * output shape and parameter count, joined by arrows.
 */
export function summarySvg(s: SummaryData): string {
  const blocks = s.rows.filter((r) => r.depth === 1);
  const items = blocks.length > 0 ? blocks : s.rows.slice(0, 1);
  const boxW = 280;
  const boxH = 46;
  const gap = 22;
  const top = s.inputShape ? 40 : 10;
  const W = boxW + 40;
  const H = top + items.length * (boxH + gap) - gap + 12;
  const parts: string[] = [`<rect width="${W}" height="${H}" fill="white"/>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0L10,5L0,10z" fill="#555"/></marker></defs>'];
  const font = 'font-family="DejaVu Sans, sans-serif"';
  if (s.inputShape) {
    parts.push(`<text x="${W / 2}" y="16" text-anchor="middle" ${font} font-size="12" fill="#333">input ${escapeHtml(s.inputShape)}</text>`);
    parts.push(`<line x1="${W / 2}" y1="22" x2="${W / 2}" y2="${top - 2}" stroke="#555" stroke-width="1.5" marker-end="url(#arrow)"/>`);
  }
  items.forEach((r, i) => {
    const y = top + i * (boxH + gap);
    const params = r.totalParams > 0 ? `${withThousands(r.totalParams)} params` : 'no params';
    const color = r.totalParams > 0 ? '#dbe9f6' : '#eeeeee';
    parts.push(`<rect x="20" y="${y}" width="${boxW}" height="${boxH}" rx="6" fill="${color}" stroke="#4a6fa5" stroke-width="1.2"/>`);
    const name = r.name && r.name !== r.type ? ` (${r.name})` : '';
    parts.push(`<text x="${W / 2}" y="${y + 19}" text-anchor="middle" ${font} font-size="13" font-weight="bold">${escapeHtml(r.type + name)}</text>`);
    const sub = [r.outputShape ? `→ ${r.outputShape}` : '', params].filter(Boolean).join(' · ');
    parts.push(`<text x="${W / 2}" y="${y + 36}" text-anchor="middle" ${font} font-size="11" fill="#444">${escapeHtml(sub)}</text>`);
    if (i < items.length - 1) parts.push(`<line x1="${W / 2}" y1="${y + boxH}" x2="${W / 2}" y2="${y + boxH + gap - 2}" stroke="#555" stroke-width="1.5" marker-end="url(#arrow)"/>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${parts.join('')}</svg>`;
}
