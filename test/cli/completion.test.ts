// The shell completions: the scripts `ptools --completion bash|zsh` prints are loaded into a real
// shell, which must register them for every name and offer each command's options as its help
// lists them (the help is run here too, so the test does not read back the table it checks).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TOOLS } from '../../src/cli/tool.js';
import { ENV, IN_CI, REPO } from '../conformance/harness.js';

const scratch = mkdtempSync(join(tmpdir(), 'ptools-completion-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function ptools(...args: string[]): { stdout: string; stderr: string; status: number | null } {
  const result = spawnSync(process.execPath, [join(REPO, 'bin/ptools.js'), ...args], { cwd: REPO, env: ENV, encoding: 'utf8' });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

const bashScript = join(scratch, 'ptools.bash');
writeFileSync(bashScript, ptools('--completion', 'bash').stdout);

/** What bash completes for the words typed so far (the last one is being completed). */
function bashComplete(words: readonly string[]): string[] {
  const quoted = words.map((word) => `'${word}'`).join(' ');
  const script = `source ${bashScript}
COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}
_ptools ${words[0]} "\${COMP_WORDS[COMP_CWORD]}" ""
printf '%s\\n' "\${COMPREPLY[@]}"`;
  const result = spawnSync('bash', ['--norc', '-c', script], { env: ENV, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return result.stdout.split('\n').filter((line) => line !== '');
}

/** `-x` and `--name` as the command's help names them. */
function helpOptions(name: string, args: readonly string[]): string[] {
  const help = spawnSync(process.execPath, [join(REPO, 'bin/ptools.js'), name, ...args], { cwd: REPO, env: ENV, encoding: 'utf8' });
  const text = `${help.stdout}${help.stderr}`;
  return [...text.matchAll(/(?<![\w-])(-[A-Za-z0-9]|--[A-Za-z][\w-]+)(?![\w-])/g)].map((match) => match[1] as string);
}

describe('ptools --completion bash', () => {
  it('registers ptools and every pt-NAME', () => {
    const result = spawnSync('bash', ['--norc', '-c', `source ${bashScript}; complete -p`], { env: ENV, encoding: 'utf8' });
    const registered = result.stdout.split('\n').filter((line) => line.includes('_ptools')).sort();
    expect(registered).toEqual([...['ptools', ...TOOLS.map((tool) => `pt-${tool.name}`)].map((name) => `complete -o default -F _ptools ${name}`)].sort());
  });

  it('offers the commands and ptools options after ptools', () => {
    expect(bashComplete(['ptools', 'pr']).sort()).toEqual(TOOLS.map((tool) => tool.name).filter((name) => name.startsWith('pr')).sort());
    expect(bashComplete(['ptools', '--co'])).toEqual(['--color', '--completion']);
  });

  it.each(TOOLS.map((tool) => [tool.name, tool.helpArgs ?? ['--help']] as const))('offers every option %s --help lists, and --json', (name, args) => {
    const listed = new Set([...helpOptions(name, args), '--json']);
    expect(new Set(bashComplete([`pt-${name}`, '-']))).toEqual(listed);
    expect(new Set(bashComplete(['ptools', name, '-']))).toEqual(listed);
    const long = [...listed].filter((option) => option.startsWith('--'));
    expect(new Set(bashComplete([`pt-${name}`, '--']))).toEqual(new Set(long));
  });

  it('is installed by --install next to the links, completing the classic names too', () => {
    const dir = join(scratch, 'links');
    mkdirSync(dir);
    expect(ptools('--install', dir).status).toBe(0);
    const result = spawnSync('bash', ['--norc', '-c', `source ${join(dir, 'ptools.bash')}; complete -p free`], { env: ENV, encoding: 'utf8' });
    expect(result.stdout).toBe('complete -o default -F _ptools free\n');
  });

  it('refuses a shell it has no script for', () => {
    expect(ptools('--completion', 'fish')).toMatchObject({ stdout: '', status: 1 });
  });
});

const zsh = spawnSync('zsh', ['--version']).error ? 'zsh is not installed' : null;
if (zsh && IN_CI) throw new Error(zsh);

describe.skipIf(zsh !== null)(`ptools --completion zsh${zsh ? ` (skipped: ${zsh})` : ''}`, () => {
  const zshScript = join(scratch, '_ptools');
  writeFileSync(zshScript, ptools('--completion', 'zsh').stdout);
  const inZsh = (script: string) => spawnSync('zsh', ['-f', '-c', `autoload -Uz compinit && compinit -u -d ${join(scratch, 'zcompdump')}\n${script}`], { env: ENV, encoding: 'utf8' });

  it('registers ptools and every pt-NAME when sourced', () => {
    const names = ['ptools', ...TOOLS.map((tool) => `pt-${tool.name}`)];
    const result = inZsh(`source ${zshScript}\nfor name in ${names.join(' ')}; do print -r -- "$name=$_comps[$name]"; done`);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(names.map((name) => `${name}=_ptools\n`).join(''));
  });

  it('is found on $fpath as _ptools, and lists each command’s options', () => {
    const result = inZsh(`fpath=(${scratch} $fpath); compinit -u -d ${join(scratch, 'zcompdump2')}; print -r -- $_comps[pt-free]; source ${zshScript}; _ptools_options free`);
    expect(result.stderr).toBe('');
    const [registered, options = ''] = result.stdout.split('\n');
    expect(registered).toBe('_ptools');
    expect(new Set(options.split(' '))).toEqual(new Set([...helpOptions('free', ['--help']), '--json']));
  });
});
