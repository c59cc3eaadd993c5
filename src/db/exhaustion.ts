// Running out of something the database or the process needs — disk, memory, connection slots —
// is not a bug in the request: it answers 503 and is named in the log and in start-up messages.
export type Exhausted = 'disk' | 'memory' | 'connections' | 'resources'

// PostgreSQL's class 53, "insufficient resources"; the rest of the class is 'resources'.
const CLASS_53: Readonly<Record<string, Exhausted>> = {
  '53100': 'disk', // disk_full
  '53200': 'memory', // out_of_memory
  '53300': 'connections', // too_many_connections
}
// PGlite's file system (Emscripten) throws ErrnoError with WASI numbers, where 51 is ENOSPC: what
// opening the embedded database on a full disk throws, with no message at all.
const WASI_ENOSPC = 51
const MAX_CAUSES = 5

/** What ran out, looking through `cause` chains (a MigrationError wraps the driver's error). */
export function exhaustedResource(err: unknown): Exhausted | null {
  let current = err
  for (let depth = 0; depth < MAX_CAUSES && current && typeof current === 'object'; depth++) {
    const { code, name, errno, cause } = current as Record<string, unknown>
    if (code === 'ENOSPC' || (name === 'ErrnoError' && errno === WASI_ENOSPC)) return 'disk'
    if (typeof code === 'string' && /^53[0-9A-Z]{3}$/.test(code)) {
      return CLASS_53[code] ?? 'resources'
    }
    current = cause
  }
  return null
}
