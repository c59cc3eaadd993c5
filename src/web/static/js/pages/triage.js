// `/f/:slug/triage` (developers): the ranked demand table with its metrics, effort estimates,
// status changes with a response, merges, promotion (coordinators), CSV download, and the plan
// of what fits before a release's freeze, highlighted in the table. Every open idea can be
// reached: "Show more" follows the cursor, and a reload after an action keeps as many rows.
/** @import { TriageRow } from '../../../api-types.ts' */
import { apiRaw, hasRole } from '../api.js'
import { statusLine } from '../components/status-line.js'
import { effortInput, mergeForm, promoteForm, statusForm } from '../components/triage-forms.js'
import { h, mount } from '../dom.js'
import * as endpoints from '../endpoints.js'
import { errorMessage } from '../format.js'
import { pathPart, signInLink, startPage } from '../layout.js'
import { collectPages } from '../paging.js'

const RANKS = ['top', 'trending', 'hot', 'value']
const COLUMNS = [
  '#',
  'Idea',
  'Votes',
  'Voters',
  '7 d',
  '30 d',
  'Age (d)',
  'Comments',
  'Category',
  'Effort (wk)',
  '',
]

startPage(async (root) => {
  const slug = pathPart(2)
  if (!hasRole('developer')) {
    mount(
      root,
      h('h1', null, 'Triage'),
      h(
        'p',
        { role: 'alert' },
        'Triage is for developers. ',
        signInLink(),
        ' with a developer account.',
      ),
    )
    return
  }
  const [forum, releases] = await Promise.all([endpoints.forum(slug), endpoints.releasesOf(slug)])
  const openReleases = releases.items.filter((r) => r.phase !== 'released')
  const params = new URLSearchParams(location.search)
  const wanted = params.get('rank')
  // Rows per request: 100 (the API's most), or fewer with ?limit= (the e2e suite pages with it).
  const limit = Number(params.get('limit'))
  const pageSize = Number.isInteger(limit) && limit >= 1 && limit <= 100 ? limit : 100
  let rank = wanted !== null && RANKS.includes(wanted) ? wanted : 'top'
  /** @type {Set<number>} */
  let chosen = new Set()
  const status = statusLine('triage-status')
  const tbody = h('tbody')
  const more = h('p', { class: 'more' })
  /** Rows shown, and where the next page starts (null: all shown). */
  let shown = 0
  /** @type {string | null} */
  let nextCursor = null

  const rankSelect = h(
    'select',
    { id: 'rank' },
    RANKS.map((r) => h('option', { value: r }, r)),
  )
  rankSelect.value = rank
  rankSelect.addEventListener('change', () => {
    rank = rankSelect.value
    void load()
  })

  /** @type {import('../components/triage-forms.js').Act} */
  async function act(request, done) {
    try {
      await request
    } catch (err) {
      status.textContent = `Refused: ${errorMessage(err)}`
      return
    }
    status.textContent = done
    await load({ keep: true })
  }

  /** @param {TriageRow} row */
  function rowFor(row) {
    const inPlan = chosen.has(row.idea.id)
    return h(
      'tr',
      { class: inPlan ? 'chosen' : undefined, 'data-idea': row.idea.id },
      h('td', null, String(row.rank)),
      h(
        'td',
        null,
        h('a', { href: `/ideas/${row.idea.id}` }, row.idea.title),
        inPlan ? h('span', { class: 'badge in-plan' }, 'in plan') : null,
        row.possibleDuplicates.length
          ? h(
              'p',
              { class: 'muted' },
              'Possible duplicates: ',
              row.possibleDuplicates.map((d, i) => [
                i ? ', ' : '',
                h('a', { href: `/ideas/${d}` }, `#${d}`),
              ]),
            )
          : null,
      ),
      h('td', { class: 'num' }, String(row.votes)),
      h('td', { class: 'num' }, String(row.voters)),
      h('td', { class: 'num' }, String(row.votes7d)),
      h('td', { class: 'num' }, String(row.votes30d)),
      h('td', { class: 'num' }, String(row.ageDays)),
      h('td', { class: 'num' }, String(row.comments)),
      h('td', null, row.idea.category?.name ?? '—'),
      h('td', null, effortInput(row, act)),
      h(
        'td',
        null,
        h(
          'details',
          null,
          h('summary', null, 'Actions'),
          statusForm(row, act),
          mergeForm(row, act),
          hasRole('coordinator') ? promoteForm(row, openReleases, act) : null,
        ),
      ),
    )
  }

  /** @param {string | null} cursor */
  const page = (cursor) => {
    const query = new URLSearchParams({ rank, limit: String(pageSize) })
    if (cursor) query.set('cursor', cursor)
    return endpoints.triage(slug, query)
  }

  /**
   * The first page, or (keep) as many rows as were shown — after an action the ranks move, so
   * the table is read again from the top rather than patched.
   * @param {{ keep?: boolean }} [options]
   */
  async function load({ keep = false } = {}) {
    const result = await collectPages(page, { atLeast: keep ? Math.max(shown, 1) : 1 })
    mount(tbody, result.items.map(rowFor))
    if (result.items.length === 0)
      tbody.append(h('tr', null, h('td', { colspan: COLUMNS.length }, 'Nothing to triage.')))
    shown = result.items.length
    nextCursor = result.nextCursor
    renderMore()
  }

  async function showMore() {
    if (nextCursor === null) return
    const result = await collectPages(page, { cursor: nextCursor })
    tbody.append(...result.items.map(rowFor))
    shown += result.items.length
    nextCursor = result.nextCursor
    renderMore()
  }

  function renderMore() {
    mount(
      more,
      nextCursor
        ? h(
            'button',
            { type: 'button', class: 'secondary', onClick: () => void showMore() },
            `Show more (${shown} shown)`,
          )
        : null,
    )
  }

  async function download() {
    const res = await apiRaw(`/forums/${encodeURIComponent(slug)}/triage?rank=${rank}&format=csv`)
    const url = URL.createObjectURL(await res.blob())
    const a = h('a', { href: url, download: `${slug}-triage-${rank}.csv` })
    document.body.append(a)
    a.click()
    a.remove()
    setTimeout(() => URL.revokeObjectURL(url), 1000)
  }

  const planRelease = h(
    'select',
    { id: 'plan-release' },
    releases.items.map((r) =>
      h('option', { value: r.id, 'data-capacity': r.capacity ?? '' }, r.name),
    ),
  )
  const capacity = h('input', {
    id: 'capacity',
    type: 'number',
    min: 0,
    step: 0.5,
    value: releases.items[0]?.capacity ?? 10,
  })
  planRelease.addEventListener(
    'change',
    () => (capacity.value = planRelease.selectedOptions[0]?.dataset.capacity || capacity.value),
  )
  const planOut = h('div', { id: 'plan', 'aria-live': 'polite' })
  const planForm = h(
    'form',
    {
      class: 'filters',
      onSubmit: async (e) => {
        e.preventDefault()
        try {
          const plan = await endpoints.plan(Number(planRelease.value), capacity.value)
          chosen = new Set(plan.chosen.map((c) => c.ideaId))
          mount(
            planOut,
            h(
              'p',
              null,
              `Chosen: ${plan.chosen.length} ideas, ${plan.totalVotes} votes, ${plan.totalEffort} of ${plan.capacity} developer-weeks.`,
            ),
            h(
              'ul',
              { class: 'plan-chosen' },
              plan.chosen.map((c) =>
                h(
                  'li',
                  null,
                  h('a', { href: `/ideas/${c.ideaId}` }, c.title),
                  ` — ${c.votes} votes, ${c.effort} weeks`,
                ),
              ),
            ),
            plan.leftOut.length
              ? h(
                  'p',
                  { class: 'muted' },
                  `Left out: ${plan.leftOut.map((c) => c.title).join('; ')}`,
                )
              : null,
          )
          await load({ keep: true })
        } catch (err) {
          mount(planOut, h('p', { role: 'alert' }, errorMessage(err)))
        }
      },
    },
    h('label', { for: 'plan-release' }, 'Release'),
    planRelease,
    h('label', { for: 'capacity' }, 'Capacity (developer-weeks)'),
    capacity,
    h('button', { type: 'submit' }, 'Plan'),
  )

  mount(
    root,
    h('p', null, h('a', { href: `/f/${encodeURIComponent(slug)}` }, `← ${forum.name}`)),
    h('h1', null, `Triage: ${forum.name}`),
    h(
      'div',
      { class: 'filters' },
      h('label', { for: 'rank' }, 'Rank by'),
      rankSelect,
      h(
        'button',
        { type: 'button', class: 'secondary', onClick: () => void download() },
        'Download CSV',
      ),
    ),
    status,
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'triage' },
        h('caption', { class: 'sr-only' }, 'Open ideas not yet planned, ranked'),
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            COLUMNS.map((c) => h('th', { scope: 'col' }, c)),
          ),
        ),
        tbody,
      ),
    ),
    more,
    h(
      'section',
      { class: 'plan' },
      h('h2', null, 'What fits before the freeze'),
      planForm,
      planOut,
    ),
  )
  await load()
})
