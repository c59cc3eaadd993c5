// Coordinator forms for a release (DESIGN §5): plan one with its milestones and capacity (step 1),
// move its milestones — moving the release date later records a slip, with the reason given here
// (step 5) —, add a feature after the freeze with an exception (step 4), and ship it (step 7).
// Dates are whole days, sent as midnight UTC. No side effects at import.
/** @import { Release } from '../../../api-types.ts' */
import { api } from '../api.js'
import { h } from '../dom.js'
import { createRelease } from '../endpoints.js'
import { errorMessage } from '../format.js'

/** @typedef {'featureFreezeAt' | 'codeFreezeAt' | 'firstRcAt' | 'releaseAt'} MilestoneKey */
/** @type {[MilestoneKey, string, boolean][]} key, label, required */
const MILESTONES = [
  ['featureFreezeAt', 'Feature freeze', true],
  ['codeFreezeAt', 'Code freeze', false],
  ['firstRcAt', 'First RC', false],
  ['releaseAt', 'Release', true],
]

/** @param {string} day */
const toIso = (day) => (day ? `${day}T00:00:00.000Z` : null)
/** @param {string | null | undefined} iso */
const toDay = (iso) => (iso ? iso.slice(0, 10) : '')

/** @typedef {Record<MilestoneKey | 'capacity', HTMLInputElement>} MilestoneInputs */

/**
 * Date inputs for the milestones (and capacity), prefilled from `release` when editing.
 * @param {string} prefix
 * @param {Release | null} release
 * @returns {{ inputs: MilestoneInputs, rows: HTMLParagraphElement[] }}
 */
function milestoneFields(prefix, release) {
  /** @param {MilestoneKey} key */
  const date = (key) =>
    h('input', {
      id: `${prefix}-${key}`,
      type: 'date',
      required: MILESTONES.some(([k, , required]) => k === key && required),
      value: toDay(release?.[key]),
    })
  /** @type {MilestoneInputs} */
  const inputs = {
    featureFreezeAt: date('featureFreezeAt'),
    codeFreezeAt: date('codeFreezeAt'),
    firstRcAt: date('firstRcAt'),
    releaseAt: date('releaseAt'),
    capacity: h('input', {
      id: `${prefix}-capacity`,
      type: 'number',
      min: 0.1,
      step: 0.1,
      value: release?.capacity ?? '',
    }),
  }
  const rows = MILESTONES.map(([key, label]) =>
    h('p', null, h('label', { for: `${prefix}-${key}` }, label), inputs[key]),
  )
  rows.push(
    h(
      'p',
      null,
      h('label', { for: `${prefix}-capacity` }, 'Capacity (developer-weeks)'),
      inputs.capacity,
    ),
  )
  return { inputs, rows }
}

/**
 * The milestone fields that have a value, as the API wants them; `clear` sends null for blanks.
 * @param {MilestoneInputs} inputs
 * @param {boolean} clear
 */
function milestoneBody(inputs, clear) {
  /** @type {Record<string, string | number | null>} */
  const body = {}
  for (const [key, , required] of MILESTONES) {
    const iso = toIso(inputs[key].value)
    if (iso) body[key] = iso
    else if (clear && !required) body[key] = null
  }
  if (inputs.capacity.value !== '') body.capacity = Number(inputs.capacity.value)
  else if (clear) body.capacity = null
  return body
}

/**
 * "Plan a release": creates it and opens its board.
 * @param {string} slug
 * @param {HTMLElement} status
 */
export function newReleaseForm(slug, status) {
  const name = h('input', { id: 'release-name', required: true, maxlength: 60 })
  const { inputs, rows } = milestoneFields('release', null)
  return h(
    'details',
    { class: 'edit' },
    h('summary', null, 'Plan a release'),
    h(
      'form',
      {
        id: 'new-release',
        onSubmit: async (e) => {
          e.preventDefault()
          try {
            const release = await createRelease(slug, {
              name: name.value.trim(),
              ...milestoneBody(inputs, false),
            })
            location.assign(`/releases/${release.id}`)
          } catch (err) {
            status.textContent = `Refused: ${errorMessage(err)}`
          }
        },
      },
      h('p', null, h('label', { for: 'release-name' }, 'Name'), name),
      rows,
      h('button', { type: 'submit' }, 'Create release'),
    ),
  )
}

