// A lock file beside the embedded database, so a second process (a CLI command while the server
// runs) gets a clear message instead of silently corrupting the data directory.
import { openSync, writeSync, closeSync, readFileSync, unlinkSync } from 'node:fs'
import { join } from 'node:path'

export class DataDirLockedError extends Error {}

// Directories this process holds. A lock file naming our own pid but not in this set is stale:
// a container's pid 1 that restarted, say.
const held = new Set<string>()

export function acquireDataDirLock(dataDir: string): () => void {
  const file = join(dataDir, 'tally.lock')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600)
      writeSync(fd, String(process.pid))
      closeSync(fd)
      held.add(file)
      return () => {
        held.delete(file)
        try {
          unlinkSync(file)
        } catch {
          // already gone: nothing to release
        }
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      const holder = Number(readFileSync(file, 'utf8'))
      const ours = holder === process.pid
      if ((ours && held.has(file)) || (!ours && holder && isAlive(holder))) {
        throw new DataDirLockedError(
          `The embedded database in ${dataDir} is in use by process ${holder}. ` +
            'Stop that process first, or set DATABASE_URL to use a PostgreSQL server.',
        )
      }
      unlinkSync(file) // stale lock from a process that died
    }
  }
  throw new DataDirLockedError(`Could not lock ${file}`)
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}
