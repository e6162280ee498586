// A Stryker ignore-plugin for `npm run mutate`: some core modules keep their pure parsers next to
// the few functions that read the kernel's files. Mutation testing is for the parsers (unit tests
// feed them text); the readers are covered by the conformance tests, which Stryker does not run.
// Mutants inside these top-level declarations are reported as ignored rather than as survivors.
import { relative } from 'node:path';
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin';

/** Per file, the top-level declarations that do I/O (filesystem, sysconf or the native addon). */
const IO = {
  'src/core/cpu.ts': ['readCpuJiffies', 'cpuTimes', 'cpuCount'],
  'src/core/disk.ts': [
    'readdirOrder',
    'liveBlockFs',
    'sysstatCorpusFs',
    'exists',
    'isWholeDevice',
    'deviceMapperMajor',
    'deviceMapperName',
    'deviceMapperTarget',
    'persistentTypeDir',
    'prettyNameFromPersistent',
    'persistentNameFromPretty',
    'kernelNameOf',
    'diskIoCounters',
  ],
  'src/core/memory.ts': ['readMeminfo', 'virtualMemory', 'swapMemory'],
  'src/core/net/tables.ts': ['readOptional', 'readRoutes', 'readIpv6Routes', 'readSnmpFiles', 'readGroupFiles'],
  'src/core/process/smaps.ts': ['mapPath', 'footprint', 'memoryFullInfo', 'memoryMaps', 'smemTotals'],
  'src/core/system.ts': ['sysconf', 'bootTime', 'uptime', 'pidMax', 'kernelInfo'],
  'src/core/tty.ts': ['isDevice', 'TtyNames'],
};

/** The names a top-level statement declares (through `export` too). */
function declaredNames(node) {
  const declaration = node.type === 'ExportNamedDeclaration' ? node.declaration : node;
  if (!declaration) return [];
  if (declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') return [declaration.id?.name];
  if (declaration.type === 'VariableDeclaration') return declaration.declarations.map((d) => d.id?.name);
  if (declaration.type === 'TSDeclareFunction') return [declaration.id?.name];
  return [];
}

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'io', {
    shouldIgnore(path) {
      if (!path.parentPath?.isProgram()) return undefined;
      const filename = path.hub?.file?.opts?.filename;
      if (!filename) return undefined;
      const names = IO[relative(process.cwd(), filename).split('\\').join('/')];
      if (!names) return undefined;
      const io = declaredNames(path.node).find((name) => names.includes(name));
      return io ? `${io} does I/O: covered by the conformance tests, not by unit tests` : undefined;
    },
  }),
];
