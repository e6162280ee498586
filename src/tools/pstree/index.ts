// pt-pstree: psmisc 23.6's pstree over /proc.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { ToolContext } from '../../cli/context.js';
import { CommandFailed } from '../../core/errors.js';
import { terminalOn } from '../../core/terminal.js';
import { readTerminfo, termcapNormal, TERMINFO_STRING, terminfoString, withoutPadding } from '../../core/terminfo.js';
import { userById, userByName } from '../../core/users.js';
import { argumentBytes } from '../../format/bytes.js';
import { jsonLine } from '../../format/json.js';
import { parsePstreeCommand, type PstreeOptions, type Symbols } from './command.js';
import { collectTree, type ProcessTree, type TreeNode } from './collect.js';
import { treeJson } from './json.js';
import { strtolWhole } from '../../util/number.js';
import { renderNamespaces, renderTree, renderUserTrees, SYMBOLS, type RenderSettings } from './render.js';

/** psmisc prints its version to stderr and exits 0; ptools' version joins the first line. */
const versionText = (ptoolsVersion: string): string => `pstree (PSmisc) 23.6 (ptools ${ptoolsVersion})
Copyright (C) 1993-2021 Werner Almesberger and Craig Small

PSmisc comes with ABSOLUTELY NO WARRANTY.
This is free software, and you are welcome to redistribute it under
the terms of the GNU General Public License.
For more information about these matters, see the files named COPYING.
`;

const ROOT_PID = 1;

/** COLUMNS when strtol takes all of it and it is in 1..0x7ffffffe, else the terminal's width, else 132. */
export function outputWidth(env: NodeJS.ProcessEnv, terminalColumns: number | undefined): number {
  const columns = env.COLUMNS ? strtolWhole(env.COLUMNS) : null;
  if (columns !== null && columns > 0n && columns < 0x7fffffffn) return Number(columns);
  return terminalColumns || 132;
}

/** UTF-8 box drawing on a terminal whose locale's codeset is UTF-8, as pstree checks nl_langinfo(CODESET). */
function defaultSymbols(env: NodeJS.ProcessEnv, isTerminal: boolean): Symbols {
  if (!isTerminal) return 'ascii';
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return /\.utf-?8(@|$)/i.test(locale) ? 'utf8' : 'ascii';
}

/** pstree's dump_by_user: the topmost processes of a uid below pid 1. */
function userRoots(node: TreeNode | undefined, uid: number, found: TreeNode[]): TreeNode[] {
  if (node === undefined) return found;
  if (node.uid === uid) found.push(node);
  else for (const child of node.children) userRoots(child, uid, found);
  return found;
}

/** pstree's sort_by_namespace: each process whose namespace differs from its parent's starts a tree. */
function namespaceGroups(tree: ProcessTree, index: number): Array<{ inode: number; roots: TreeNode[] }> {
  const groups: Array<{ inode: number; roots: TreeNode[] }> = [];
  const visit = (node: TreeNode) => {
    const inode = node.ns[index] as number;
    if (node.parent === null || (node.parent.ns[index] as number) !== inode) {
      let group = groups.find((g) => g.inode === inode);
      if (group === undefined) {
        group = { inode, roots: [] };
        groups.push(group);
      }
      group.roots.push(node);
      if (node.parent !== null) {
        const siblings = node.parent.children;
        siblings.splice(siblings.indexOf(node), 1);
        node.parent = null;
      }
    }
    for (const child of node.children.slice()) visit(child);
  };
  const init = tree.nodes.get(ROOT_PID);
  if (init !== undefined) visit(init);
  return groups;
}

function highlight(tree: ProcessTree, options: PstreeOptions): void {
  if (options.highlight === 0) return;
  const pid = options.highlight === 'self' ? process.pid : options.highlight;
  for (let node = tree.nodes.get(pid) ?? null; node !== null; node = node.parent) node.highlight = true;
}

export async function runPstree(argv: readonly string[], tool: ToolContext): Promise<void> {
  const env = tool.env;
  const command = parsePstreeCommand(
    argv,
    { term: env.TERM, hasEntry: (term) => readTerminfo(term, env) !== null },
    (type) => {
      try {
        statSync(join(tool.procfs.proc, String(process.pid), 'ns', type));
        return true;
      } catch {
        return false;
      }
    },
  );
  if (command.kind === 'version') throw new CommandFailed(versionText(tool.version), 0);
  const options = command.options;
  let uid: number | null = null;
  if (options.user !== null) {
    const entry = userByName(options.user);
    if (entry === null) throw new CommandFailed(`No such user name: ${options.user}\n`, 1);
    uid = entry.uid;
  }
  const terminal = terminalOn(1);
  const width = outputWidth(env, terminal?.columns);
  const tree = collectTree(tool.procfs, options, width);
  if (tree.empty) throw new CommandFailed(`${tool.procfs.proc} is empty (not mounted ?)\n`, 1);
  highlight(tree, options);

  let pid = options.pid ?? ROOT_PID;
  if (options.showParents && options.pid !== null) {
    const chosen = tree.nodes.get(options.pid);
    if (chosen === undefined) throw new CommandFailed(`Process ${options.pid} not found.\n`, 1);
    for (let node = chosen; node.parent !== null; node = node.parent) node.parent.children = [node];
    pid = ROOT_PID;
  }

  const userName = (id: number) => userById(id)?.name ?? null;
  // NSS hands back text; pstree prints the name's bytes.
  const userBytes = (id: number) => {
    const name = userName(id);
    return name === null ? null : argumentBytes(name);
  };
  const entry = env.TERM !== undefined && options.highlight !== 0 ? readTerminfo(env.TERM, env) : null;
  const bold = entry === null ? null : terminfoString(entry, TERMINFO_STRING.bold);
  const settings: RenderSettings = {
    options,
    symbols: SYMBOLS[options.symbols ?? defaultSymbols(env, terminal !== null)],
    width,
    userName: userBytes,
    bold: bold === null ? null : withoutPadding(bold),
    normal: entry === null ? null : termcapNormal(entry),
  };

  if (options.nsSort >= 0) {
    const groups = namespaceGroups(tree, options.nsSort);
    if (options.json) {
      const shaped = groups.map((g) => ({ namespace: g.inode, processes: g.roots.map((root) => treeJson(root, options.arguments, userName)) }));
      return tool.output.write(jsonLine(shaped));
    }
    return tool.output.write(renderNamespaces(groups, settings));
  }
  if (uid !== null) {
    const roots = userRoots(tree.nodes.get(ROOT_PID), uid, []);
    if (roots.length === 0) throw new CommandFailed('No processes found.\n', 1);
    if (options.json) return tool.output.write(jsonLine(roots.map((root) => treeJson(root, options.arguments, userName))));
    return tool.output.write(renderUserTrees(roots, settings));
  }
  const root = tree.nodes.get(pid);
  if (options.json) return tool.output.write(jsonLine(root === undefined ? [] : [treeJson(root, options.arguments, userName)]));
  tool.output.write(renderTree(root, settings));
}
