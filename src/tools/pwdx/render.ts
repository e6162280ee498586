// pwdx's lines: "ARG: PATH" on stdout, "ARG: REASON" on stderr (byte strings).
export const renderCwd = (argument: string, path: string): string => `${argument}: ${path}\n`;
export const renderFailure = (argument: string, reason: string): string => `${argument}: ${reason}\n`;
