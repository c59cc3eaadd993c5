// Where an export goes: a directory of one JSON-lines file per kind plus manifest.json (the CLI), or
// one NDJSON stream (the API): a manifest line first, every record as {kind, ...record}, and a
// closing {kind:"counts"} line with what was sent.
import { once } from 'node:events'
import { createWriteStream, mkdirSync, writeFileSync, type WriteStream } from 'node:fs'
import { join } from 'node:path'
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.ts'
import { KINDS, type Kind, type Manifest } from './format.ts'
import { exportRecords, forumForExport, manifestFor } from './export.ts'

const zeros = () => Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>

async function write(stream: WriteStream, text: string) {
  if (!stream.write(text)) await once(stream, 'drain')
}

export async function exportToDirectory(db: Kysely<DB>, slug: string, dir: string, now: Date) {
  const forum = await forumForExport(db, slug)
  mkdirSync(dir, { recursive: true })
  const counts = zeros()
  const streams = new Map<Kind, WriteStream>()
  for (const kind of KINDS) streams.set(kind, createWriteStream(join(dir, `${kind}.jsonl`)))
  try {
    for await (const [kind, record] of exportRecords(db, forum.id)) {
      counts[kind]++
      const stream = streams.get(kind)
      if (stream) await write(stream, `${JSON.stringify(record)}\n`)
    }
  } finally {
    await Promise.all([...streams.values()].map((s) => new Promise((resolve) => s.end(resolve))))
  }
  const manifest = manifestFor(forum, counts, now)
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  return manifest
}

/** The export as NDJSON lines, produced as the client reads them. */
export async function* exportLines(
  db: Kysely<DB>,
  forum: Awaited<ReturnType<typeof forumForExport>>,
  now: Date,
): AsyncGenerator<string> {
  const manifest: Partial<Manifest> = manifestFor(forum, zeros(), now)
  // The counts come last, once known: the stream is never held back to count first.
  delete manifest.counts
  yield `${JSON.stringify({ kind: 'manifest', ...manifest })}\n`
  const counts = zeros()
  for await (const [kind, record] of exportRecords(db, forum.id)) {
    counts[kind]++
    yield `${JSON.stringify({ kind, ...record })}\n`
  }
  yield `${JSON.stringify({ kind: 'counts', ...counts })}\n`
}
