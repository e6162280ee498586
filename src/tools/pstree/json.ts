// pstree --json: the selected trees as nested objects, every process and thread listed (no
// N*[...] folding). Names and arguments are decoded from bytes here, and only here.
import { jsonText } from '../../format/bytes.js';
import type { TreeNode } from './collect.js';

export interface PstreeJsonNode {
  pid: number;
  name: string;
  thread: boolean;
  pgid: number;
  uid: number;
  user: string | null;
  /** With -a: the arguments after argv[0] as pstree shows them; null for an empty command line. */
  arguments?: string[] | null;
  children: PstreeJsonNode[];
}

export interface PstreeJsonNamespace {
  namespace: number;
  processes: PstreeJsonNode[];
}

export function treeJson(node: TreeNode, withArguments: boolean, userName: (uid: number) => string | null): PstreeJsonNode {
  const out: PstreeJsonNode = { pid: node.pid, name: jsonText(node.name), thread: node.thread, pgid: node.pgid, uid: node.uid, user: userName(node.uid), children: [] };
  if (withArguments) {
    const args = node.args === null ? null : node.args.map(jsonText);
    // pstree's split ends on the empty string after the final NUL, which it prints as nothing.
    if (args !== null && args[args.length - 1] === '') args.pop();
    out.arguments = args;
  }
  out.children = node.children.map((child) => treeJson(child, withArguments, userName));
  return out;
}
