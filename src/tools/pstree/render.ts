// The tree as psmisc 23.6's pstree draws it. Width is counted as pstree counts it: one column
// per character started (a UTF-8 lead byte or any other byte, escape sequences included), the
// line cut at the output width with a "+" in the last column; names and arguments print
// non-printable bytes as \ooo and a backslash as \\. Identical sibling subtrees fold into
// N*[...] unless -c/-p (with -a, only threads fold).
import { NAMESPACES, type PstreeOptions, type Symbols } from './command.js';
import type { TreeNode } from './collect.js';

interface SymbolSet {
  readonly empty2: string;
  readonly branch2: string;
  readonly vert2: string;
  readonly last2: string;
  readonly single3: string;
  readonly first3: string;
}

// Byte strings: the UTF-8 of U+251C, U+2500, U+2502, U+2514, U+252C, and VT100's graphics set.
const UTF_V = '\xe2\x94\x82';
const UTF_VR = '\xe2\x94\x9c';
const UTF_H = '\xe2\x94\x80';
const UTF_UR = '\xe2\x94\x94';
const UTF_HD = '\xe2\x94\xac';
const VT_BEG = '\x1b(0\x0f';
const VT_END = '\x1b(B';

export const SYMBOLS: Readonly<Record<Symbols, SymbolSet>> = {
  ascii: { empty2: '  ', branch2: '|-', vert2: '| ', last2: '`-', single3: '---', first3: '-+-' },
  utf8: { empty2: '  ', branch2: UTF_VR + UTF_H, vert2: `${UTF_V} `, last2: UTF_UR + UTF_H, single3: UTF_H + UTF_H + UTF_H, first3: UTF_H + UTF_HD + UTF_H },
  vt100: {
    empty2: '  ',
    branch2: `${VT_BEG}tq${VT_END}`,
    vert2: `${VT_BEG}x${VT_END} `,
    last2: `${VT_BEG}mq${VT_END}`,
    single3: `${VT_BEG}qqq${VT_END}`,
    first3: `${VT_BEG}qwq${VT_END}`,
  },
};

/** -C age: green under a minute, yellow under an hour, red beyond. */
function ageColor(age: number): string {
  if (age < 60) return '\x1b[32m';
  if (age < 3600) return '\x1b[33m';
  return '\x1b[31m';
}

export interface RenderSettings {
  readonly options: PstreeOptions;
  readonly symbols: SymbolSet;
  readonly width: number;
  /** The user name of a uid, or null (getpwuid). */
  readonly userName: (uid: number) => string | null;
  /** terminfo's bold and sgr0, for highlighted processes. */
  readonly bold: string | null;
  readonly normal: string | null;
}

/** Output bytes with pstree's column count (cur_x) and its cut at the output width. */
class Printer {
  private bytes = Buffer.allocUnsafe(1 << 16);
  private used = 0;
  x = 1;
  private pending = 0;

  constructor(
    private readonly width: number,
    private readonly truncate: boolean,
  ) {}

  put(byte: number): void {
    if (this.used === this.bytes.length) {
      const grown = Buffer.allocUnsafe(this.bytes.length * 2);
      this.bytes.copy(grown);
      this.bytes = grown;
    }
    this.bytes[this.used++] = byte;
  }

  /** Written as is, taking no column (colours, bold). */
  raw(text: string): void {
    for (let i = 0; i < text.length; i++) this.put(text.charCodeAt(i));
  }

  char(byte: number): void {
    if (this.pending === 0) {
      if ((byte & 0x80) === 0) this.pending = 1;
      else if ((byte & 0xe0) === 0xc0) this.pending = 2;
      else if ((byte & 0xf0) === 0xe0) this.pending = 3;
      else if ((byte & 0xf8) === 0xf0) this.pending = 4;
      else this.pending = 1;
      this.x++;
    }
    this.pending--;
    if (!this.truncate || this.x <= this.width) this.put(byte);
    else if (this.x === this.width + 1) this.put(0x2b);
  }

