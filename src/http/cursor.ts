// Opaque list cursors: the sort key and id of the last item seen, so the next page starts strictly
// after it (keyset pagination: no repeats or skips while rows are inserted or re-ranked).
import { ValidationFailed, withFields } from '../errors.ts'

export type CursorValue = string | number | null
const MAX_PARTS = 6

export function encodeCursor(parts: readonly CursorValue[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url')
}

/** Decodes a cursor made by encodeCursor with `length` parts; anything else is a 400. */
export function decodeCursor(
  cursor: string,
  length: number,
  accept: (value: CursorValue, index: number) => boolean = () => true,
): CursorValue[] {
  let parts: unknown
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw badCursor()
  }
  const valid =
    Array.isArray(parts) &&
    parts.length === length &&
    length <= MAX_PARTS &&
    parts.every(
      (p) =>
        p === null ||
        (typeof p === 'number' && Number.isFinite(p)) ||
        (typeof p === 'string' && p.length <= 200),
    ) &&
    parts.every((p, i) => accept(p as CursorValue, i))
  if (!valid) throw badCursor()
  return parts as CursorValue[]
}

function badCursor() {
  return withFields(new ValidationFailed('The cursor is not valid'), {
    details: [{ path: '/querystring/cursor', message: 'is not a cursor this list produced' }],
  })
}

/** Splits a page fetched with limit + 1 rows into the page and the cursor for the next one. */
export function pageOf<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => CursorValue[],
): { items: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { items: rows, nextCursor: null }
  const items = rows.slice(0, limit)
  return { items, nextCursor: encodeCursor(keyOf(items[items.length - 1] as T)) }
}

const isId = (v: CursorValue) =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 2_147_483_647

/** The id in a cursor of a list ordered by id, or undefined for the first page. */
export function decodeIdCursor(cursor: string | undefined): number | undefined {
  return cursor === undefined ? undefined : (decodeCursor(cursor, 1, isId)[0] as number)
}
