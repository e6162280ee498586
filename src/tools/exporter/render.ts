// Metric families to Prometheus' text exposition format 0.0.4 and to OpenMetrics 1.0.0, written
// as client_golang writes them (expfmt): families sorted by name, samples by label values, floats
// in Go's strconv 'g' shortest form, so that a line of ours reads like node_exporter's line.

export type Labels = ReadonlyArray<readonly [name: string, value: string]>;

export interface Sample {
  /** Label pairs sorted by name. */
  readonly labels: Labels;
  readonly value: number;
}

export interface Family {
  /** The full name; a counter's ends in _total. */
  readonly name: string;
  readonly help: string;
  readonly type: 'gauge' | 'counter';
  readonly samples: Sample[];
}

export const TEXT_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
export const OPENMETRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

/**
 * Go's strconv.FormatFloat(v, 'g', -1, 64): the shortest digits that read back as v, in %e form
 * when the exponent is below -4 or at least 6 (the precision 'g' assumes for shortest output),
 * with at least two exponent digits.
 */
export function goFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const [mantissa, exponentText] = value.toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    const digits = Math.abs(exponent) < 10 ? `0${Math.abs(exponent)}` : String(Math.abs(exponent));
    return `${mantissa}e${exponent < 0 ? '-' : '+'}${digits}`;
  }
  return String(value);
}

/** expfmt's writeOpenMetricsFloat: goFloat, with ".0" on a number that has neither point nor exponent. */
export function openMetricsFloat(value: number): string {
  const text = goFloat(value);
  return /^[-+]?\d+$/.test(text) ? `${text}.0` : text;
}

const escapeHelp = (text: string) => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
const escapeOpenMetricsHelp = (text: string) => escapeHelp(text).replace(/"/g, '\\"');
const escapeLabel = (text: string) => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

function labelText(labels: Labels): string {
  if (labels.length === 0) return '';
  return `{${labels.map(([name, value]) => `${name}="${escapeLabel(value)}"`).join(',')}}`;
}

/** Byte order of the UTF-8 encodings, as Go compares strings. */
function compareStrings(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function compareSamples(a: Sample, b: Sample): number {
  for (let i = 0; i < Math.min(a.labels.length, b.labels.length); i++) {
    const order = compareStrings((a.labels[i] as readonly [string, string])[1], (b.labels[i] as readonly [string, string])[1]);
    if (order !== 0) return order;
  }
  return a.labels.length - b.labels.length;
}

/** Families in the gatherer's order, each sample list sorted; families without samples dropped. */
export function sortFamilies(families: readonly Family[]): Family[] {
  return families
    .filter((family) => family.samples.length > 0)
    .map((family) => ({ ...family, samples: [...family.samples].sort(compareSamples) }))
    .sort((a, b) => compareStrings(a.name, b.name));
}

/** Text format 0.0.4; `families` already sorted. */
export function renderText(families: readonly Family[]): string {
  const parts: string[] = [];
  for (const family of families) {
    parts.push(`# HELP ${family.name} ${escapeHelp(family.help)}\n# TYPE ${family.name} ${family.type}\n`);
    for (const sample of family.samples) parts.push(`${family.name}${labelText(sample.labels)} ${goFloat(sample.value)}\n`);
  }
  return parts.join('');
}

/**
 * OpenMetrics 1.0.0: a counter family is named without its _total suffix, which each sample
 * carries; the exposition ends with `# EOF`.
 */
export function renderOpenMetrics(families: readonly Family[]): string {
  const parts: string[] = [];
  for (const family of families) {
    const base = family.type === 'counter' ? family.name.replace(/_total$/, '') : family.name;
    const sampleName = family.type === 'counter' ? `${base}_total` : base;
    parts.push(`# HELP ${base} ${escapeOpenMetricsHelp(family.help)}\n# TYPE ${base} ${family.type}\n`);
    for (const sample of family.samples) parts.push(`${sampleName}${labelText(sample.labels)} ${openMetricsFloat(sample.value)}\n`);
  }
  parts.push('# EOF\n');
  return parts.join('');
}

/** Whether an Accept header asks for OpenMetrics (Prometheus sends it first, with a q value). */
export function wantsOpenMetrics(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((range) => {
    const [type, ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    if (type !== 'application/openmetrics-text') return false;
    const q = params.find((param) => param.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}
