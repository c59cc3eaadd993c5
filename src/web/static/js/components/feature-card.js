// A feature on the release board: prognosis, owner, status line, freeze exception, the demand
// behind it (a meter against the most demanded feature), its ideas and, for coordinators, its
// editor. No side effects at import.
/** @import { Feature } from '../../../api-types.ts' */
import { api } from '../api.js'
import { h } from '../dom.js'
import { errorMessage, plural } from '../format.js'
import { PROGNOSES, prognosisBadge } from './badges.js'

/** @param {Feature['owner']} owner */
const ownerName = (owner) => (owner ? ('name' in owner ? owner.name : owner.displayName) : null)

/**
 * "Edit feature": title, group, owner, status line and prognosis.
 * @param {Feature} feature
 * @param {() => Promise<void>} reload
 * @param {HTMLElement} status
 */
export function featureEditor(feature, reload, status) {
  const id = feature.id
  /** @param {string} name @param {string} label @param {HTMLElement} input */
  const field = (name, label, input) =>
    h('p', null, h('label', { for: `${name}-${id}` }, label), input)
  const title = h('input', { id: `title-${id}`, value: feature.title, required: true })
  const group = h('input', { id: `group-${id}`, value: feature.group })
  const owner = h('input', { id: `owner-${id}`, value: ownerName(feature.owner) ?? '' })
  const line = h('input', { id: `line-${id}`, value: feature.status })
  const prognosis = h(
    'select',
    { id: `prognosis-${id}` },
    PROGNOSES.map((p) => h('option', { value: p }, p)),
  )
  prognosis.value = feature.prognosis
  return h(
    'details',
    { class: 'edit' },
    h('summary', null, 'Edit feature'),
    h(
      'form',
      {
        onSubmit: async (e) => {
          e.preventDefault()
          /** @type {Record<string, string | null>} */
          const body = {
            title: title.value.trim(),
            group: group.value.trim(),
            status: line.value,
            prognosis: prognosis.value,
          }
          const ownerText = owner.value.trim()
          if (ownerText !== (ownerName(feature.owner) ?? '')) body.ownerName = ownerText || null
          try {
            await api('PATCH', `/features/${id}`, body)
          } catch (err) {
            status.textContent = `Refused: ${errorMessage(err)}`
            return
          }
          status.textContent = `Feature "${body.title}" saved.`
          await reload()
        },
      },
      field('title', 'Title', title),
      field('group', 'Group', group),
      field('owner', 'Owner', owner),
      field('line', 'Status line', line),
      field('prognosis', 'Prognosis', prognosis),
      h('button', { type: 'submit' }, 'Save'),
    ),
  )
}

/**
 * @param {Feature} feature
 * @param {{ maxDemand: number, editor: HTMLElement | null }} options
 */
export function featureCard(feature, { maxDemand, editor }) {
  return h(
    'li',
    { class: `feature card prognosis-${feature.prognosis}`, 'data-feature': feature.id },
    h(
      'h4',
      null,
      feature.title,
      feature.external ? ' (external)' : '',
      feature.techPreview ? ' (tech preview)' : '',
    ),
    h(
      'p',
      { class: 'meta' },
      prognosisBadge(feature.prognosis),
      ` owner: ${ownerName(feature.owner) ?? 'volunteers wanted'}`,
    ),
    feature.status ? h('p', null, `status: ${feature.status}`) : null,
    feature.exception
      ? h('p', { class: 'notice' }, `Freeze exception: ${feature.exception.reason}`)
      : null,
    h(
      'p',
      { class: 'demand' },
      h(
        'label',
        { for: `demand-${feature.id}` },
        `demand: ${plural(feature.demand.votes, 'vote')}, ${plural(feature.demand.voters, 'voter')}`,
      ),
      h('meter', {
        id: `demand-${feature.id}`,
        min: 0,
        max: maxDemand,
        value: feature.demand.votes,
      }),
    ),
    feature.ideas.length
      ? h(
          'ul',
          { class: 'linked' },
          feature.ideas.map((i) =>
            h('li', null, h('a', { href: `/ideas/${i.id}` }, i.title), ` (${i.votes} votes)`),
          ),
        )
      : null,
    editor,
  )
}
