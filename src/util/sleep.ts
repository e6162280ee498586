// A promise that settles after `ms` milliseconds, on a plain timer. node:timers/promises gives the
// same, but loading it loads Node's AbortController and event modules too: measured at about 6.5
// million instructions (some 2 ms) of start-up for every command whose bundle imports it, where
// most runs never sleep.

/** Resolves after `ms` milliseconds (setTimeout's range: at most 2^31 - 1). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
