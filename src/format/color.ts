// The colour policy, decided once per run. Classic-format output never has colour; colour is for
// output only people read (the ptools command list). chalk 5 ignores NO_COLOR, hence this order:
// an explicit choice, then NO_COLOR, then FORCE_COLOR, then whether stdout is a terminal.

export type ColorChoice = 'always' | 'never' | 'auto';

export function useColor(choice: ColorChoice, env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (choice !== 'auto') return choice === 'always';
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTTY && env.TERM !== 'dumb';
}
