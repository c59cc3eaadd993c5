// `/f/:slug`: the board — sort tabs, category filter, search, status badges, the budget meter and
// a vote control on every idea, "Show more" following the cursor.
import { hasRole } from '../api.js'
import { ideaItem } from '../components/idea-item.js'
import { newReleaseForm } from '../components/release-forms.js'
import { statusLine } from '../components/status-line.js'
import { budgetMeter, budgetStore } from '../components/vote-control.js'
import { h, mount } from '../dom.js'
import { budget, forum as getForum, ideas, releasesOf } from '../endpoints.js'
import { pathPart, startPage } from '../layout.js'

/** @type {[string, string][]} */
const SORTS = [
  ['top', 'Top'],
  ['new', 'New'],
  ['trending', 'Trending'],
]

startPage(async (root, user) => {
  const slug = pathPart(2)
  const params = new URLSearchParams(location.search)
  const sort = params.get('sort')
  const state = {
    sort: sort !== null && SORTS.some(([s]) => s === sort) ? sort : 'top',
    categoryId: params.get('category') ?? '',
    q: params.get('q') ?? '',
  }
  const [forum, myBudget, releases] = await Promise.all([
    getForum(slug),
    user ? budget(slug) : null,
    releasesOf(slug),
  ])
  const store = budgetStore(forum, myBudget)
  const list = h('ol', { class: 'ideas', 'aria-live': 'polite' })
  const more = h('p')
  const releaseStatus = statusLine('release-status')

  const tabs = h(
    'nav',
    { class: 'tabs', 'aria-label': 'Sort ideas' },
    SORTS.map(([value, label]) =>
      h(
        'button',
        {
          type: 'button',
          'aria-pressed': String(state.sort === value),
          onClick: () => {
            state.sort = value
            for (const b of tabs.querySelectorAll('button'))
              b.setAttribute('aria-pressed', String(b.textContent === label))
            void load()
          },
        },
        label,
      ),
    ),
  )
  const category = h(
    'select',
    { id: 'category' },
    h('option', { value: '' }, 'All categories'),
    forum.categories.map((c) => h('option', { value: c.id }, c.name)),
  )
  category.value = state.categoryId
  category.addEventListener('change', () => {
    state.categoryId = category.value
    void load()
  })
  const search = h('input', {
    id: 'q',
    type: 'search',
    value: state.q,
    placeholder: 'Search ideas',
  })
  const filters = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      onSubmit: (e) => {
        e.preventDefault()
        state.q = search.value.trim()
        void load()
      },
    },
    h('label', { for: 'category' }, 'Category'),
    category,
    h('label', { for: 'q', class: 'sr-only' }, 'Search'),
    search,
    h('button', { type: 'submit' }, 'Search'),
  )

  /** @param {string} [cursor] */
  async function load(cursor) {
    const query = new URLSearchParams({ sort: state.sort, limit: '20' })
    if (state.categoryId) query.set('categoryId', state.categoryId)
    if (state.q) query.set('q', state.q)
    if (cursor) query.set('cursor', cursor)
    const shown = new URLSearchParams()
    if (state.sort !== 'top') shown.set('sort', state.sort)
    if (state.categoryId) shown.set('category', state.categoryId)
    if (state.q) shown.set('q', state.q)
    history.replaceState(null, '', `${location.pathname}${shown.size ? `?${shown}` : ''}`)
    const page = await ideas(slug, query)
    if (!cursor) list.replaceChildren()
    for (const idea of page.items) list.append(ideaItem(idea, store))
    if (!cursor && page.items.length === 0)
      list.append(h('li', { class: 'muted' }, 'No ideas match.'))
    const next = page.nextCursor
    mount(
      more,
      next ? h('button', { type: 'button', onClick: () => load(next) }, 'Show more') : null,
    )
  }

  mount(
    root,
    h(
      'div',
      { class: 'board-head' },
      h('div', null, h('h1', null, forum.name), h('p', null, forum.description)),
      h(
        'div',
        { class: 'board-actions' },
        budgetMeter(store),
        h('a', { class: 'button', href: `/f/${encodeURIComponent(slug)}/new` }, 'Suggest an idea'),
        hasRole('developer')
          ? h(
              'a',
              { class: 'button secondary', href: `/f/${encodeURIComponent(slug)}/triage` },
              'Triage',
            )
          : null,
      ),
    ),
    tabs,
    filters,
    list,
    more,
    releases.items.length || hasRole('coordinator')
      ? h(
          'section',
          { class: 'releases' },
          h('h2', null, 'Releases'),
          h(
            'ul',
            null,
            releases.items.map((r) =>
              h('li', null, h('a', { href: `/releases/${r.id}` }, r.name), ` — ${r.phase}`),
            ),
          ),
          hasRole('coordinator') ? newReleaseForm(slug, releaseStatus) : null,
          releaseStatus,
        )
      : null,
  )
  await load()
})
