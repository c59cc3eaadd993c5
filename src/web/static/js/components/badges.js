// Status and prognosis badges, and the words they use (test/web/modules.test.ts checks they are
// the server's, src/core/domain.ts). No side effects at import.
/** @import { IdeaStatus, Prognosis } from '../../../api-types.ts' */
import { h } from '../dom.js'

/** @type {Record<IdeaStatus, string>} */
export const STATUS_LABELS = {
  open: 'Open',
  under_review: 'Under review',
  planned: 'Planned',
  started: 'Started',
  completed: 'Completed',
  declined: 'Declined',
  merged: 'Merged',
  deleted: 'Deleted',
}
/** @type {readonly string[]} */
export const OPEN_STATUSES = ['open', 'under_review', 'planned', 'started']
/** @type {readonly Prognosis[]} */
export const PROGNOSES = ['excellent', 'good', 'fair', 'poor', 'done', 'not-for-this-release']

/**
 * @param {string} status
 * @returns {string}
 */
export const statusLabel = (status) =>
  status in STATUS_LABELS ? STATUS_LABELS[/** @type {IdeaStatus} */ (status)] : status

/** @param {string} status */
export const statusBadge = (status) =>
  h('span', { class: `badge status-${status}` }, statusLabel(status))

/** @param {Prognosis} prognosis */
export const prognosisBadge = (prognosis) =>
  h('span', { class: `badge prognosis-${prognosis}` }, prognosis.replaceAll('-', ' '))
