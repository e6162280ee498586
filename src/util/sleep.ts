// Promises that settle after a delay, on plain timers. node:timers/promises gives the same, but
// loading it loads Node's AbortController and event modules too: measured at about 6.5 million
// instructions (some 2 ms) of start-up for every command whose bundle imports it, where most runs
// never sleep.

/** setTimeout's longest delay, in milliseconds: Node runs any longer one after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Resolves after `ms` milliseconds (at most MAX_TIMER_MS). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A sleep started now and awaited later, which a failure meanwhile calls off (a pending timer keeps the process up). */
export function startSleep(ms: number): { done: Promise<void>; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const done = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return { done, cancel: () => clearTimeout(timer) };
}

/** Waits `ms` milliseconds, in steps no timer can cut short, as the C tools sleep() or select() for as long as they were told. */
export async function sleepLong(ms: number): Promise<void> {
  for (let left = ms; left > 0; left -= MAX_TIMER_MS) await sleep(Math.min(left, MAX_TIMER_MS));
}
