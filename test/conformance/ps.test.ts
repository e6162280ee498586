// pt-ps against procps-ng's ps on frozen process tables, byte for byte: stdout, stderr and exit
// status, with the clock pinned to the fixture's "now" for both.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectSameRun, FIXTURES, IN_CI, ours, runInProcTree, unavailableReason } from './harness.js';

const NOW = '2026-11-23 12:00:00';

/** Cases run on every crafted tree: formats, selections, sorting, trees, widths. */
const CASES: string[][] = [
  [],
  ['aux'],
  ['-ef'],
  ['-e'],
  ['-A'],
  ['ax'],
  ['-eo', 'pid,comm'],
  ['-el'],
  ['-ely'],
  ['-eF'],
  ['-ej'],
  ['-ejH'],
  ['axj'],
  ['axl'],
  ['axs'],
  ['axv'],
  ['-eLf'],
  // procps' test columns, which cycle with the count of lines to the next header.
  ['-eo', 'pid,_left,_left2,_right,_right2,_unlimited,_unlimited2'],
  ['--headers', '-eo', 'pid,_left,_unlimited2'],
  ['-eLo', 'pid,_right2,_unlimited', '--no-headers'],
  ['L'],
  ['-eL'],
  ['-eT'],
  ['-e', '--forest'],
  ['axf'],
  ['-ef', '--forest'],
  ['-eo', 'pid,user,ruser,suser,fuser,uid,ruid,suid,fuid,euid,euser'],
  ['-eo', 'pid,group,rgroup,egroup,gid,rgid,egid,sgid,fgid'],
  ['-eo', 'pid,stat,s,state,nice,ni,pri,opri,priority,intpri,rtprio,cls,class,policy,sched,psr'],
  ['-eo', 'pid,start,start_time,stime,bsdstart,lstart'],
  ['-eo', 'pid,etime,etimes,time,cputime,bsdtime,times,cputimes'],
  ['-eo', 'pid,%cpu,pcpu,c,cp,%mem,pmem,rss,rsz,rssize,vsz,vsize,sz,size'],
  ['-eo', 'pid,tty,tt,tname,tpgid,sid,sess,session,pgid,pgrp,ppid'],
  ['-eo', 'pid,comm,args,cmd,command,ucmd,ucomm'],
  ['-eo', 'pid,blocked,caught,ignored,pending,sigmask,sigcatch,sigignore,sig'],
  ['-eo', 'pid,maj_flt,min_flt,majflt,minflt,nlwp,thcount,f,flags,wchan'],
  ['-eo', 'pid,wchan:20,comm'],
  ['-eo', 'pid,user:3,group:12,comm'],
  ['-eo', 'pid=PROCESS,comm=NAME'],
  ['-eo', 'pid=,comm='],
  ['-e', '-o', 'pid', '-o', 'args'],
  ['-eo', 'pid,supgid,supgrp,cgroup'],
  // Both escape_str'd to the room left (pr_cgname, pr_cgroup): cut to their width before another column.
  // n: users as numbers, WCHAN still a name (procps 4 has no addresses), right-justified.
  ['ax', 'n', '-o', 'pid,wchan,user'],
  ['ax', 'n', 'l'],
  ['-e', 'n', '-l'],
  // -y and -c on a BSD format: F goes (RSS takes ADDR's place), CLS and PRI replace %CPU, NI and PRI.
  ['-y', 'l'],
  ['-c', 'l'],
  ['-yc', 'l'],
  ['-y', 'u'],
  // Keywords procps accepts with nothing to print (pr_nop): "-" at their width and side.
  ['-eo', 'pid,cwd,jobc,sl,re,tsid,taskid,cursig,upr,mwchan,luser,emul,zoneid'],
  // The other keywords read from stat and status.
  ['-eo', 'pid,dsiz,tsiz,trss,stackp,sgi_rss,sgi_p,util,cuu,cuc,wname,zone,longtname,tsig'],
  ['-eo', 'pid,pri_api,pri_bar,pri_baz,pri_foo'],
  ['-eo', 'pid,oom,oomadj,rbytes,wchars,pss,uss,lim,luid,ag_id,ag_nice,numa,tty4'],
  ['-e', '--sort', 'cuu', '-o', 'pid,cuu,cuc'],
  // Other vendors' formats, as keywords (macro_array).
  ['-eo', 'FB_j'],
  ['-eo', 'FB_v'],
  ['-eo', 'Std_fl'],
  ['-eo', 'RD_lj'],
  ['-eo', 'HP_fl'],
  ['-eo', 'THREAD'],
  ['-eo', 'SCHED'],
  ['-eo', 'VFMT'],
  ['-eo', 'RUSAGE'],
  // pr_fname: the forest art, then 8 cells of the name at most; a wider column is not padded.
  ['-e', '--forest', '-o', 'pid,fname'],
  ['-e', '--forest', '-o', 'fname,pid'],
  ['-e', '-H', '-o', 'fname:20,pid'],
  ['ax', 'f', '-o', 'pid,fname,ucomm'],
  ['-e', '-o', 'fname:3,pid'],
  ['-e', '-o', 'fname:12,pid'],
  // Sort keys are the library's items (output.c), not the printed text.
  ['-e', '--sort', 'stat', '-o', 'pid,stat,vsz,time,stat'],
  ['-e', '--sort', 'cls', '-o', 'pid,cls,vsz,time,stat'],
  ['-e', '--sort', 'policy', '-o', 'pid,policy,vsz,time,stat'],
  ['-e', '--sort', 'time', '-o', 'pid,time,vsz,time,stat'],
  ['-e', '--sort', 'cputimes', '-o', 'pid,cputimes,vsz,time,stat'],
  ['-e', '--sort', 'etime', '-o', 'pid,etime,vsz,time,stat'],
  ['-e', '--sort', 'etimes', '-o', 'pid,etimes,vsz,time,stat'],
  ['-e', '--sort', 'flags', '-o', 'pid,flags,vsz,time,stat'],
  ['-e', '--sort', 'fname', '-o', 'pid,fname,vsz,time,stat'],
  ['-e', '--sort', 'size', '-o', 'pid,size,vsz,time,stat'],
  ['-e', '--sort', 'trs', '-o', 'pid,trs,vsz,time,stat'],
  ['-e', '--sort', 'drs', '-o', 'pid,drs,vsz,time,stat'],
  ['-e', '--sort', '-label', '-o', 'pid,label,vsz,time,stat'],
  ['-e', '--sort', 'context', '-o', 'pid,context,vsz,time,stat'],
  ['-e', '--sort', 'fgid', '-o', 'pid,f'],
  ['-e', '--sort', '-fgid', '-o', 'pid,fgid'],
  ['-eo', 'cgname,pid'],
  ['-eo', 'cgroup,pid'],
  ['-eo', 'cgname:12,cgroup:40,pid'],
  ['--sort=-rss', '-eo', 'pid,rss,comm'],
  ['--sort=user,-pid', '-eo', 'pid,user'],
  ['k', '-%cpu', 'ax', 'o', 'pid,%cpu,comm'],
  ['-eo', 'pid,comm', '--sort', 'comm'],
  ['-p', '1,2,300', '-f'],
  ['p', '307'],
  ['-p', '99999'],
  ['-u', 'alice'],
  ['-U', '1000', '-o', 'pid,comm'],
  ['-u', '4242'],
  ['-G', 'alice'],
  ['-g', '200'],
  ['-s', '200', '-o', 'pid,sess,comm'],
  ['--ppid', '300'],
  ['-C', 'bash,sshd'],
  ['-C', 'averyveryverylongprogramname'],
  ['-q', '300,1'],
  ['q', '307', 'o', 'pid,nlwp'],
  ['-N', '-u', 'root'],
  ['r'],
  ['ax', 'r'],
  ['x'],
  ['a'],
  ['-a'],
  ['-d'],
  ['ax', '-o', 'pid,comm', '--no-headers'],
  ['-ef', '--headers'],
  ['axc'],
  ['axe'],
  ['axS'],
  ['axn'],
  ['-ew'],
  ['-eww'],
  ['--cols', '60', '-ef'],
  ['-eO', 'pgid'],
  ['ax', 'O', 'pgid'],
  ['ax', 'O', 'v'],
  ['ax', '--sort=vsize', 'o', 'pid,vsz,size'],
  ['ax', 'O', 'r'],
  ['ax', '--sort=tpgid,-pid', 'o', 'pid,tpgid'],
  ['t', 'tty1'],
  ['-eo', 'pid,exe,label'],
  ['axX'],
  ['-e', '--context'],
  ['-eo', 'pid,start_stack,esp,eip,m_size,m_share,vm_lib'],
  // Names as bytes (pids 302 and 330-333): -C compares the kernel's bytes with the argument's.
  ['-C', 'café'],
  ['-C', 'abcdefghijklmné'],
  ['-C', 'abcdefghijklmn'],
  ['-C', '日本語のプ'],
  ['-C', '日本語のプログラム'],
  ['-C', 'sixty-four-byte'],
  ['-C', `sixty-four-byte${'-'.repeat(49)}`],
  ['-C', 'caf'],
  ['-eo', 'pid,user:4,comm:4,args:12'],
  ['-eo', 'pid,ucomm,fname,cmd'],
  // AIX descriptors: every one, texts between them, and with the other format and sort options.
  ['-eo', '%p %c %a'],
  ['-eo', '%C %G %P %U %g %n %r'],
  ['-eo', '%t %u %x %y %z %p'],
  ['-eo', '%p%c%a'],
  ['-eo', 'x%p  %u %c '],
  ['-eo', ' %U%p'],
  ['-eo', 'c %p %c'],
  ['-e', '-o', '%p', '-o', 'pid', '-o', '%c'],
  ['ax', 'o', '%p %U %x'],
  ['-e', '--format', '%p %y %a'],
  ['--format=%r %p %c', '-e'],
  ['-eO', '%z'],
  ['ax', 'O', '%u'],
  ['-eo', '%p %z %c', '--sort=-vsz'],
  ['k', '-pcpu,pid', 'ax', 'o', '%p %C %c'],
  ['-e', '--forest', '-o', '%p %a'],
  ['axf', 'o', '%P %p %c'],
  ['-eL', '-o', '%p %c'],
  ['-eo', '%p %c', '--no-headers'],
];

