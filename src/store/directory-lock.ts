import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** An embedded database directory is one process's: PGlite has no shared access. */
export class DirectoryLockedError extends Error {}

/**
 * Take the lock of a PGlite directory (a file created exclusively, holding the pid). A lock
 * left by a process that is gone is taken over. Returns the release function.
 */
export function lockDirectory(dataDir: string): () => void {
  const file = join(dataDir, 'seatledger.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(file, 'utf8') === String(process.pid)) unlinkSync(file);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(file, 'utf8'));
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
        throw new DirectoryLockedError(
          `${dataDir} is in use by another Seatledger process (pid ${holder}): an embedded database serves one process. Stop it first, or run both on PostgreSQL (DATABASE_URL).`,
        );
      }
      unlinkSync(file);
    }
  }
  throw new DirectoryLockedError(`Could not lock ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