/**
 * Runs a coordinator's request, then says `done` and reloads the board (or says why not).
 * @param {HTMLElement} status
 * @param {() => Promise<void>} reload
 * @param {() => Promise<unknown>} request
 * @param {string} done
 */
async function attempt(status, reload, request, done) {
  try {
    await request()
  } catch (err) {
    status.textContent = `Refused: ${errorMessage(err)}`
    return
  }
  status.textContent = done
  await reload()
}

/**
 * "Edit milestones": moving the release date later asks why, and the slip is kept.
 * @param {Release} release
 * @param {() => Promise<void>} reload
 * @param {HTMLElement} status
 */
export function milestonesForm(release, reload, status) {
  const { inputs, rows } = milestoneFields('edit', release)
  const reason = h('input', { id: 'slip-reason', maxlength: 1000 })
  return h(
    'details',
    { class: 'edit' },
    h('summary', null, 'Edit milestones'),
    h(
      'form',
      {
        id: 'edit-milestones',
        onSubmit: (e) => {
          e.preventDefault()
          const body = milestoneBody(inputs, true)
          if (reason.value.trim()) body.slipReason = reason.value.trim()
          void attempt(
            status,
            reload,
            () => api('PATCH', `/releases/${release.id}`, body),
            `Release ${release.name} updated.`,
          )
        },
      },
      rows,
      h(
        'p',
        null,
        h('label', { for: 'slip-reason' }, 'Why the release date moves (if it slips)'),
        reason,
      ),
      h('button', { type: 'submit' }, 'Save milestones'),
    ),
  )
}

/**
 * "Add a feature": after the freeze it needs an exception with a reason.
 * @param {Release} release
 * @param {() => Promise<void>} reload
 * @param {HTMLElement} status
 */
export function addFeatureForm(release, reload, status) {
  const title = h('input', { id: 'new-title', required: true })
  const group = h('input', { id: 'new-group' })
  const owner = h('input', { id: 'new-owner' })
  const exception = h('input', {
    id: 'new-exception',
    placeholder: 'required after the feature freeze',
  })
  return h(
    'details',
    null,
    h('summary', null, 'Add a feature (freeze exception)'),
    h(
      'form',
      {
        onSubmit: (e) => {
          e.preventDefault()
          /** @type {Record<string, unknown>} */
          const body = { title: title.value.trim() }
          if (group.value.trim()) body.group = group.value.trim()
          if (owner.value.trim()) body.ownerName = owner.value.trim()
          if (exception.value.trim()) body.exception = { reason: exception.value.trim() }
          void attempt(
            status,
            reload,
            () => api('POST', `/releases/${release.id}/features`, body),
            `Feature "${title.value.trim()}" added.`,
          )
        },
      },
      h('p', null, h('label', { for: 'new-title' }, 'Title'), title),
      h('p', null, h('label', { for: 'new-group' }, 'Group'), group),
      h('p', null, h('label', { for: 'new-owner' }, 'Owner'), owner),
      h('p', null, h('label', { for: 'new-exception' }, 'Freeze exception reason'), exception),
      h('button', { type: 'submit' }, 'Add feature'),
    ),
  )
}

/**
 * "Ship this release": done features complete their ideas; the rest move on.
 * @param {Release} release
 * @param {Release[]} others the releases unfinished features can move to
 * @param {() => Promise<void>} reload
 * @param {HTMLElement} status
 */
export function shipForm(release, others, reload, status) {
  const next = h(
    'select',
    { id: 'ship-next' },
    h('option', { value: '' }, 'the backlog'),
    others.map((r) => h('option', { value: r.id }, r.name)),
  )
  return h(
    'details',
    null,
    h('summary', null, 'Ship this release'),
    h(
      'form',
      {
        onSubmit: (e) => {
          e.preventDefault()
          void attempt(
            status,
            reload,
            () =>
              api(
                'POST',
                `/releases/${release.id}/ship`,
                next.value ? { nextReleaseId: Number(next.value) } : {},
              ),
            `Release ${release.name} shipped.`,
          )
        },
      },
      h('p', null, 'Done features complete their ideas and give the voters their votes back.'),
      h('p', null, h('label', { for: 'ship-next' }, 'Move unfinished features to'), next),
      h('button', { type: 'submit' }, 'Ship'),
    ),
  )
}