/** Run again in a UTF-8 locale, where procps prints valid multibyte names and counts cells. */
const UTF8_CASES: string[][] = [
  ['-u', 'josé'],
  ['-G', 'séance', '-o', 'pid,group,comm'],
  ['aux'],
  ['-ef'],
  ['-eo', 'pid,user,group,comm,args'],
  ['-eo', 'pid,comm:4,args:12'],
  ['-eo', 'pid,comm:5,fname,ucomm'],
  ['-C', 'café', '-o', 'pid,comm,args'],
  ['-ef', '--forest'],
  ['-eww'],
  ['--cols', '40', 'aux'],
];

/** Mistakes: the same everywhere, run on one tree. */
const ERRORS: string[][] = [
  ['-p'],
  ['-p', 'x'],
  ['-p', '0'],
  ['-u', 'nosuchuser'],
  ['-g', 'nosuchgroup'],
  ['-o', 'nosuchfield'],
  ['--sort=bogus'],
  ['--foo'],
  ['aux', '-p', '1', '-q', '1'],
  ['-q', '1', '-q', '2'],
  ['-x'],
  ['-V', '-e'],
  ['-o', ''],
  // Lines wider than show_one_proc's buffer: its complaint for every line, headers included.
  ['--cols', '131073', '-p', '1,2'],
  ['--cols', '131073', '-p', '1,2,15', '--headers', '--lines', '3'],
  ['--cols', '200000', '-p', '4242424', '--no-headers'],
  // A failed first reading is retried as BSD, but a dashless BSD option fails the retry ("way
  // bad"): the first error stands. -c on a macro without PRI is a catastrophic failure.
  ['-f', 'u'],
  ['-c', 'u'],
  ['-c', 'X'],
  ['-c', 'j'],
  ['-m', 'H'],
  ['m', 'H'],
  ['m', '-m'],
  ['m', '--forest'],
  ['-m', 'f'],
  ['-x', 'x'],
  ['-x', 'u'],
  ['-n', 'x'],
  ['-n', 'a'],
  ['-o', ','],
  ['-o', ' '],
  ['--format', ',,'],
  ['-O', ','],
  ['o', ','],
  ['--sort', ','],
  ['k', ' '],
  ['--sort', 'pid,,ppid'],
  ['-o', 'pid:0'],
  ['-o', 'DefBSD:3'],
  ['-L', '--forest'],
  ['-y'],
  ['k'],
  ['-ef', '--no-headers', '--headers'],
  // --headers repeats the header every LINES - 1 rows; with one line, once (lines_to_next_header passes 0).
  ['-e', '--headers', '--lines', '1'],
  ['-e', '--headers', '--rows', '2'],
  ['-e', '--headers', '--lines', '4'],
  ['--help'],
  ['--help', 'all'],
  ['--help', 'threads'],
  ['W'],
  ['p', '1,,2'],
  ['-t', 'nosuchtty'],
  ['-t', 'pts/0'],
  ['-p', '300', '305', '-o', 'pid,stat,args'],
  ['ax', '--sort=cstime'],
  ['ax', 'O', 'J'],
  ['-o', '%q'],
  ['-o', '%~'],
  ['-o', '%'],
  ['-o', '%%p'],
  ['--format', '% p'],
  ['-o', 'pid:%p'],
  ['-o', '%p,%c'],
  ['-o', '%p x'],
  ['-o', '%px'],
  ['-o', 'ab%p'],
  ['-o', '%é'],
  ['-o', '%cpu %p'],
  ['-o', '%p', '-o', 'nosuch'],
  ['-O', '%p x'],
  ['O', '%q'],
];

