// Users, categories, releases and features: each prepared row (refused or adjusted before any
// write) and each batch written in one statement per table, with ids allocated in advance so the
// mapping from external ids is known without relying on the order of RETURNING.
import { sql, type Transaction } from 'kysely'
import { PROGNOSES } from '../../core/domain.ts'
import type { DB } from '../../db/schema.ts'
import { allocateIds, insertRows, type Row } from './bulk.ts'
import type { Kind } from './format.ts'
import type { Item, Run, WriteResult } from './importer.ts'

export const clip = (
  run: Run,
  kind: Kind,
  item: Item<Kind>,
  what: string,
  text: string,
  max: number,
) => {
  if (text.length <= max) return text
  run.adjust(kind, item, `${what} cut to ${max} characters`)
  return `${text.slice(0, max - 1)}…`
}

const iso = (at: string | undefined, fallback: Date) => at ?? fallback.toISOString()

/** Rows to insert, and existing rows matched instead (by e-mail or name). */
async function insertNew(
  tx: Transaction<DB>,
  table: string,
  items: { ext: string; row: Row; existing?: number }[],
): Promise<WriteResult> {
  const fresh = items.filter((i) => i.existing === undefined)
  const ids = await allocateIds(tx, table, fresh.length)
  await insertRows(
    tx,
    table,
    fresh.map((i, n) => ({ id: ids[n], ...i.row })),
    { identity: true },
  )
  const pairs: Array<[string, number]> = []
  let n = 0
  for (const i of items) pairs.push([i.ext, i.existing ?? ids[n++] ?? 0])
  return { pairs, created: fresh.length, reused: items.length - fresh.length }
}

export function prepareUser(run: Run, item: Item<'users'>) {
  const email = item.rec.email.trim()
  if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254) {
    run.refuse(item, `e-mail ${JSON.stringify(email.slice(0, 80))} is not an address`)
    return null
  }
  const name = (item.rec.displayName ?? '').trim() || (email.split('@')[0] ?? email)
  return {
    ext: item.rec.externalId,
    email,
    row: {
      email,
      display_name: clip(run, 'users', item, 'display name', name, 80),
      password_hash: null,
      created_at: iso(item.rec.createdAt, new Date()),
    },
  }
}

export async function writeUsers(
  tx: Transaction<DB>,
  batch: NonNullable<ReturnType<typeof prepareUser>>[],
): Promise<WriteResult> {
  const { rows } = await sql<{ id: number; email: string }>`
    SELECT id, lower(email) AS email FROM users
     WHERE lower(email) IN (${sql.join(batch.map((b) => b.email.toLowerCase()))})`.execute(tx)
  const known = new Map(rows.map((r) => [r.email, r.id]))
  // Two external users with one e-mail are one account: the second is matched to the first.
  const firstOfEmail = new Map<string, string>()
  const items = batch.map((b) => {
    const key = b.email.toLowerCase()
    const existing = known.get(key)
    if (existing === undefined && !firstOfEmail.has(key)) firstOfEmail.set(key, b.ext)
    return { ext: b.ext, row: b.row, existing, sameAs: firstOfEmail.get(key) }
  })
  const first = items.filter((i) => i.existing !== undefined || i.sameAs === i.ext)
  const result = await insertNew(tx, 'users', first)
  const ids = new Map(result.pairs)
  const pairs = items.map((i): [string, number] => [
    i.ext,
    i.existing ?? ids.get(i.sameAs ?? i.ext) ?? 0,
  ])
  return { pairs, created: result.created, reused: items.length - result.created }
}

