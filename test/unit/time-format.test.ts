// The C library's time formats in local time, compared with Python's time module (which calls
// the C library's localtime and strftime) in the same time zone.
import { describe, expect, it } from 'vitest';
import { ctime, localDay, pad2, strftime } from '../../src/format/time.js';
import { runPython } from './python.js';

// Each month and weekday, both halves of a day, single- and double-digit days, leap days, a
// year boundary, and instants around the usual daylight-saving changes.
const TIMES = [
  0, 951782400, 951868800, 978307199, 978307200, 1000000000, 1234567890, 1301187600, 1319936400, 1700000000, 1704067199, 1709164800,
  1709251200, 1711846800, 1729990800, 1735689599, 1767225600, ...Array.from({ length: 12 }, (_, month) => 1767225600 + month * 2678400 + 39600 + month * 90061),
];

const FORMAT = '%a %b %d %e %H:%M:%S %Y %y %m %%';

describe('ctime, strftime and localDay', () => {
  it('agree with the C library through Python', () => {
    const script = `import json, sys, time
out = []
for t in json.loads(sys.stdin.read()):
    tm = time.localtime(t)
    out.append([time.ctime(t), time.strftime(${JSON.stringify(FORMAT)}, tm), tm.tm_year, tm.tm_yday - 1])
print(json.dumps(out))`;
    const printed = runPython(script, JSON.stringify(TIMES));
    const ours = TIMES.map((t) => {
      const day = localDay(t);
      return [ctime(t), strftime(FORMAT, t), day.year, day.yday];
    });
    expect(ours).toEqual(JSON.parse(printed));
  });

  it('pad2 pads to two digits', () => {
    expect([pad2(0), pad2(7), pad2(12), pad2(123)]).toEqual(['00', '07', '12', '123']);
  });
});
