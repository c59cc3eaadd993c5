// Ideas, their status history and comments. Authors the source does not name (or names but did
// not export) become the source's placeholder account; a merge into an idea not imported yet is
// recorded as declined and completed once every idea is in.
import { sql, type Transaction } from 'kysely'
import { IDEA_STATUSES, isOpenStatus } from '../../core/domain.ts'
import type { DB } from '../../db/schema.ts'
import { insertRows } from './bulk.ts'
import { clip, insertNew, placeholderUser } from './entities.ts'
import type { Kind } from './format.ts'
import type { Item, Run, WriteResult } from './importer.ts'

const KNOWN = IDEA_STATUSES as readonly string[]

function status(run: Run, kind: Kind, item: Item<Kind>, value: string | null): string {
  if (value === null || value === '') return 'open'
  const s = value
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')
  if (KNOWN.includes(s)) return s
  run.adjust(kind, item, `unknown status ${JSON.stringify(value)} → open`)
  return 'open'
}

/** A user reference: the mapped account, or null for the placeholder (an adjustment). */
function author(run: Run, kind: Kind, item: Item<Kind>, ref: string | null): number | null {
  const id = ref === null ? undefined : run.maps.user.get(ref)
  if (id === undefined) run.adjust(kind, item, 'missing author: the placeholder account')
  return id ?? null
}

export interface PendingMerge {
  ext: string
  into: string
  file: string
  line: number
}

/** A merge to complete once every idea is in (also for ideas a previous run imported). */
export function observeMerge(item: Item<'ideas'>, merges: PendingMerge[]) {
  const r = item.rec
  if (r.status?.trim().toLowerCase() === 'merged' && r.mergedInto !== null) {
    merges.push({ ext: r.externalId, into: r.mergedInto, file: item.file, line: item.line })
  }
}

export function prepareIdea(run: Run, item: Item<'ideas'>) {
  const r = item.rec
  const title = r.title.replace(/\s+/g, ' ').trim()
  if (title.length < 3) {
    run.refuse(item, 'title shorter than 3 characters')
    return null
  }
  let st = status(run, 'ideas', item, r.status)
  let mergedInto: number | null = null
  if (st === 'merged') {
    const target = r.mergedInto === null ? undefined : run.maps.idea.get(r.mergedInto)
    if (target !== undefined) mergedInto = target
    else if (r.mergedInto === null)
      run.adjust('ideas', item, 'merged into nothing known → declined')
    if (target === undefined) st = 'declined'
  }
  const category = r.category === null ? null : (run.maps.category.get(r.category) ?? null)
  if (r.category !== null && category === null)
    run.adjust('ideas', item, 'unknown category left out')
  const feature = r.feature === null ? null : (run.maps.feature.get(r.feature) ?? null)
  const created = r.createdAt ?? new Date().toISOString()
  const open = isOpenStatus(st)
  return {
    ext: r.externalId,
    author: author(run, 'ideas', item, r.author),
    row: {
      forum_id: run.forum.id,
      category_id: category,
      title: clip(run, 'ideas', item, 'title', title, 140),
      body: clip(run, 'ideas', item, 'body', r.body ?? '', 10000),
      status: st,
      // Open ideas count their imported ballots; closed ones keep the counts they closed with.
      votes: open ? 0 : Math.max(0, r.votes ?? 0),
      voters: open ? 0 : Math.max(0, r.voters ?? 0),
      counted_since: r.countedSince ?? created,
      response_text: r.response
        ? clip(run, 'ideas', item, 'response', r.response.text, 5000)
        : null,
      response_author_id: r.response?.author
        ? (run.maps.user.get(r.response.author) ?? null)
        : null,
      response_at: r.response?.at ?? null,
      merged_into_id: mergedInto,
      feature_id: feature,
      effort: r.effort !== null && r.effort > 0 && r.effort < 1e6 ? r.effort : null,
      created_at: created,
      updated_at: r.updatedAt ?? created,
    },
  }
}

async function withAuthors<T extends { author: number | null; row: Record<string, unknown> }>(
  tx: Transaction<DB>,
  run: Run,
  batch: T[],
  column: string,
) {
  const placeholder = batch.some((b) => b.author === null)
    ? await placeholderUser(tx, run.source)
    : 0
  return batch.map((b) => ({ ...b, row: { ...b.row, [column]: b.author ?? placeholder } }))
}

export async function writeIdeas(
  tx: Transaction<DB>,
  run: Run,
  batch: NonNullable<ReturnType<typeof prepareIdea>>[],
): Promise<WriteResult> {
  return insertNew(tx, 'ideas', await withAuthors(tx, run, batch, 'author_id'))
}

/** Completes the merges whose target came later in the file; a target never seen stays declined. */
export async function completeMerges(run: Run, merges: PendingMerge[]) {
  const done = merges.filter((m) => run.maps.idea.has(m.into) && run.maps.idea.has(m.ext))
  // A merge whose target was known at insert was written then; the update below is a no-op for it.
  for (const m of merges) {
    if (!done.includes(m)) run.adjust('ideas', m, `merged into unknown idea ${m.into} → declined`)
  }
  if (done.length === 0) return
  await run.batch('merges', async ({ tx }) => {
    const pairs = done.map((m) => ({
      id: run.maps.idea.get(m.ext),
      target: run.maps.idea.get(m.into),
    }))
    await sql`
      UPDATE ideas i SET status = 'merged', merged_into_id = p.target
        FROM jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) AS p(id int, target int)
       WHERE i.id = p.id AND i.status = 'declined'`.execute(tx)
  })
}

export function prepareStatusChange(run: Run, item: Item<'status_changes'>) {
  const r = item.rec
  const idea = run.maps.idea.get(r.idea)
  if (idea === undefined) {
    run.refuse(item, `unknown idea ${r.idea}`)
    return null
  }
  return {
    ext: r.externalId,
    row: {
      forum_id: run.forum.id,
      idea_id: idea,
      from_status: r.fromStatus === null ? null : status(run, 'status_changes', item, r.fromStatus),
      to_status: status(run, 'status_changes', item, r.toStatus),
      response: r.response,
      actor_id: r.actor === null ? null : (run.maps.user.get(r.actor) ?? null),
      at: r.at,
    },
  }
}

export function prepareComment(run: Run, item: Item<'comments'>) {
  const r = item.rec
  const idea = run.maps.idea.get(r.idea)
  if (idea === undefined) {
    run.refuse(item, `unknown idea ${r.idea}`)
    return null
  }
  const body = r.body.trim()
  if (body === '') {
    run.refuse(item, 'body is empty')
    return null
  }
  return {
    ext: r.externalId,
    author: author(run, 'comments', item, r.author),
    row: {
      forum_id: run.forum.id,
      idea_id: idea,
      body: clip(run, 'comments', item, 'body', body, 5000),
      official: r.official,
      created_at: r.createdAt ?? new Date().toISOString(),
    },
  }
}

export async function writeComments(
  tx: Transaction<DB>,
  run: Run,
  batch: NonNullable<ReturnType<typeof prepareComment>>[],
): Promise<WriteResult> {
  return insertNew(tx, 'comments', await withAuthors(tx, run, batch, 'author_id'))
}

export { insertRows }
