// `/f/:slug`: the board — sort tabs, category filter, search, status badges, the budget meter and
// a vote control on every idea.
import { currentUser, get, hasRole } from '../api.js'
import { h, mount, statusLine } from '../dom.js'
import { formatDate, pathPart, startPage, statusBadge } from '../layout.js'
import { newReleaseForm } from '../release-forms.js'
import { budgetMeter, budgetStore, voteControl } from '../votes.js'

const SORTS = [
  ['top', 'Top'],
  ['new', 'New'],
  ['trending', 'Trending'],
]

export function ideaItem(idea, store) {
  return h(
    'li',
    { class: 'idea card', 'data-idea': idea.id },
    voteControl(idea, store),
    h(
      'div',
      { class: 'idea-main' },
      h('h3', null, h('a', { href: `/ideas/${idea.id}` }, idea.title)),
      h(
        'p',
        { class: 'meta' },
        statusBadge(idea.status),
        idea.category ? h('span', { class: 'badge category' }, idea.category.name) : null,
        h('span', null, `by ${idea.author.displayName}, ${formatDate(idea.createdAt)}`),
      ),
    ),
  )
}

startPage(async (root) => {
  const slug = pathPart(2)
  const params = new URLSearchParams(location.search)
  const state = {
    sort: SORTS.some(([s]) => s === params.get('sort')) ? params.get('sort') : 'top',
    categoryId: params.get('category') ?? '',
    q: params.get('q') ?? '',
  }
  const [forum, budget, releases] = await Promise.all([
    get(`/forums/${encodeURIComponent(slug)}`),
    currentUser() ? get(`/forums/${encodeURIComponent(slug)}/budget`) : null,
    get(`/forums/${encodeURIComponent(slug)}/releases`),
  ])
  const store = budgetStore(forum, budget)
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
    { id: 'category', onChange: () => ((state.categoryId = category.value), void load()) },
    h('option', { value: '' }, 'All categories'),
    forum.categories.map((c) => h('option', { value: c.id }, c.name)),
  )
  category.value = state.categoryId
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
    const page = await get(`/forums/${encodeURIComponent(slug)}/ideas?${query}`)
    if (!cursor) list.replaceChildren()
    for (const idea of page.items) list.append(ideaItem(idea, store))
    if (!cursor && page.items.length === 0)
      list.append(h('li', { class: 'muted' }, 'No ideas match.'))
    mount(
      more,
      page.nextCursor
        ? h('button', { type: 'button', onClick: () => load(page.nextCursor) }, 'Show more')
        : null,
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
