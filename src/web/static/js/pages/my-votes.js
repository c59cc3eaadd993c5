// `/me/votes`: where my votes are, per forum, with controls to move them (lower one idea here,
// then place the votes elsewhere on the board). One request per forum: the budget answer carries
// each ballot's idea counters, so no idea is fetched on its own.
/** @import { Ballot } from '../../../api-types.ts' */
import { h, mount } from '../dom.js'
import { ideaItem } from '../components/idea-item.js'
import { budgetMeter, budgetStore } from '../components/vote-control.js'
import { budget, forums } from '../endpoints.js'
import { signInLink, startPage } from '../layout.js'
import { collectPages } from '../paging.js'

/** @param {Ballot} b */
const ballotIdea = (b) => ({
  id: b.ideaId,
  title: b.title,
  status: b.status,
  votes: b.idea.votes,
  voters: b.idea.voters,
  myVotes: b.votes,
})

startPage(async (root, user) => {
  if (!user) {
    mount(root, h('h1', null, 'My votes'), h('p', null, signInLink(), ' to see your votes.'))
    return
  }
  const { items: all } = await collectPages(forums, { atLeast: Infinity, maxPages: 10 })
  const sections = await Promise.all(
    all.map(async (forum) => {
      const view = await budget(forum.slug)
      // The budget answer names the forum's voting rules too.
      const store = budgetStore(view, view)
      return h(
        'section',
        { class: 'forum-votes', 'data-forum': forum.slug },
        h('h2', null, h('a', { href: `/f/${encodeURIComponent(forum.slug)}` }, forum.name)),
        budgetMeter(store),
        view.ballots.length
          ? h(
              'ul',
              { class: 'ideas' },
              view.ballots.map((b) => ideaItem(ballotIdea(b), store)),
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
