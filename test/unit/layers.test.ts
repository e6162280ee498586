// The layering CONTRIBUTING.md states, checked over the import graph of src/: data flows from the
// core (kernel files to objects) through the tools to the formatters, and nothing flows back.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../conformance/harness.js';

const SRC = join(REPO, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The relative modules a file imports, re-exports or loads with import(), as paths under src/. */
function importsOf(file: string, text: string): string[] {
  const pattern = /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*'([^']+)'|\bimport\(\s*'([^']+)'\s*\)|(?:^|\n)\s*import\s*'([^']+)'/g;
  const specifiers = [...text.matchAll(pattern)].map((match) => match[1] ?? match[2] ?? match[3] ?? '');
  return specifiers.filter((specifier) => specifier.startsWith('.')).map((specifier) => relative(SRC, resolve(dirname(file), specifier)));
}

/** The layer of a path under src/: core, format, cli, util, index, or tools/NAME. */
function layerOf(path: string): string {
  const [top, second] = path.split('/');
  if (top === 'tools') return `tools/${second}`;
  if (top === 'index.ts') return 'index';
  return top ?? '';
}

/** What each layer must not import (a layer may always import itself). */
function forbidden(from: string, to: string): string | null {
  if (to.startsWith('..')) return null; // native/index.js types, outside src/
  const target = layerOf(to);
  if (target === from) return null;
  if (from === 'core' && ['format', 'cli', 'index'].includes(target)) return 'the core imports only the core and util';
  if (from === 'core' && target.startsWith('tools/')) return 'the core imports only the core and util';
  if (from === 'format' && (target === 'core' || target === 'cli' || target.startsWith('tools/'))) return 'formatters import only formatters and util';
  if (from === 'util') return 'util imports nothing of src/';
  if (from === 'index' && target !== 'core' && target !== 'util') return 'the library exports only the core';
  if (from.startsWith('tools/') && target.startsWith('tools/')) return 'no tool imports another tool';
  if (from.startsWith('tools/') && to === 'cli/tool.js') return 'the table of commands imports the tools, not the other way';
  return null;
}

function layerViolations(files: ReadonlyArray<{ path: string; text: string }>): string[] {
  return files.flatMap(({ path, text }) => {
    const from = layerOf(relative(SRC, path));
    return importsOf(path, text).flatMap((to) => {
      const why = forbidden(from, to);
      return why ? [`${relative(SRC, path)} imports ${to}: ${why}`] : [];
    });
  });
}

describe('the import graph of src/', () => {
  it('keeps the layers', () => {
    const files = sourceFiles(SRC).map((path) => ({ path, text: readFileSync(path, 'utf8') }));
    expect(files.length).toBeGreaterThan(50);
    expect(layerViolations(files)).toEqual([]);
  });

  it('sees a forbidden import in each direction the rules name', () => {
    const at = (path: string, text: string) => ({ path: join(SRC, path), text });
    expect(
      layerViolations([
        at('core/a.ts', "import { x } from '../format/bytes.js';"),
        at('core/b.ts', "import type { T } from '../tools/ps/row.js';"),
        at('core/c.ts', "export { y } from '../cli/tool.js';"),
        at('format/d.ts', "import { IFF } from '../core/net/interfaces.js';"),
        at('format/e.ts', "const m = await import('../tools/free/index.js');"),
        at('tools/ps/f.ts', "import { g } from '../free/collect.js';"),
        at('index.ts', "export { CommandFailed } from './cli/run.js';"),
        at('util/h.ts', "import { i } from '../core/procfs.js';"),
        at('tools/free/q.ts', "import type { ToolEntry } from '../../cli/tool.js';\nimport type { ToolContext } from '../../cli/context.js';"),
        at('format/p.ts', "import '../core/native.js';"),
        // Allowed: within a layer, the core and util from a tool, util from anywhere.
        at('tools/ps/j.ts', "import { k } from './row.js';\nimport { l } from '../../core/procfs.js';\nimport { m } from '../../util/number.js';"),
        at('format/n.ts', "import { o } from '../util/if-flags.js';"),
      ]),
    ).toEqual([
      'core/a.ts imports format/bytes.js: the core imports only the core and util',
      'core/b.ts imports tools/ps/row.js: the core imports only the core and util',
      'core/c.ts imports cli/tool.js: the core imports only the core and util',
      'format/d.ts imports core/net/interfaces.js: formatters import only formatters and util',
      'format/e.ts imports tools/free/index.js: formatters import only formatters and util',
      'tools/ps/f.ts imports tools/free/collect.js: no tool imports another tool',
      'index.ts imports cli/run.js: the library exports only the core',
      'util/h.ts imports core/procfs.js: util imports nothing of src/',
      'tools/free/q.ts imports cli/tool.js: the table of commands imports the tools, not the other way',
      'format/p.ts imports core/native.js: formatters import only formatters and util',
    ]);
  });
});