const TREES = ['ps-crafted', 'ps-crafted-pidmax'];

/** The captured table (capture-procs.mjs) has the machine's users only, not the crafted ones. */
const CAPTURED = 'ps-captured';
const NAMED = /alice|4242|averyvery|bash|sshd|tty1|pts|^-?[gsG]$|^--ppid$|^-q$|^q$|^p$/;
const CAPTURED_CASES = CASES.filter((args) => !args.some((arg) => NAMED.test(arg)));

const reason = unavailableReason('ps') ?? unavailableReason('faketime');

describe(`ps conformance${reason ? ` (cannot run: ${reason})` : ''}`, () => {
  if (reason) {
    it.runIf(IN_CI)('has ps, faketime and unshare', () => {
      throw new Error(reason);
    });
    it.skipIf(IN_CI)(`skipped: ${reason}`, () => {});
    return;
  }
  const compare = (tree: string, args: string[]) => {
    const classic = runInProcTree(tree, ['ps', ...args], NOW);
    const mine = runInProcTree(tree, ours('ps', args), NOW);
    expectSameRun(mine, classic);
    return classic;
  };
  for (const tree of TREES) {
    for (const args of CASES) {
      it(`${tree}: ps ${args.join(' ')}`, () => {
        const classic = compare(tree, args);
        // Guard against two identical failures passing as agreement.
        expect(classic.stderr.length).toBe(0);
        expect(classic.stdout.length).toBeGreaterThan(0);
      });
    }
  }
  for (const args of CAPTURED_CASES) {
    it(`${CAPTURED}: ps ${args.join(' ')}`, () => {
      const classic = compare(CAPTURED, args);
      expect(classic.stderr.length).toBe(0);
    });
  }
  for (const args of UTF8_CASES) {
    it(`ps-crafted, LC_ALL=C.UTF-8: ps ${args.join(' ')}`, () => {
      const utf8 = { LC_ALL: 'C.UTF-8' };
      const classic = runInProcTree('ps-crafted', ['ps', ...args], NOW, utf8);
      expectSameRun(runInProcTree('ps-crafted', ours('ps', args), NOW, utf8), classic);
      expect(classic.stderr.length).toBe(0);
    });
  }
  for (const args of ERRORS) it(`errors: ps ${args.join(' ')}`, () => compare('ps-crafted', args));
  it('a screen too small: set_screen_size complains, once per parse (the BSD retry is a second)', () => {
    for (const [env, args] of [
      [{ COLUMNS: '5' }, ['-p', '1']],
      [{ LINES: '1' }, ['-p', '1']],
      [{ COLUMNS: '8', LINES: '1' }, ['-x', '-x']],
    ] as const) {
      const classic = runInProcTree('ps-crafted', ['ps', ...args], NOW, env);
      expect(classic.stderr.toString()).toMatch(/screen size is bogus/);
      expectSameRun(runInProcTree('ps-crafted', ours('ps', [...args]), NOW, env), classic);
    }
  });
  it('%MEM over a MemTotal of 0: procps takes SIGFPE after what it printed, with its two messages', () => {
    const tree = mkdtempSync(join(tmpdir(), 'ptools-nomem-'));
    try {
      cpSync(join(FIXTURES, 'ps-crafted'), tree, { recursive: true });
      for (const [text, cases] of [
        ['MemTotal:              0 kB\n', [['aux'], ['-eo', 'pid,comm,%mem'], ['-o', 'pmem', '-p', '300'], ['-eo', 'pid,rss', '--sort=-%mem']]],
        ['garbage\n', [['u', '-p', '1']]],
      ] as const) {
        writeFileSync(join(tree, 'proc/meminfo'), text);
        for (const args of cases) {
          const fixture = relative(FIXTURES, tree);
          const classic = runInProcTree(fixture, ['ps', ...args], NOW);
          expectSameRun(runInProcTree(fixture, ours('ps', [...args]), NOW), classic);
        }
      }
      // The guard: procps did take the signal (in the tree's pid namespace, where it is pid 1, the
      // signal's default action does nothing and its handler exits with 1).
      expect(runInProcTree(relative(FIXTURES, tree), ['ps', 'u', '-p', '1'], NOW).stderr.toString()).toMatch(/^Signal 8 \(FPE\) caught by ps/);
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });
  it('PS_FORMAT that is not a format list: the warning, then the default format', () => {
    for (const PS_FORMAT of [',', 'pid,,comm', 'nosuch']) {
      const env = { PS_FORMAT };
      const classic = runInProcTree('ps-crafted', ['ps', '-p', '1'], NOW, env);
      expect(classic.stderr.toString()).toMatch(/^warning: \$PS_FORMAT ignored/);
      expectSameRun(runInProcTree('ps-crafted', ours('ps', ['-p', '1']), NOW, env), classic);
    }
  });
});
