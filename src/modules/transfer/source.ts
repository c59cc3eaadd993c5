// Where an import's rows come from: for each kind, a stream of rows with the file and line they
// came from. The intermediate format reads its own files line by line; the adapters (uservoice,
// canny, fider) turn their sources' CSV rows into the same records, one kind at a time.
import { createReadStream, existsSync } from 'node:fs'
import { basename, join } from 'node:path'
import { createInterface } from 'node:readline'
import type { Kind } from './format.ts'

export interface SourceRow {
  file: string
  line: number
  /** The record (to be validated), or why the row could not even be read. */
  value?: unknown
  error?: string
}

export interface Source {
  name: 'tally' | 'uservoice' | 'canny' | 'fider'
  rows(kind: Kind): AsyncIterable<SourceRow>
}

/** Lines of a text file, streamed (never the whole file in memory); bytes that are not UTF-8 become U+FFFD. */
export async function* fileLines(path: string): AsyncGenerator<[line: number, text: string]> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity })
  let n = 0
  for await (const text of lines) yield [++n, text]
}

export async function* jsonLines(path: string, file: string): AsyncGenerator<SourceRow> {
  for await (const [line, text] of fileLines(path)) {
    if (text.trim() === '') continue
    if (text.includes('\uFFFD')) {
      yield { file, line, error: 'not UTF-8' }
      continue
    }
    try {
      yield { file, line, value: JSON.parse(text) as unknown }
    } catch {
      yield { file, line, error: 'not valid JSON' }
    }
  }
}

/** A directory in the intermediate format (a missing file is a kind with no rows), or the API's NDJSON export. */
export function tallySource(dir: string): Source {
  if (/\.(nd)?jsonl?$/.test(dir) && !existsSync(join(dir, 'manifest.json')))
    return ndjsonSource(dir)
  return {
    name: 'tally',
    async *rows(kind) {
      const file = `${kind}.jsonl`
      const path = join(dir, file)
      if (existsSync(path)) yield* jsonLines(path, file)
    },
  }
}

/** One NDJSON stream of {kind, ...record} lines (GET /forums/:slug/export), read once per kind. */
function ndjsonSource(path: string): Source {
  const file = basename(path)
  return {
    name: 'tally',
    async *rows(kind) {
      for await (const row of jsonLines(path, file)) {
        if (row.error !== undefined) {
          // Reported once, with the first kind, not once per pass.
          if (kind === 'users') yield row
          continue
        }
        const value = row.value as { kind?: unknown } | null
        if (value === null || typeof value !== 'object' || value.kind !== kind) continue
        const record: Record<string, unknown> = { ...value }
        delete record.kind
        yield { ...row, value: record }
      }
    },
  }
}
