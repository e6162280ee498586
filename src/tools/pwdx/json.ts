// pwdx --json: [{pid, cwd}] for the pids whose directory could be read, paths decoded as UTF-8.
import { jsonText } from '../../format/bytes.js';

export interface PwdxJson {
  pid: number;
  cwd: string;
}

export function pwdxJson(argument: string, path: string): PwdxJson {
  return { pid: Number(argument.replace(/^\/proc\//, '').trim()), cwd: jsonText(path) };
}
