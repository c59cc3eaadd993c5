// A release's milestones with "we are here". No side effects at import.
/** @import { Release } from '../../../api-types.ts' */
import { h } from '../dom.js'
import { formatDate } from '../format.js'

/**
 * @param {Release} release
 * @param {number} now ms since the epoch (Date.now())
 */
export function timeline(release, now) {
  /** @type {[string, string | null][]} */
  const all = [
    ['Feature freeze', release.featureFreezeAt],
    ['Code freeze', release.codeFreezeAt],
    ['First RC', release.firstRcAt],
    ['Release', release.releasedAt ?? release.releaseAt],
  ]
  const milestones = all
    .filter(/** @returns {m is [string, string]} */ (m) => m[1] !== null)
    // In date order, as the report has them: a release shipped early comes before the milestones
    // it never reached, and "we are here" marks the latest one passed.
    .sort(([, a], [, b]) => Date.parse(a) - Date.parse(b))
  const passed = milestones.filter(([, at]) => Date.parse(at) <= now).length
  return h(
    'ol',
    { class: 'timeline' },
    passed === 0
      ? h(
          'li',
          { class: 'here' },
          h('strong', null, 'We are here'),
          ` (${formatDate(new Date(now).toISOString())})`,
        )
      : null,
    milestones.map(([label, at], i) =>
      h(
        'li',
        { class: [i < passed ? 'passed' : 'future', i === passed - 1 ? 'here' : ''] },
        h('span', { class: 'when' }, formatDate(at)),
        ` ${label}`,
        label === 'Release' && release.releasedAt ? ' (shipped)' : '',
        i === passed - 1 ? h('strong', { class: 'marker' }, ' ← we are here') : null,
      ),
    ),
  )
}
