// ps's AIX format descriptors (procps-ng 4.0.2 src/ps/sortformat.c aix_format_parse): a format
// such as "%p %U %x" that the keyword parser rejects is read again as descriptors, each a keyword
// under its own header, with the text between them kept as columns of their own.
import { AIX_DESCRIPTORS } from './formats.js';

export type AixItem = { readonly keyword: string; readonly head: string } | { readonly text: string };

const END = 0;
const SPACE = 0x20;
const PERCENT = 0x25;

/**
 * How many items procps reads, or its complaint. Its check counts the letter after each '%' a
 * second time, as the start of a text, so the count runs past the real items and the reading
 * pads with empty texts (which still take part in the spacing). Only spaces may follow a
 * descriptor; before the first '%' one byte may stand, then spaces. The check runs on bytes.
 */
function countItems(bytes: Uint8Array): number | string {
  let items = 0;
  let i = 0;
  let c = bytes[i++] ?? END;
  for (;;) {
    if (c !== PERCENT) {
      if (c === END) return items;
      items++;
      do c = bytes[i++] ?? END;
      while (c === SPACE);
      if (c === END) return items;
      if (c !== PERCENT) return 'improper AIX field descriptor';
    }
    items++;
    c = bytes[i++] ?? END;
    if (c === END || c === SPACE) return 'missing AIX field descriptor';
  }
}

/** The descriptors and texts of an AIX format, in order, or procps' error message. */
export function parseAixFormat(format: string): AixItem[] | string {
  const count = countItems(Buffer.from(format));
  if (typeof count === 'string') return count;
  // The check let through only ASCII, so string indexes are byte offsets.
  const items: AixItem[] = [];
  let walk = 0;
  for (let n = 0; n < count; n++) {
    if (format[walk] === '%') {
      const letter = format[walk + 1] as string;
      if (letter === '%') return 'missing AIX field descriptor';
      const descriptor = AIX_DESCRIPTORS.get(letter);
      if (!descriptor) return 'unknown AIX field descriptor';
      items.push(descriptor);
      walk += 2;
    } else {
      const next = format.indexOf('%', walk);
      const end = next < 0 ? format.length : next;
      items.push({ text: format.slice(walk, end) });
      walk = end;
    }
  }
  return items;
}
