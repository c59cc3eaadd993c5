// `/f/:slug/triage` (developers): the ranked demand table with its metrics, effort estimates,
// status changes with a response, merges, promotion (coordinators), CSV download, and the plan
// of what fits before a release's freeze, highlighted in the table.
import { api, get, hasRole } from '../api.js'
import { h, mount } from '../dom.js'
import { pathPart, startPage, STATUS_LABELS } from '../layout.js'

const RANKS = ['top', 'trending', 'hot', 'value']
const PROGNOSES = ['excellent', 'good', 'fair', 'poor', 'done', 'not-for-this-release']

startPage(async (root) => {
  const slug = encodeURIComponent(pathPart(2))
  if (!hasRole('developer')) {
    mount(
      root,
      h('h1', null, 'Triage'),
      h(
        'p',
        { role: 'alert' },
        'Triage is for developers. ',
        h('a', { href: `/?next=${encodeURIComponent(location.pathname)}#signin` }, 'Sign in'),
        ' with a developer account.',
      ),
    )
    return
  }
  const [forum, releases] = await Promise.all([
    get(`/forums/${slug}`),
    get(`/forums/${slug}/releases`),
  ])
  const openReleases = releases.items.filter((r) => r.phase !== 'released')
  let rank = new URLSearchParams(location.search).get('rank') ?? 'top'
  let chosen = new Set()
  const status = h('p', {
    id: 'triage-status',
    class: 'status',
    role: 'status',
    'aria-live': 'polite',
  })
  const tbody = h('tbody')

  const rankSelect = h(
    'select',
    { id: 'rank', onChange: () => ((rank = rankSelect.value), void load()) },
    RANKS.map((r) => h('option', { value: r }, r)),
  )
  rankSelect.value = rank

  async function act(promise, done) {
    try {
      await promise
      status.textContent = done
      await load()
    } catch (err) {
      status.textContent = `Refused: ${err.message}`
    }
  }

  function statusForm(row) {
    const select = h(
      'select',
      { id: `status-${row.idea.id}` },
      Object.entries(STATUS_LABELS)
        .filter(([s]) => s !== 'merged' && s !== 'deleted')
        .map(([value, label]) => h('option', { value }, label)),
    )
    select.value = row.idea.status
    const response = h('textarea', { id: `response-${row.idea.id}`, rows: 2, maxlength: 5000 })
    return h(
      'form',
      {
        class: 'status-form',
        onSubmit: (e) => {
          e.preventDefault()
          void act(
            api('POST', `/ideas/${row.idea.id}/status`, {
              status: select.value,
              ...(response.value.trim() ? { response: response.value } : {}),
            }),
            `Idea #${row.idea.id} is now ${STATUS_LABELS[select.value]}.`,
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

  function mergeForm(row) {
    const into = h('input', {
      id: `merge-${row.idea.id}`,
      type: 'number',
      min: 1,
      required: true,
      list: `dups-${row.idea.id}`,
    })
    return h(
      'form',
      {
        class: 'merge-form',
        onSubmit: (e) => {
          e.preventDefault()
          void act(
            api('POST', `/ideas/${row.idea.id}/merge`, { intoId: Number(into.value) }),
            `Idea #${row.idea.id} merged into #${into.value}.`,
          )
        },
      },
      h('label', { for: into.id }, 'Merge into idea #'),
      into,
      h('button', { type: 'submit' }, 'Merge'),
    )
  }

  function promoteForm(row) {
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

  function effortInput(row) {
    const input = h('input', {
      id: `effort-${row.idea.id}`,
      type: 'number',
      min: 0.1,
      step: 0.1,
      value: row.effort ?? '',
      class: 'effort',
      'aria-label': `Effort in developer-weeks for idea ${row.idea.id}`,
    })
    input.addEventListener('change', () => {
      const effort = input.value === '' ? null : Number(input.value)
      void act(
        api('PATCH', `/ideas/${row.idea.id}/triage`, { effort }),
        `Effort of #${row.idea.id} saved.`,
      )
    })
    return input
  }

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
      h('td', null, effortInput(row)),
      h(
        'td',
        null,
        h(
          'details',
          null,
          h('summary', null, 'Actions'),
          statusForm(row),
          mergeForm(row),
          hasRole('coordinator') ? promoteForm(row) : null,
        ),
      ),
    )
  }

  async function load() {
    const page = await get(`/forums/${slug}/triage?rank=${rank}&limit=100`)
    mount(tbody, page.items.map(rowFor))
    if (page.items.length === 0)
      tbody.append(h('tr', null, h('td', { colspan: 11 }, 'Nothing to triage.')))
  }

  async function download() {
    const res = await api('GET', `/forums/${slug}/triage?rank=${rank}&format=csv`, undefined, {
      raw: true,
    })
    const url = URL.createObjectURL(await res.blob())
    const a = h('a', { href: url, download: `${pathPart(2)}-triage-${rank}.csv` })
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
          const plan = await get(
            `/releases/${planRelease.value}/plan?capacity=${encodeURIComponent(capacity.value)}`,
          )
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
          await load()
        } catch (err) {
          mount(planOut, h('p', { role: 'alert' }, err.message))
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
    h('p', null, h('a', { href: `/f/${slug}` }, `← ${forum.name}`)),
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
            [
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
            ].map((c) => h('th', { scope: 'col' }, c)),
          ),
        ),
        tbody,
      ),
    ),
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
