// JSON output: one document per snapshot, or one line per report in interval modes (NDJSON).
// Unknown values are null, never NaN or a placeholder string.

/** Serialises one snapshot or one interval report as a single line. */
export function jsonLine(value: unknown): string {
  return `${JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'number' && !Number.isFinite(item) ? null : item,
  )}\n`;
}
