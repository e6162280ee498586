// bash and zsh completion scripts for ptools, every pt-NAME and (when `ptools --install DIR` made
// them) the classic-name symlinks. The options come from dist/completions.json, which the build
// (scripts/bundle.mjs) reads from each command's own help, so a new command needs nothing here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../core/package.js';

/** Command name -> its options (`-x`, `--name`). */
export type OptionTable = Readonly<Record<string, readonly string[]>>;

export type Shell = 'bash' | 'zsh';
export const SHELLS: readonly Shell[] = ['bash', 'zsh'];

/** ptools' own options, completed after `ptools` in place of a command name. */
export const PTOOLS_OPTIONS: readonly string[] = ['--color', '--completion', '--help', '--install', '--version', '-V'];

/** In every script: a file that has it is ours to replace. */
export const COMPLETION_MARK = 'made by `ptools --completion';

/** The file `ptools --install DIR` writes each script to. */
export const COMPLETION_FILES: Readonly<Record<Shell, string>> = { bash: 'ptools.bash', zsh: '_ptools' };

export function readOptionTable(): OptionTable {
  return JSON.parse(readFileSync(join(packageRoot(), 'dist', 'completions.json'), 'utf8')) as OptionTable;
}

/** The names the script completes: ptools, pt-NAME for each command, and NAME itself if asked. */
function programNames(table: OptionTable, classicNames: boolean): string[] {
  const commands = Object.keys(table);
  return ['ptools', ...commands.map((name) => `pt-${name}`), ...(classicNames ? commands : [])];
}

/** The body of a shell `case` that prints the options of the command in $1. */
function optionCases(table: OptionTable, indent: string): string {
  return Object.entries(table)
    .map(([name, options]) => `${indent}${name}) echo '${options.join(' ')}' ;;`)
    .join('\n');
}

function bashScript(table: OptionTable, names: readonly string[]): string {
  return `# bash completion for ptools; ${COMPLETION_MARK} bash\`.
_ptools_options() {
  case "$1" in
${optionCases(table, '    ')}
  esac
}

_ptools() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" cmd="\${1##*/}"
  cmd="\${cmd#pt-}"
  if [ "$cmd" = ptools ]; then
    if [ "$COMP_CWORD" -eq 1 ]; then
      COMPREPLY=($(compgen -W "${Object.keys(table).join(' ')} ${PTOOLS_OPTIONS.join(' ')}" -- "$cur"))
      return
    fi
    cmd="\${COMP_WORDS[1]}"
  fi
  case "$cur" in
    -*) COMPREPLY=($(compgen -W "$(_ptools_options "$cmd")" -- "$cur")) ;;
    *) COMPREPLY=() ;;
  esac
}

complete -o default -F _ptools ${names.join(' ')}
`;
}

function zshScript(table: OptionTable, names: readonly string[]): string {
  return `#compdef ${names.join(' ')}
# zsh completion for ptools; ${COMPLETION_MARK} zsh\`.
_ptools_options() {
  case "$1" in
${optionCases(table, '    ')}
  esac
}

_ptools() {
  local cmd=\${service#pt-}
  if [[ $cmd == ptools ]]; then
    if (( CURRENT == 2 )); then
      compadd -- ${Object.keys(table).join(' ')} ${PTOOLS_OPTIONS.join(' ')}
      return
    fi
    cmd=\${words[2]}
  fi
  if [[ $PREFIX == -* ]]; then
    compadd -- \${=$(_ptools_options $cmd)}
  else
    _files
  fi
}

# Autoloaded from $fpath the file is the function's body; sourced, it registers itself.
if [[ \${zsh_eval_context[-1]} == loadautofunc ]]; then
  _ptools "$@"
else
  compdef _ptools ${names.join(' ')}
fi
`;
}

export function completionScript(shell: Shell, table: OptionTable, classicNames: boolean): string {
  const names = programNames(table, classicNames);
  return shell === 'bash' ? bashScript(table, names) : zshScript(table, names);
}