  text(text: string): void {
    for (let i = 0; i < text.length; i++) this.char(text.charCodeAt(i));
  }

  /** Decimal digits; returns how many. pstree's out_int prints nothing for 0 but counts one digit. */
  int(value: number): number {
    if (value === 0) return 1;
    const digits = String(value);
    this.text(digits);
    return digits.length;
  }

  /** A name or argument: \\ for a backslash, \ooo for bytes outside ' '..'~'; returns the columns. */
  escaped(text: string): number {
    let count = 0;
    for (let i = 0; i < text.length; i++) {
      const byte = text.charCodeAt(i);
      if (byte === 0x5c) {
        this.text('\\\\');
        count += 2;
      } else if (byte >= 0x20 && byte <= 0x7e) {
        this.char(byte);
        count++;
      } else {
        this.text(`\\${byte.toString(8).padStart(3, '0')}`);
        count += 4;
      }
    }
    return count;
  }

  newline(): void {
    this.put(0x0a);
    this.x = 1;
  }

  result(): Buffer {
    return this.bytes.subarray(0, this.used);
  }
}

/** Columns an argument takes once escaped, as pstree estimates it (a backslash counted as one). */
function argumentColumns(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const byte = text.charCodeAt(i);
    length += byte >= 0x20 && byte <= 0x7e ? 1 : 4;
  }
  return length;
}

class TreeWriter {
  private readonly widths: number[] = [];
  private readonly more: boolean[] = [];
  readonly out: Printer;
  private readonly o: PstreeOptions;

  constructor(private readonly s: RenderSettings) {
    this.o = s.options;
    this.out = new Printer(s.width, !s.options.long);
  }

  private same(a: TreeNode, b: TreeNode): boolean {
    if (a.name !== b.name) return false;
    if (this.o.uidChanges && a.uid !== b.uid) return false;
    if (this.o.nsChanges) {
      for (let i = 0; i < NAMESPACES.length; i++) if (a.ns[i] !== b.ns[i]) return false;
    }
    if (a.children.length !== b.children.length) return false;
    for (let i = 0; i < a.children.length; i++) if (!this.same(a.children[i] as TreeNode, b.children[i] as TreeNode)) return false;
    return true;
  }

  /** Removes the later siblings equal to kids[i] (those that fold into it) and counts them. */
  private fold(kids: TreeNode[], i: number): number {
    const first = kids[i] as TreeNode;
    let count = 0;
    for (let j = i + 1; j < kids.length; ) {
      if (this.same(first, kids[j] as TreeNode)) {
        kids.splice(j, 1);
        count++;
      } else j++;
    }
    return count;
  }

