// POSIX extended regular expressions turned into JavaScript ones, against glibc's own regcomp
// and regexec (called through python3's ctypes, in the C locale): the same subjects match and
// the same patterns are refused with the same message.
import { describe, expect, it } from 'vitest';
import { posixExtended, PosixRegexError } from '../../src/format/posix-regex.js';
import { python } from './python.js';

const PATTERNS = [
  'abc', '^ab', 'c$', 'a.c', 'a*', 'a**', 'a+?', '(ab)+', '(a|b)c', 'a|', '|', '()', 'x{2}', 'x{1,}', 'x{,2}', 'x{,}', 'x{0}y',
  'a{1,2}{3}', '[abc]', '[^abc]', '[]a]', '[^]a]', '[a-]', '[a-c]', '[[:digit:]]+', '[[:alpha:][:digit:]]', '[[:space:]]', '[[:upper:]]',
  '[[:punct:]]', '[[.a.]]', '[[=b=]]', '[\\\\]', 'a\\.c', '\\(', '\\{', 'a\\{1\\}', '(a)\\1', '\\w+', '\\bab', '\\<ab', 'c\\>', 'x$y', 'a^b',
  ')', 'a)', '.', '^$', '[.]', '[*+?]', '(a|)+', '\\/', '/',
  // Refused ones.
  '(', 'a(', '[', '[^', '[a', '[]', '*a', '+x', '?', '{1}', 'a|*', '(*a)', '^*', 'a{', 'a{1', 'a{x', 'a{2,1}', 'a{99999}', '\\', 'x\\1',
  '[[:foo:]]', '[b-a]', '[[:alpha:]',
];
const SUBJECTS = ['', 'abc', 'ab', 'xabcx', 'aaa', 'bc', 'ac', 'a.c', 'a-c', 'xx', 'xxx', 'x', 'y', 'a1b2', ' ', 'A', '!', ']', 'a]', 'b', '\\', '(', '{', 'a{1}', 'aa', 'a)', ')', 'x$y', 'a^b', '*', '/', 'a\nc', 'ab cd'];

interface GlibcResult {
  error: string | null;
  matches: boolean[];
}

const REFERENCE = `
import ctypes
libc = ctypes.CDLL('libc.so.6')
libc.regerror.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t]
out = []
for pattern in data['patterns']:
    preg = ctypes.create_string_buffer(64)
    rc = libc.regcomp(preg, pattern.encode('latin1'), 1 | 8)  # REG_EXTENDED | REG_NOSUB
    if rc:
        buf = ctypes.create_string_buffer(256)
        libc.regerror(rc, preg, buf, 256)
        out.append({'error': buf.value.decode(), 'matches': []})
        continue
    out.append({'error': None, 'matches': [libc.regexec(preg, s.encode('latin1'), 0, None, 0) == 0 for s in data['subjects']]})
    libc.regfree(preg)
print(json.dumps(out))
`;

describe('posixExtended', () => {
  const reference = python<GlibcResult[]>(REFERENCE, { patterns: PATTERNS, subjects: SUBJECTS });
  PATTERNS.forEach((pattern, i) => {
    it(`${JSON.stringify(pattern)} as glibc's regcomp and regexec`, () => {
      const expected = reference[i] as GlibcResult;
      let regex: RegExp;
      try {
        regex = posixExtended(pattern, false);
      } catch (error) {
        expect(error).toBeInstanceOf(PosixRegexError);
        expect((error as Error).message).toBe(expected.error);
        return;
      }
      expect(expected.error).toBeNull();
      expect(SUBJECTS.map((subject) => regex.test(subject))).toEqual(expected.matches);
    });
  });
});
