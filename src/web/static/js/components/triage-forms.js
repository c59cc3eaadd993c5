// The developer's actions on one row of the triage table: status with an official response,
// merge, promote (coordinators) and the effort estimate. Each hands its request to `act`, which
// reports the outcome and reloads the table. No side effects at import.
/** @import { Release, TriageRow } from '../../../api-types.ts' */
import { api } from '../api.js'
import { h } from '../dom.js'
import { PROGNOSES, STATUS_LABELS, statusLabel } from './badges.js'

/**
 * Runs a request, then says `done` (or why it was refused).
 * @typedef {(request: Promise<unknown>, done: string) => Promise<void>} Act
 */

/**
 * @param {TriageRow} row
 * @param {Act} act
 */
export function statusForm(row, act) {
  const id = row.idea.id
  const select = h(
    'select',
    { id: `status-${id}` },
    Object.entries(STATUS_LABELS)
      .filter(([s]) => s !== 'merged' && s !== 'deleted')
      .map(([value, label]) => h('option', { value }, label)),
  )
  select.value = row.idea.status
  const response = h('textarea', { id: `response-${id}`, rows: 2, maxlength: 5000 })
  return h(
    'form',
    {
      class: 'status-form',
      onSubmit: (e) => {
        e.preventDefault()
        void act(
          api('POST', `/ideas/${id}/status`, {
            status: select.value,
            ...(response.value.trim() ? { response: response.value } : {}),
          }),
          `Idea #${id} is now ${statusLabel(select.value)}.`,
        )
      },
    },
    h('label', { for: select.id }, 'Status'),
    select,
    h('label', { for: response.id }, 'Official response'),
    response,
    h('button', { type: 'submit' }, 'Set status'),
  )
}

/**
 * @param {TriageRow} row
 * @param {Act} act
 */
export function mergeForm(row, act) {
  const id = row.idea.id
  const into = h('input', {
    id: `merge-${id}`,
    type: 'number',
    min: 1,
    required: true,
    list: `dups-${id}`,
  })
  return h(
    'form',
    {
      class: 'merge-form',
      onSubmit: (e) => {
        e.preventDefault()
        void act(
          api('POST', `/ideas/${id}/merge`, { intoId: Number(into.value) }),
          `Idea #${id} merged into #${into.value}.`,
        )
      },
    },
    h('label', { for: into.id }, 'Merge into idea #'),
    into,
    h('button', { type: 'submit' }, 'Merge'),
  )
}

/**
 * @param {TriageRow} row
 * @param {Release[]} openReleases the releases it can go into
 * @param {Act} act
 */
export function promoteForm(row, openReleases, act) {
  const id = row.idea.id
  const release = h(
    'select',
    { id: `release-${id}` },
    openReleases.map((r) => h('option', { value: r.id }, `${r.name} (${r.phase})`)),
  )
  const group = h('input', { id: `group-${id}`, value: row.idea.category?.name ?? '' })
  const owner = h('input', { id: `owner-${id}`, placeholder: 'volunteers wanted' })
  const prognosis = h(
    'select',
    { id: `prognosis-${id}` },
    PROGNOSES.map((p) => h('option', { value: p }, p)),
  )
  prognosis.value = 'good'
  const exception = h('input', {
    id: `exception-${id}`,
    placeholder: 'only after the feature freeze',
  })
  return h(
    'form',
    {
      class: 'promote-form',
      onSubmit: (e) => {
        e.preventDefault()
        /** @type {Record<string, unknown>} */
        const body = { releaseId: Number(release.value), prognosis: prognosis.value }
        if (group.value.trim()) body.group = group.value.trim()
        if (owner.value.trim()) body.ownerName = owner.value.trim()
        if (exception.value.trim()) body.exception = { reason: exception.value.trim() }
        void act(
          api('POST', `/ideas/${id}/promote`, body),
          `Idea #${id} promoted to release ${release.selectedOptions[0]?.textContent ?? ''}.`,
        )
      },
    },
    h('label', { for: release.id }, 'Release'),
    release,
    h('label', { for: group.id }, 'Group'),
    group,
    h('label', { for: owner.id }, 'Owner'),
    owner,
    h('label', { for: prognosis.id }, 'Prognosis'),
    prognosis,
    h('label', { for: exception.id }, 'Freeze exception reason'),
    exception,
    h('button', { type: 'submit' }, 'Promote'),
  )
}

/**
 * The effort estimate, saved when it changes.
 * @param {TriageRow} row
 * @param {Act} act
 */
export function effortInput(row, act) {
  const id = row.idea.id
  const input = h('input', {
    id: `effort-${id}`,
    type: 'number',
    min: 0.1,
    step: 0.1,
    value: row.effort ?? '',
    class: 'effort',
    'aria-label': `Effort in developer-weeks for idea ${id}`,
  })
  input.addEventListener('change', () => {
    const effort = input.value === '' ? null : Number(input.value)
    void act(api('PATCH', `/ideas/${id}/triage`, { effort }), `Effort of #${id} saved.`)
  })
  return input
}