  dump(node: TreeNode, level: number, rep: number, leaf: boolean, last: boolean, prevUid: number, closing: number): void {
    const { out, o, s } = this;
    const sym = s.symbols;
    if (!leaf) {
      for (let lvl = 0; lvl < level; lvl++) {
        for (let i = (this.widths[lvl] as number) + 1; i > 0; i--) out.char(0x20);
        out.text(lvl === level - 1 ? (last ? sym.last2 : sym.branch2) : this.more[lvl + 1] ? sym.vert2 : sym.empty2);
      }
    }
    let add = 0;
    if (rep >= 2) {
      add = out.int(rep) + 2;
      out.text('*[');
    }
    if (o.colorAge) out.raw(ageColor(node.age));
    if (node.highlight && s.bold !== null) out.raw(s.bold);
    const args = o.arguments;
    let info = args ? 1 : 0;
    const open = (): void => out.char(info++ ? 0x2c : 0x28);
    if (args && node.args === null) out.char(0x28);
    const nameColumns = out.escaped(node.name);
    const offset = out.x;
    if (o.pids) {
      open();
      out.int(node.pid);
    }
    if (o.pgids) {
      open();
      out.int(node.pgid);
    }
    if (o.uidChanges && prevUid !== node.uid) {
      open();
      const name = s.userName(node.uid);
      if (name !== null) out.text(name);
      else out.int(node.uid);
    }
    if (o.nsChanges && node.parent !== null) {
      for (let i = 0; i < NAMESPACES.length; i++) {
        const mine = node.ns[i] as number;
        const theirs = node.parent.ns[i] as number;
        if (mine === 0 || theirs === 0 || mine === theirs) continue;
        open();
        out.text(NAMESPACES[i] as string);
      }
    }
    if (o.securityContext) {
      open();
      out.text('`');
      if (node.context !== null) out.text(node.context);
      out.text("'");
    }
    if ((args && node.args === null) || (!args && info)) out.char(0x29);
    if (node.highlight && s.normal !== null) out.raw(s.normal);
    if (args && node.args !== null) {
      const argv = node.args;
      for (let i = 0; i < argv.length; i++) {
        const lastArg = i === argv.length - 1;
        if (!lastArg) out.char(0x20);
        const arg = argv[i] as string;
        if (out.x + argumentColumns(arg) <= s.width - (lastArg ? 0 : 4) || o.long) out.escaped(arg);
        else {
          out.text('...');
          break;
        }
      }
    }
    if (o.colorAge) out.raw('\x1b[0m');
    // With -a or -Z every process has a line of its own.
    const ownLines = args || o.securityContext;
    if (ownLines || node.children.length === 0) {
      for (; closing > 0; closing--) out.char(0x5d);
      out.newline();
    }
    this.more[level] = !last;
    const kids = node.children.slice();
    if (ownLines) {
      this.widths[level] = (args ? 1 : 0) + (nameColumns > 1 ? 0 : -1);
      for (let i = 0; i < kids.length; i++) {
        const kid = kids[i] as TreeNode;
        if (o.compact && kid.thread) {
          const count = this.fold(kids, i);
          this.dump(kid, level + 1, count + 1, false, i === kids.length - 1, node.uid, closing + (count ? 1 : 0));
        } else this.dump(kid, level + 1, 1, false, i === kids.length - 1, node.uid, 0);
      }
      return;
    }
    this.widths[level] = nameColumns + out.x - offset + add;
    if (out.x >= s.width && !o.long) {
      out.text(sym.first3);
      out.text('+');
      out.newline();
      return;
    }
    for (let i = 0; i < kids.length; i++) {
      const count = o.compact ? this.fold(kids, i) : 0;
      const last = i === kids.length - 1;
      if (i === 0) out.text(last ? sym.single3 : sym.first3);
      this.dump(kids[i] as TreeNode, level + 1, count + 1, i === 0, last, node.uid, closing + (count ? 1 : 0));
    }
  }
}

/** The tree below `root` (nothing when there is no such process). */
export function renderTree(root: TreeNode | undefined, settings: RenderSettings): Buffer {
  const writer = new TreeWriter(settings);
  if (root !== undefined) writer.dump(root, 0, 1, true, true, 0, 0);
  return writer.out.result();
}

/** The trees of the topmost processes of a user, a blank line between two. */
export function renderUserTrees(roots: readonly TreeNode[], settings: RenderSettings): Buffer {
  const writer = new TreeWriter(settings);
  roots.forEach((root, i) => {
    if (i > 0) writer.out.put(0x0a);
    writer.dump(root, 0, 1, true, true, root.uid, 0);
  });
  return writer.out.result();
}

/** -N: "[inode]" then the trees that start in that namespace. */
export function renderNamespaces(groups: ReadonlyArray<{ inode: number; roots: readonly TreeNode[] }>, settings: RenderSettings): Buffer {
  const writer = new TreeWriter(settings);
  for (const group of groups) {
    // pstree prints the header through its column counter (newline included) into a 14-byte buffer.
    writer.out.text(`[${group.inode}]\n`.slice(0, 13));
    for (const root of group.roots) writer.dump(root, 0, 1, true, true, 0, 0);
  }
  return writer.out.result();
}
