/**
 * The справка's charts as data (for the Excel chart of the «Справка» sheet) and as SVG text (for
 * the .docx, where an adapter renders it to PNG). Clustered columns with a legend; the same data
 * always gives the same SVG. Fonts: DejaVu Sans (installed with LibreOffice, and the renderer's default).
 */
import { formatNumberRu } from '../text';

export interface ReportChart {
  id: string;
  title: string;
  categories: string[];
  series: { name: string; values: (number | null)[] }[];
  /** Unit of the values: percent or a count. */
  unit: '%' | 'count';
}

const COLORS = ['#9fb8d8', '#2f5f98', '#f2b6a0', '#c0392b', '#a7c957', '#6a994e'];
const W = 900;
const H = 460;
const FONT = 'DejaVu Sans';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Splits a label into lines of at most `max` characters at spaces. */
function wrap(s: string, max: number): string[] {
  const words = s.split(/\s+/);
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    if (cur && (cur + ' ' + w).length > max) {
      lines.push(cur);
      cur = w;
    } else cur = cur ? cur + ' ' + w : w;
  }
  if (cur) lines.push(cur);
  return lines.slice(0, 3);
}

/** A "nice" top of the value axis and its step. */
function axis(max: number, unit: ReportChart['unit']): { top: number; step: number } {
  if (max <= 0) return { top: unit === '%' ? 10 : 5, step: unit === '%' ? 2 : 1 };
  const raw = max / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const n = raw / mag;
  let step = (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * mag;
  if (unit === 'count') step = Math.max(1, Math.ceil(step));
  const top = Math.ceil(max / step) * step;
  return { top: unit === '%' ? Math.min(100, top) || step : top, step };
}

export function chartSvg(ch: ReportChart): string {
  const left = 60;
  const right = 20;
  const top = 50;
  const legendRows = Math.ceil(ch.series.length / 2);
  const bottom = 70 + legendRows * 22;
  const plotW = W - left - right;
  const plotH = H - top - bottom;
  const all = ch.series.flatMap((s) => s.values).filter((v): v is number => v !== null && Number.isFinite(v));
  const { top: vmax, step } = axis(all.length ? Math.max(...all) : 0, ch.unit);
  const y = (v: number): number => top + plotH - (v / vmax) * plotH;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="${FONT}">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${W / 2}" y="28" font-size="17" font-weight="bold" text-anchor="middle" fill="#222">${esc(ch.title)}</text>`,
  );
  for (let v = 0; v <= vmax + 1e-9; v += step) {
    const yy = y(v).toFixed(1);
    out.push(
      `<line x1="${left}" y1="${yy}" x2="${W - right}" y2="${yy}" stroke="${v === 0 ? '#555' : '#ddd'}" stroke-width="1"/>`,
      `<text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" font-size="11" text-anchor="end" fill="#444">${esc(formatNumberRu(v, ch.unit === '%' && step < 1 ? 1 : 0))}</text>`,
    );
  }
  if (ch.unit === '%')
    out.push(`<text x="${left - 6}" y="${top - 12}" font-size="11" text-anchor="end" fill="#444">%</text>`);
  const n = Math.max(1, ch.categories.length);
  const groupW = plotW / n;
  const ns = Math.max(1, ch.series.length);
  const barW = Math.max(2, Math.min(40, (groupW * 0.8) / ns));
  const labelMax = Math.max(6, Math.floor(groupW / 7));
  ch.categories.forEach((cat, ci) => {
    const x0 = left + ci * groupW + (groupW - barW * ns) / 2;
    ch.series.forEach((s, si) => {
      const v = s.values[ci];
      if (v === null || v === undefined || !Number.isFinite(v)) return;
      const x = x0 + si * barW;
      const yy = y(v);
      out.push(
        `<rect x="${x.toFixed(1)}" y="${yy.toFixed(1)}" width="${(barW - 1).toFixed(1)}" height="${(top + plotH - yy).toFixed(1)}" fill="${COLORS[si % COLORS.length]}"/>`,
      );
      if (barW >= 14 && n * ns <= 40) {
        out.push(
          `<text x="${(x + barW / 2).toFixed(1)}" y="${(yy - 3).toFixed(1)}" font-size="9" text-anchor="middle" fill="#333">${esc(formatNumberRu(v, ch.unit === '%' ? 1 : 0))}</text>`,
        );
      }
    });
    wrap(cat, labelMax).forEach((line, li) => {
      out.push(
        `<text x="${(left + ci * groupW + groupW / 2).toFixed(1)}" y="${top + plotH + 16 + li * 13}" font-size="11" text-anchor="middle" fill="#222">${esc(line)}</text>`,
      );
    });
  });
  const ly = H - bottom + 60;
  ch.series.forEach((s, si) => {
    const lx = left + (si % 2) * (plotW / 2);
    const yy = ly + Math.floor(si / 2) * 22;
    out.push(
      `<rect x="${lx}" y="${yy - 11}" width="14" height="14" fill="${COLORS[si % COLORS.length]}"/>`,
      `<text x="${lx + 20}" y="${yy}" font-size="12" fill="#222">${esc(s.name)}</text>`,
    );
  });
  out.push('</svg>');
  return out.join('');
}
