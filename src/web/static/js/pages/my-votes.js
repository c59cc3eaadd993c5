// `/me/votes`: where my votes are, per forum, with controls to move them (lower one idea here,
// then place the votes elsewhere on the board).
import { currentUser, get } from '../api.js'
import { h, mount } from '../dom.js'
import { startPage, statusBadge } from '../layout.js'
import { budgetMeter, budgetStore, voteControl } from '../votes.js'

startPage(async (root) => {
  if (!currentUser()) {
    mount(
      root,
      h('h1', null, 'My votes'),
      h('p', null, h('a', { href: '/?next=/me/votes#signin' }, 'Sign in'), ' to see your votes.'),
    )
    return
  }
  const forums = (await get('/forums?limit=100')).items
  const sections = await Promise.all(
    forums.map(async (summary) => {
      const slug = encodeURIComponent(summary.slug)
      const [forum, budget] = await Promise.all([
        get(`/forums/${slug}`),
        get(`/forums/${slug}/budget`),
      ])
      const ideas = await Promise.all(budget.ballots.map((b) => get(`/ideas/${b.ideaId}`)))
      const store = budgetStore(forum, budget)
      return h(
        'section',
        { class: 'forum-votes', 'data-forum': forum.slug },
        h('h2', null, h('a', { href: `/f/${slug}` }, forum.name)),
        budgetMeter(store),
        ideas.length
          ? h(
              'ul',
              { class: 'ideas' },
              ideas.map((idea) =>
                h(
                  'li',
                  { class: 'idea card', 'data-idea': idea.id },
                  voteControl(idea, store),
                  h(
                    'div',
                    { class: 'idea-main' },
                    h('h3', null, h('a', { href: `/ideas/${idea.id}` }, idea.title)),
                    h('p', { class: 'meta' }, statusBadge(idea.status)),
                  ),
                ),
              ),
            )
          : h('p', { class: 'muted' }, 'No votes placed here yet.'),
      )
    }),
  )
  mount(
    root,
    h('h1', null, 'My votes'),
    sections.length ? sections : h('p', null, 'No forums yet.'),
  )
})