/** The account of authors the source does not name, one per source, created when first needed. */
export async function placeholderUser(tx: Transaction<DB>, source: string): Promise<number> {
  const email = `unknown-author@${source}.import.invalid`
  const found = await tx
    .selectFrom('users')
    .select('id')
    .where(sql`lower(email)`, '=', email)
    .executeTakeFirst()
  if (found) return found.id
  const row = await tx
    .insertInto('users')
    .values({ email, display_name: `Unknown (${source})`, password_hash: null })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export function prepareCategory(run: Run, item: Item<'categories'>) {
  const name = clip(run, 'categories', item, 'name', item.rec.name.trim(), 80)
  if (name === '') {
    run.refuse(item, 'name is empty')
    return null
  }
  return {
    ext: item.rec.externalId,
    row: { forum_id: run.forum.id, name, created_at: iso(item.rec.createdAt, new Date()) },
  }
}

export async function writeByName(
  tx: Transaction<DB>,
  table: 'categories' | 'releases',
  forumId: number,
  batch: { ext: string; row: Row; after?: (tx: Transaction<DB>, id: number) => Promise<void> }[],
): Promise<WriteResult> {
  const { rows } = await sql<{ id: number; name: string }>`
    SELECT id, lower(name) AS name FROM ${sql.table(table)}
     WHERE forum_id = ${forumId}
       AND lower(name) IN (${sql.join(batch.map((b) => String(b.row.name).toLowerCase()))})`.execute(
    tx,
  )
  const known = new Map(rows.map((r) => [r.name, r.id]))
  const seen = new Set<string>()
  // A second row with a name already in the batch is refused by the unique index; match it instead.
  const items = batch.map((b) => {
    const key = String(b.row.name).toLowerCase()
    const existing = known.get(key) ?? (seen.has(key) ? -1 : undefined)
    seen.add(key)
    return { ...b, existing }
  })
  const result = await insertNew(
    tx,
    table,
    items.filter((i) => i.existing !== -1),
  )
  const ids = new Map(result.pairs)
  for (const b of items) {
    const id = ids.get(b.ext)
    if (b.after && id !== undefined && b.existing === undefined) await b.after(tx, id)
  }
  const byName = new Map(
    items
      .filter((i) => ids.has(i.ext))
      .map((i) => [String(i.row.name).toLowerCase(), ids.get(i.ext) ?? 0]),
  )
  const pairs = items.map((i): [string, number] => [
    i.ext,
    ids.get(i.ext) ?? byName.get(String(i.row.name).toLowerCase()) ?? 0,
  ])
  return { pairs, created: result.created, reused: items.length - result.created }
}

export function prepareRelease(run: Run, item: Item<'releases'>) {
  const r = item.rec
  const name = clip(run, 'releases', item, 'name', r.name.trim(), 60)
  const t = (s: string | null | undefined) => (s == null ? null : Date.parse(s))
  const ff = Date.parse(r.featureFreezeAt)
  const cf = t(r.codeFreezeAt)
  const rc = t(r.firstRcAt)
  if (
    name === '' ||
    (cf !== null && cf < ff) ||
    (rc !== null && rc < (cf ?? ff)) ||
    Date.parse(r.releaseAt) < (rc ?? cf ?? ff)
  ) {
    run.refuse(item, name === '' ? 'name is empty' : 'milestones are out of order')
    return null
  }
  const coordinator = r.coordinator === null ? null : (run.maps.user.get(r.coordinator) ?? null)
  if (r.coordinator !== null && coordinator === null)
    run.adjust('releases', item, 'unknown coordinator left out')
  const slips = r.slips.filter((s) => Date.parse(s.toAt) > Date.parse(s.fromAt))
  return {
    ext: r.externalId,
    row: {
      forum_id: run.forum.id,
      name,
      feature_freeze_at: r.featureFreezeAt,
      code_freeze_at: r.codeFreezeAt,
      first_rc_at: r.firstRcAt,
      release_at: r.releaseAt,
      released_at: r.releasedAt,
      capacity: r.capacity !== null && r.capacity > 0 ? r.capacity : null,
      coordinator_id: coordinator,
      created_at: iso(r.createdAt, new Date()),
    },
    after: async (tx: Transaction<DB>, id: number) => {
      await insertRows(
        tx,
        'release_slips',
        slips.map((s) => ({
          forum_id: run.forum.id,
          release_id: id,
          from_at: s.fromAt,
          to_at: s.toAt,
          reason: s.reason,
          actor_id: s.actor === null ? null : (run.maps.user.get(s.actor) ?? null),
          at: s.at,
        })),
      )
    },
  }
}

export function prepareFeature(run: Run, item: Item<'features'>) {
  const f = item.rec
  const title = clip(run, 'features', item, 'title', f.title.trim(), 200)
  if (title === '') {
    run.refuse(item, 'title is empty')
    return null
  }
  const release = f.release === null ? null : (run.maps.release.get(f.release) ?? null)
  if (f.release !== null && release === null)
    run.adjust('features', item, 'unknown release: moved to the backlog')
  const owner = f.owner === null ? null : (run.maps.user.get(f.owner) ?? null)
  const prognosis = (PROGNOSES as readonly string[]).includes(f.prognosis) ? f.prognosis : 'good'
  if (f.prognosis !== null && prognosis !== f.prognosis) {
    run.adjust('features', item, `unknown prognosis ${JSON.stringify(f.prognosis)} → good`)
  }
  const exception =
    f.exceptionReason !== null && f.exceptionAt !== undefined && f.exceptionAt !== null
  return {
    ext: f.externalId,
    row: {
      forum_id: run.forum.id,
      release_id: release,
      title,
      description: clip(run, 'features', item, 'description', f.description ?? '', 10000),
      group_name: clip(run, 'features', item, 'group', f.group.trim() || 'Imported', 80),
      owner_id: owner,
      owner_name: owner === null && f.ownerName ? f.ownerName.slice(0, 120) : null,
      status: (f.status ?? '').slice(0, 1000),
      prognosis,
      external: f.external,
      tech_preview: f.techPreview,
      effort: f.effort !== null && f.effort > 0 && f.effort < 1e6 ? f.effort : null,
      exception_reason: exception ? f.exceptionReason?.slice(0, 1000) : null,
      exception_at: exception ? f.exceptionAt : null,
      created_at: iso(f.createdAt, new Date()),
    },
  }
}

export async function writeFeatures(
  tx: Transaction<DB>,
  batch: NonNullable<ReturnType<typeof prepareFeature>>[],
): Promise<WriteResult> {
  return insertNew(tx, 'features', batch)
}

export { insertNew }
