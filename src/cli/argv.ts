// Command-line arguments as the bytes the program was started with. Node decodes argv as UTF-8
// and puts U+FFFD in place of every invalid sequence, so an argument such as $'bad\xff' cannot be
// told from 'bad\uFFFD'; the C tools compare and print the bytes they were given. The kernel keeps
// those bytes in /proc/self/cmdline (execve's argument strings, NUL-terminated), where the
// arguments after the script are the last ones. An argument that was not valid UTF-8 is decoded
// from there as Python does (surrogateescape, decodeText), which keeps every byte: encodeText
// (src/format/python.ts) gives them back when the argument is compared or printed.
import { readFileSync } from 'node:fs';
import { parseCmdline } from '../core/process/parsers.js';
import { decodeText } from '../core/text.js';

const REPLACEMENT = '\ufffd';

export function rawArguments(args: readonly string[], cmdline: () => Buffer = () => readFileSync('/proc/self/cmdline')): string[] {
  // Only an argument holding U+FFFD can have lost bytes: the file is read only then.
  if (!args.some((arg) => arg.includes(REPLACEMENT))) return [...args];
  let raw: Buffer[];
  try {
    raw = parseCmdline(cmdline());
  } catch {
    return [...args];
  }
  const tail = raw.slice(raw.length - args.length);
  return args.map((arg, i) => {
    const bytes = tail[i];
    // The same argument decoded as Node did, or the file does not line up: keep Node's.
    if (!arg.includes(REPLACEMENT) || bytes === undefined || bytes.toString('utf8') !== arg) return arg;
    return decodeText(bytes);
  });
}
