// pmap's rc file (-n/-N write the template, -c/-C read it): the [Fields Display] section lists
// the -X fields to show, [Mapping] may toggle ShowPath. Messages are pmap's, in its order.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export const RC_TEMPLATE = `# pmap's Config File

# All the entries are case sensitive.
# Unsupported entries are ignored!

[Fields Display]

# To enable a field uncomment its entry

#Perm
#Offset
#Device
#Inode
#Size
#Rss
#Pss
#Shared_Clean
#Shared_Dirty
#Private_Clean
#Private_Dirty
#Referenced
#Anonymous
#AnonHugePages
#Swap
#KernelPageSize
#MMUPageSize
#Locked
#VmFlags
#Mapping


[Mapping]

# to show paths in the mapping column uncomment the following line
#ShowPath

`;

export interface RcSettings {
  readonly fields: Set<string>;
  /** How many ShowPath lines toggle -p. */
  readonly showPathToggles: number;
  readonly warnings: string;
}

/** ~/.pmaprc, or null (with pmap's warning) when HOME is unset. */
export function defaultRcFile(env: NodeJS.ProcessEnv): string | null {
  return env.HOME === undefined ? null : `${env.HOME}/.pmaprc`;
}

/** config_create: false when the file exists or cannot be written. */
export function createRc(file: string): { created: boolean; warnings: string } {
  if (existsSync(file)) return { created: false, warnings: 'pmap: the file already exists - delete or rename it first\n' };
  try {
    writeFileSync(file, RC_TEMPLATE, { flag: 'wx' });
    return { created: true, warnings: '' };
  } catch {
    return { created: false, warnings: '' };
  }
}

/** config_read: null when the file cannot be opened. */
export function readRc(file: string): RcSettings | null {
  let text: string;
  try {
    text = readFileSync(file, 'latin1');
  } catch {
    return null;
  }
  const fields = new Set<string>();
  let showPathToggles = 0;
  let warnings = '';
  let section: 'none' | 'unsupported' | 'fields' | 'mapping' = 'none';
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, i) => {
    const number = i + 1;
    const warn = (message: string) => {
      warnings += `pmap: ${message} - line ${number}\n`;
    };
    let rest = raw.replace(/^[ \t]+/, '');
    if (rest.startsWith('#') || rest === '') return;
    if (rest.startsWith('[')) {
      if (rest.startsWith('[Fields Display]')) {
        rest = rest.slice('[Fields Display]'.length);
        section = 'fields';
      } else if (rest.startsWith('[Mapping]')) {
        rest = rest.slice('[Mapping]'.length);
        section = 'mapping';
      } else {
        const close = rest.indexOf(']');
        if (close >= 0) {
          section = 'unsupported';
          warn('unsupported section found in the config');
          rest = rest.slice(close + 1);
        } else {
          warn('syntax error found in the config');
          rest = '';
        }
      }
      rest = rest.replace(/^[ \t]+/, '');
      if (rest.startsWith('#') || rest === '') return;
      warn('syntax error found in the config');
    }
    const [token, tail] = rest.split(/[ \t]+/).filter((word) => word !== '');
    switch (section) {
      case 'fields':
        if (token === undefined) break;
        if (tail !== undefined && !tail.startsWith('#')) warn('syntax error found in the config');
        fields.add(token.slice(0, 31));
        break;
      case 'mapping':
        if (token === undefined) break;
        if (tail !== undefined && !tail.startsWith('#')) warn('syntax error found in the config');
        if (token === 'ShowPath') showPathToggles++;
        break;
      case 'unsupported':
        break;
      default:
        warn('syntax error found in the config');
    }
  });
  return { fields, showPathToggles, warnings };
}
