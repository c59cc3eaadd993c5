// An idea's votes over time. No side effects at import.
/** @import { VoteHistory } from '../../../api-types.ts' */
import { h, s } from '../dom.js'

const DAY = 86_400_000

/**
 * Cumulative net votes per day, as a small SVG line chart with a text summary for screen readers.
 * @param {VoteHistory['items']} items net votes per day
 * @param {number} days
 * @param {number} now ms since the epoch (Date.now())
 */
export function voteChart(items, days, now) {
  const width = 320
  const height = 80
  const start = now - (days - 1) * DAY
  /** @type {number[]} */
  const totals = []
  let running = 0
  const byDay = new Map(items.map((i) => [i.day, i.delta]))
  for (let d = 0; d < days; d++) {
    running += byDay.get(new Date(start + d * DAY).toISOString().slice(0, 10)) ?? 0
    totals.push(running)
  }
  const max = Math.max(1, ...totals)
  const points = totals
    .map(
      (t, i) =>
        `${((i / (days - 1)) * width).toFixed(1)},${(height - (t / max) * (height - 4)).toFixed(1)}`,
    )
    .join(' ')
  return h(
    'figure',
    { class: 'chart' },
    s(
      'svg',
      {
        viewBox: `0 0 ${width} ${height}`,
        role: 'img',
        'aria-label': `Net votes over the last ${days} days: ${running}`,
      },
      s('polyline', { points, fill: 'none', stroke: 'currentColor', 'stroke-width': 2 }),
    ),
    h('figcaption', null, `Net votes gained over the last ${days} days: ${running}`),
  )
}
