// --pie and --bar: smem draws them with matplotlib; we write an SVG document, or on a terminal
// without --output draw horizontal bars with block characters.
import { pyNumber, pyPad, pyStr, type PyValue } from '../../format/python.js';

export interface ChartData {
  readonly title: string;
  readonly labels: readonly string[];
  readonly values: readonly number[];
}

const escapeXml = (text: string) =>
  text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] ?? c);

const COLOURS = ['#1f77b4', '#2ca02c', '#d62728', '#17becf', '#9467bd', '#bcbd22', '#7f7f7f'];

/** The rows largest first, as smem reverses an ascending list before charting. */
export function chartRows(keys: readonly PyValue[], labels: readonly string[], values: readonly PyValue[]): { labels: string[]; values: number[] } {
  const order = keys.map((_, i) => i);
  const first = keys[0];
  const last = keys[keys.length - 1];
  if (first !== undefined && last !== undefined && pyNumber(first) < pyNumber(last)) order.reverse();
  return { labels: order.map((i) => labels[i] ?? ''), values: order.map((i) => pyNumber(values[i] ?? 0)) };
}

/**
 * smem's pie: the smallest slices folded into "other" while they stay under 2% of memory together
 * (or are each under 0.5%), and the memory nobody uses as a first, "unused" slice.
 */
export function pieSlices(data: ChartData, totalMemory: number): ChartData {
  const labels = [...data.labels];
  const values = [...data.values];
  let other = 0;
  for (let last = values[values.length - 1]; last !== undefined; last = values[values.length - 1]) {
    if (!(other + last < totalMemory * 0.02 || last < totalMemory * 0.005)) break;
    other += last;
    values.pop();
    labels.pop();
  }
  if (other) {
    values.push(other);
    labels.push('other');
  }
  const unused = totalMemory - data.values.reduce((a, b) => a + b, 0);
  if (unused > 0) {
    values.unshift(unused);
    labels.unshift('unused');
  }
  return { title: data.title, labels, values };
}

export function svgPie(data: ChartData): string {
  const total = data.values.reduce((a, b) => a + b, 0) || 1;
  const parts: string[] = [];
  let angle = -Math.PI / 2;
  data.values.forEach((value, i) => {
    const sweep = (value / total) * 2 * Math.PI;
    const [x1, y1] = [300 + 200 * Math.cos(angle), 320 + 200 * Math.sin(angle)];
    const [x2, y2] = [300 + 200 * Math.cos(angle + sweep), 320 + 200 * Math.sin(angle + sweep)];
    const large = sweep > Math.PI ? 1 : 0;
    const middle = angle + sweep / 2;
    const path =
      data.values.length === 1
        ? `<circle cx="300" cy="320" r="200" fill="${COLOURS[i % COLOURS.length]}"/>`
        : `<path d="M300,320 L${x1.toFixed(2)},${y1.toFixed(2)} A200,200 0 ${large} 1 ${x2.toFixed(2)},${y2.toFixed(2)} Z" fill="${COLOURS[i % COLOURS.length]}" stroke="white"/>`;
    parts.push(path);
    const label = `${escapeXml(data.labels[i] ?? '')} (${((100 * value) / total).toFixed(2)}%)`;
    parts.push(`<text x="${(300 + 225 * Math.cos(middle)).toFixed(2)}" y="${(320 + 225 * Math.sin(middle)).toFixed(2)}" font-size="11" text-anchor="${Math.cos(middle) < 0 ? 'end' : 'start'}">${label}</text>`);
    angle += sweep;
  });
  return svgDocument(600, 600, data.title, parts);
}

export function svgBars(data: ChartData): string {
  const max = Math.max(1, ...data.values);
  const barHeight = 18;
  const height = 60 + data.values.length * (barHeight + 4);
  const parts = data.values.map((value, i) => {
    const y = 40 + i * (barHeight + 4);
    const width = (value / max) * 560;
    return (
      `<text x="290" y="${y + 13}" font-size="11" text-anchor="end">${escapeXml(data.labels[i] ?? '')}</text>` +
      `<rect x="300" y="${y}" width="${width.toFixed(2)}" height="${barHeight}" fill="${COLOURS[0]}"/>` +
      `<text x="${(305 + width).toFixed(2)}" y="${y + 13}" font-size="11">${value}</text>`
    );
  });
  return svgDocument(960, height, data.title, parts);
}

function svgDocument(width: number, height: number, title: string, parts: readonly string[]): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">\n` +
    `<title>${escapeXml(title)}</title>\n<rect width="100%" height="100%" fill="white"/>\n` +
    `<text x="${width / 2}" y="24" font-size="16" text-anchor="middle">${escapeXml(title)}</text>\n` +
    `${parts.join('\n')}\n</svg>\n`
  );
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** Horizontal bars in block characters, eighths of a cell at the end, fitted to the terminal. */
export function terminalBars(data: ChartData, columns: number): string {
  const labelWidth = Math.min(30, Math.max(0, ...data.labels.map((label) => [...label].length)));
  const valueWidth = Math.max(0, ...data.values.map((value) => String(value).length));
  const room = Math.max(10, columns - labelWidth - valueWidth - 3);
  const max = Math.max(1, ...data.values);
  const lines = data.values.map((value, i) => {
    const eighths = Math.round((Math.max(0, value) / max) * room * 8);
    const bar = '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
    return `${pyPad(data.labels[i] ?? '', labelWidth, true, labelWidth)} ${pyStr(value).padStart(valueWidth)} ${bar}`;
  });
  return `${data.title}\n${lines.join('\n')}\n`;
}
