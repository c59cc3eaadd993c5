// A lock file beside the embedded database, so a second process (a CLI command while the server
// runs) gets a clear message instead of silently corrupting the data directory.
//
// Every step that decides who holds the lock is one atomic filesystem operation, because several
// processes may start at once over a lock a crashed server left behind:
// - a lock is created whole: written under a private name, then hard-linked into place, which
//   fails if the name exists (a reader never sees an empty or half-written lock);
// - a stale lock is removed only by the process that claimed its takeover: a claim file named
//   after the stale lock's exact content, created the same exclusive way. Without the claim, two
//   processes that both saw the stale lock could each remove it, the second removing the fresh
//   lock the first had just taken, and both would go on to open the database.
import { createHash, randomUUID } from 'node:crypto'
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export class DataDirLockedError extends Error {}

// Directories this process holds. A lock file naming our own pid but not in this set is stale:
// a container's pid 1 that restarted, say.
const held = new Set<string>()

// A takeover by another live process takes a few file operations; waiting 2 s for it is plenty.
const ATTEMPTS = 400
const PAUSE_MS = 5

export function acquireDataDirLock(dataDir: string): () => void {
  const file = join(dataDir, 'tally.lock')
  // The pid first (what the message names); the rest makes each lock's content unique, so a claim
  // on one stale lock can never remove another lock.
  const mine = `${process.pid} ${randomUUID()}\n`
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (createExclusive(file, mine)) {
      held.add(file)
      return () => {
        held.delete(file)
        if (readText(file) === mine) removeIfPresent(file)
      }
    }
    const seen = readText(file)
    if (seen === null) continue // released meanwhile: try again
    const holder = pidOf(seen)
    const ours = holder === process.pid
    if ((ours && held.has(file)) || (!ours && holder > 0 && isAlive(holder))) {
      throw new DataDirLockedError(
        `The embedded database in ${dataDir} is in use by process ${holder}. ` +
          'Stop that process first, or set DATABASE_URL to use a PostgreSQL server.',
      )
    }
    // Stale, from a process that died. Whoever removes it, everyone looks again afterwards.
    if (!removeStale(file, seen, mine, 0)) pause(PAUSE_MS)
  }
  throw new DataDirLockedError(`Could not lock ${file}: it kept changing hands; try again`)
}

/**
 * Removes `path` if it still holds `stale`, under a claim no other process can hold at the same
 * time. False when another live process holds the claim (the caller waits and looks again).
 */
function removeStale(path: string, stale: string, mine: string, depth: number): boolean {
  const claim = `${path}.takeover-${createHash('sha256').update(stale).digest('hex').slice(0, 16)}`
  if (!createExclusive(claim, mine)) {
    const other = readText(claim)
    if (other === null) return true // that takeover just finished
    if (isAlive(pidOf(other))) return false
    // The claimer died during its takeover (a window of a few file operations): its claim is a
    // stale lock of its own, taken over the same way.
    if (depth >= 3) {
      throw new DataDirLockedError(`Could not lock ${path}: remove the stale file ${claim}`)
    }
    return removeStale(claim, other, mine, depth + 1)
  }
  try {
    // Holding the claim, nobody else can remove this content; it can only still be there or gone.
    if (readText(path) === stale) removeIfPresent(path)
  } finally {
    removeIfPresent(claim)
  }
  return true
}

/** Creates `path` with `content`, atomically and only if it does not exist. */
function createExclusive(path: string, content: string): boolean {
  const partial = `${path}.${process.pid}.${randomUUID()}.partial`
  writeFileSync(partial, content, { mode: 0o600 })
  try {
    linkSync(partial, path)
    return true
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    return false
  } finally {
    unlinkSync(partial)
  }
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
}

function removeIfPresent(path: string) {
  try {
    unlinkSync(path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
}

// Locks written before the content carried more than the pid hold only the pid; an empty or
// unreadable one (a crash while it was written) names no process and is stale.
const pidOf = (content: string) => Number.parseInt(content, 10) || 0

function isAlive(pid: number): boolean {
  if (pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function pause(ms: number) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}
