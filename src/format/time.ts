// C library time formats in local time (TZ or /etc/localtime, as the C tools use), with the
// offset glibc would take (util/timezone), not ICU's: the fields are read from a Date moved by
// that offset, in UTC. A zone with leap seconds ("right/") also takes off its leap correction,
// and on a leap second itself shows second 60, as glibc's localtime does.
import { leapCorrection, localTimeType } from '../util/timezone.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export const pad2 = (n: number) => String(n).padStart(2, '0');

/** localtime(3)'s fields of `seconds`, to be read with the getUTC* methods; tm_sec is `second`. */
interface LocalTime {
  readonly d: Date;
  readonly second: number;
}

function local(seconds: number): LocalTime {
  const leap = leapCorrection(seconds);
  const d = new Date((seconds + localTimeType(seconds).offset - leap.correction) * 1000);
  return { d, second: d.getUTCSeconds() + leap.hit };
}

/** The local clock of `seconds`: hours, minutes and seconds (tm_hour, tm_min, tm_sec). */
export function localClock(seconds: number): { hours: number; minutes: number; seconds: number } {
  const { d, second } = local(seconds);
  return { hours: d.getUTCHours(), minutes: d.getUTCMinutes(), seconds: second };
}

/** strftime's %z: the local offset from UTC as "+hhmm" or "-hhmm". */
export function utcOffset(seconds: number): string {
  const offset = Math.trunc(localTimeType(seconds).offset / 60);
  return `${offset < 0 ? '-' : '+'}${pad2(Math.trunc(Math.abs(offset) / 60))}${pad2(Math.abs(offset) % 60)}`;
}

/** ctime(3) without its newline: "Sun Nov 22 19:36:30 2026". */
export function ctime(seconds: number): string {
  const { d, second } = local(seconds);
  const day = String(d.getUTCDate()).padStart(2, ' ');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${day} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(second)} ${d.getUTCFullYear()}`;
}

/** strftime(3) for the conversions the tools use: %H %M %S %b %d %e %Y %y %m %a. */
export function strftime(format: string, seconds: number): string {
  const { d, second } = local(seconds);
  return format.replace(/%([HMSbdeYyma%])/g, (_match, conversion: string) => {
    switch (conversion) {
      case 'H':
        return pad2(d.getUTCHours());
      case 'M':
        return pad2(d.getUTCMinutes());
      case 'S':
        return pad2(second);
      case 'b':
        return MONTHS[d.getUTCMonth()] as string;
      case 'a':
        return DAYS[d.getUTCDay()] as string;
      case 'd':
        return pad2(d.getUTCDate());
      case 'e':
        return String(d.getUTCDate()).padStart(2, ' ');
      case 'Y':
        return String(d.getUTCFullYear());
      case 'y':
        return pad2(d.getUTCFullYear() % 100);
      case 'm':
        return pad2(d.getUTCMonth() + 1);
      default:
        return '%';
    }
  });
}

/** The local calendar day (year and day of year) of a time, to compare two times as tm_yday does. */
export function localDay(seconds: number): { year: number; yday: number } {
  const { d } = local(seconds);
  const yday = Math.round((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400000);
  return { year: d.getUTCFullYear(), yday };
}
