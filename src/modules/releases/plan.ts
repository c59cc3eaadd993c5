// "What fits before the freeze": the set of estimated ideas with the most votes whose effort fits
// the capacity — an exact 0/1 knapsack by dynamic programming over effort in tenths of a week.
// (Greedy by votes per week is wrong: costs [1,3,4,5], votes [1,4,5,7], capacity 7 — greedy
// takes 8 votes, the optimum is 9.)

export interface Candidate {
  id: number
  votes: number
  /** developer-weeks, > 0 */
  effort: number
}

// Effort and capacity are counted in tenths of a developer-week (efforts are stored to tenths, so
// this is exact). Absurdly large inputs fall back to coarser units to bound the table's size.
const TENTHS = 10
const MAX_CELLS = 20_000_000

export function bestPlan<C extends Candidate>(candidates: readonly C[], capacity: number) {
  const total = candidates.reduce((sum, c) => sum + c.effort, 0)
  const limit = Math.min(capacity, total)
  const scale = Math.min(TENTHS, MAX_CELLS / Math.max(1, (limit + 1) * candidates.length))
  const cap = Math.floor(limit * scale + 1e-9)
  const items = candidates.map((c) => ({ c, w: Math.max(1, Math.round(c.effort * scale)) }))
  // best[w] = most votes with total effort ≤ w; took[i][w] records whether item i was taken.
  const best = new Float64Array(cap + 1)
  const took = items.map(() => new Uint8Array(cap + 1))
  items.forEach(({ c, w: weight }, i) => {
    for (let w = cap; w >= weight; w--) {
      const withItem = best[w - weight]! + c.votes
      if (withItem > best[w]!) {
        best[w] = withItem
        took[i]![w] = 1
      }
    }
  })
  // Of the plans with the most votes, take the one using the least effort.
  let w = cap
  while (w > 0 && best[w - 1] === best[cap]) w--
  const chosen = new Set<C>()
  for (let i = items.length - 1; i >= 0; i--) {
    if (took[i]![w]) {
      chosen.add(items[i]!.c)
      w -= items[i]!.w
    }
  }
  return {
    chosen: candidates.filter((c) => chosen.has(c)),
    leftOut: candidates.filter((c) => !chosen.has(c)),
  }
}
