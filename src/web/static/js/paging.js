// Following `nextCursor` (API.md: lists are `{items, nextCursor}`). Pure: the page is fetched by
// the function given, so the tests run it in Node.

/**
 * @template T
 * @typedef {{ items: T[], nextCursor: string | null }} Page
 */

/**
 * Pages from `cursor` on until at least `atLeast` items are in hand or the list ends (at most
 * `maxPages` requests). Returns the items and the cursor to go on from (null at the end).
 * @template T
 * @param {(cursor: string | null) => Promise<Page<T>>} fetchPage
 * @param {{ cursor?: string | null, atLeast?: number, maxPages?: number }} [options]
 * @returns {Promise<Page<T>>}
 */
export async function collectPages(fetchPage, { cursor = null, atLeast = 1, maxPages = 50 } = {}) {
  /** @type {T[]} */
  const items = []
  let next = cursor
  for (let n = 0; n < maxPages; n++) {
    const page = await fetchPage(next)
    items.push(...page.items)
    next = page.nextCursor
    if (next === null || items.length >= atLeast) break
  }
  return { items, nextCursor: next }
}
