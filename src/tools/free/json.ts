// free --json: jc's `free` shape, one object per printed row with `type` set to the row label and
// the values in the units free printed. Integers normally; with -h the strings as printed
// ("23Gi"), since they are not numbers.
import { procpsScaleSize, type ProcpsScale } from '../../format/units.js';
import type { FreeRow } from './collect.js';

export type FreeJsonRow = { type: string } & Record<string, number | string>;

export function freeJson(rows: readonly FreeRow[], scale: ProcpsScale): FreeJsonRow[] {
  return rows.map((row) => {
    const out: FreeJsonRow = { type: row.label };
    for (const [key, kib] of row.values) {
      const printed = procpsScaleSize(kib, scale);
      out[key] = scale.human ? printed : Number(printed);
    }
    return out;
  });
}
