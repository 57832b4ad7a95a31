// The logging surface that modules without `vscode` write to. `vscode.LogOutputChannel`
// satisfies it, and tests pass `silentLogger` or a recording logger.

export interface Logger {
  trace(message: string, ...args: unknown[]): void;
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string | Error, ...args: unknown[]): void;
}

export const silentLogger: Logger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Prefixes every message with a component name, e.g. `[cache] wrote 2025-03-12`. */
export function scopedLogger(logger: Logger, component: string): Logger {
  const prefix = `[${component}] `;
  return {
    trace: (message, ...args) => logger.trace(prefix + message, ...args),
    debug: (message, ...args) => logger.debug(prefix + message, ...args),
    info: (message, ...args) => logger.info(prefix + message, ...args),
    warn: (message, ...args) => logger.warn(prefix + message, ...args),
    error: (message, ...args) =>
      logger.error(typeof message === 'string' ? prefix + message : message, ...args),
  };
}
