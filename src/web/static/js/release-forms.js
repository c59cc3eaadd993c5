// Coordinator forms for a release's plan: create one with its milestones and capacity (DESIGN §5
// step 1), and move its milestones later — moving the release date later records a slip, with the
// reason given here (step 5). Dates are whole days, sent as midnight UTC.
import { api } from './api.js'
import { h } from './dom.js'

const MILESTONES = [
  ['featureFreezeAt', 'Feature freeze', true],
  ['codeFreezeAt', 'Code freeze', false],
  ['firstRcAt', 'First RC', false],
  ['releaseAt', 'Release', true],
]

const toIso = (day) => (day ? `${day}T00:00:00.000Z` : null)
const toDay = (iso) => (iso ? iso.slice(0, 10) : '')

/** Date inputs for the milestones (and capacity), prefilled from `release` when editing. */
function milestoneFields(prefix, release) {
  const inputs = {}
  const rows = MILESTONES.map(([key, label, required]) => {
    inputs[key] = h('input', {
      id: `${prefix}-${key}`,
      type: 'date',
      required,
      value: toDay(release?.[key]),
    })
    return h('p', null, h('label', { for: `${prefix}-${key}` }, label), inputs[key])
  })
  inputs.capacity = h('input', {
    id: `${prefix}-capacity`,
    type: 'number',
    min: 0.1,
    step: 0.1,
    value: release?.capacity ?? '',
  })
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

/** The milestone fields that have a value, as the API wants them; `clear` sends null for blanks. */
function milestoneBody(inputs, clear) {
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

/** "Plan a release": creates it and opens its board. */
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
            const release = await api('POST', `/forums/${encodeURIComponent(slug)}/releases`, {
              name: name.value.trim(),
              ...milestoneBody(inputs, false),
            })
            location.assign(`/releases/${release.id}`)
          } catch (err) {
            status.textContent = `Refused: ${err.message}`
          }
        },
      },
      h('p', null, h('label', { for: 'release-name' }, 'Name'), name),
      rows,
      h('button', { type: 'submit' }, 'Create release'),
    ),
  )
}

/** "Edit milestones": moving the release date later asks why, and the slip is kept. */
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
        onSubmit: async (e) => {
          e.preventDefault()
          const body = milestoneBody(inputs, true)
          if (reason.value.trim()) body.slipReason = reason.value.trim()
          try {
            await api('PATCH', `/releases/${release.id}`, body)
            status.textContent = `Release ${release.name} updated.`
            await reload()
          } catch (err) {
            status.textContent = `Refused: ${err.message}`
          }
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
