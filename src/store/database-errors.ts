/**
 * Whether an error means the database is out of reach (down, restarting, a connection
 * dropped), as opposed to a fault of the request or of the code. The service answers those
 * with 503 and Retry-After, and recovers by itself when the database returns.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    // Class 08: connection exception; 57P01-57P03: admin shutdown, crash shutdown, cannot connect now.
    if (code.startsWith('08') || ['57P01', '57P02', '57P03'].includes(code)) return true;
    if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND'].includes(code))
      return true;
  }
  return (
    typeof message === 'string' &&
    /Connection terminated|connection timeout|terminating connection|Client has encountered a connection error/i.test(
      message,
    )
  );
}
