// C library time formats in local time (TZ or /etc/localtime, as the C tools use).

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export const pad2 = (n: number) => String(n).padStart(2, '0');

/** ctime(3) without its newline: "Sun Nov 22 19:36:30 2026". */
export function ctime(seconds: number): string {
  const d = new Date(seconds * 1000);
  const day = String(d.getDate()).padStart(2, ' ');
  return `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${day} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())} ${d.getFullYear()}`;
}

/** strftime(3) for the conversions the tools use: %H %M %S %b %d %e %Y %y %m %a. */
export function strftime(format: string, seconds: number): string {
  const d = new Date(seconds * 1000);
  return format.replace(/%([HMSbdeYyma%])/g, (_match, conversion: string) => {
    switch (conversion) {
      case 'H':
        return pad2(d.getHours());
      case 'M':
        return pad2(d.getMinutes());
      case 'S':
        return pad2(d.getSeconds());
      case 'b':
        return MONTHS[d.getMonth()] as string;
      case 'a':
        return DAYS[d.getDay()] as string;
      case 'd':
        return pad2(d.getDate());
      case 'e':
        return String(d.getDate()).padStart(2, ' ');
      case 'Y':
        return String(d.getFullYear());
      case 'y':
        return pad2(d.getFullYear() % 100);
      case 'm':
        return pad2(d.getMonth() + 1);
      default:
        return '%';
    }
  });
}

/** The local calendar day (year and day of year) of a time, to compare two times as tm_yday does. */
export function localDay(seconds: number): { year: number; yday: number } {
  const d = new Date(seconds * 1000);
  const start = new Date(d.getFullYear(), 0, 1);
  const yday = Math.round((new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime() - start.getTime()) / 86400000);
  return { year: d.getFullYear(), yday };
}
