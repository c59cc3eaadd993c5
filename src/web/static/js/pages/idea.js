// `/ideas/:id`: the idea — votes, status and official response, history, comments, merged-into
// link, its feature and release, and a chart of its votes over time.
import { hasRole } from '../api.js'
import { prognosisBadge, statusBadge, statusLabel } from '../components/badges.js'
import { commentForm, commentItem } from '../components/comments.js'
import { voteChart } from '../components/vote-chart.js'
import { budgetMeter, budgetStore, voteControl } from '../components/vote-control.js'
import { h, mount } from '../dom.js'
import * as endpoints from '../endpoints.js'
import { formatDate, plural } from '../format.js'
import { pathPart, signInLink, startPage } from '../layout.js'

startPage(async (root, user) => {
  const id = Number(pathPart(2))
  const [idea, history, votes, comments] = await Promise.all([
    endpoints.idea(id),
    endpoints.history(id),
    endpoints.voteHistory(id, 90),
    endpoints.comments(id),
  ])
  const [forum, budget, feature] = await Promise.all([
    endpoints.forum(idea.forumSlug),
    user ? endpoints.budget(idea.forumSlug) : null,
    idea.featureId ? endpoints.feature(idea.featureId) : null,
  ])
  const release = feature?.releaseId ? await endpoints.release(feature.releaseId) : null
  const store = budgetStore(forum, budget)

  const commentList = h('ol', { class: 'comments' }, comments.items.map(commentItem))

  mount(
    root,
    h('p', null, h('a', { href: `/f/${encodeURIComponent(forum.slug)}` }, `← ${forum.name}`)),
    h(
      'article',
      { class: 'idea-page' },
      h(
        'div',
        { class: 'idea-head' },
        voteControl(idea, store),
        h(
          'div',
          null,
          h('h1', null, idea.title),
          h(
            'p',
            { class: 'meta' },
            statusBadge(idea.status),
            idea.category ? h('span', { class: 'badge category' }, idea.category.name) : null,
            h('span', null, `by ${idea.author.displayName}, ${formatDate(idea.createdAt)}`),
            idea.effort ? h('span', null, ` · effort ${idea.effort} developer-weeks`) : null,
          ),
        ),
      ),
      user ? budgetMeter(store) : null,
      idea.mergedInto
        ? h(
            'p',
            { class: 'notice' },
            'Merged into ',
            h('a', { href: `/ideas/${idea.mergedInto}` }, `idea #${idea.mergedInto}`),
            '.',
          )
        : null,
      idea.body ? h('p', { class: 'text' }, idea.body) : null,
      idea.response
        ? h(
            'section',
            { class: 'response' },
            h('h2', null, 'Official response'),
            h('p', { class: 'text' }, idea.response.text),
            h(
              'p',
              { class: 'meta' },
              `${idea.response.author.displayName} · ${formatDate(idea.response.at)}`,
            ),
          )
        : null,
      feature
        ? h(
            'section',
            { class: 'planned-feature' },
            h('h2', null, 'Planned as a feature'),
            h(
              'p',
              null,
              h('strong', null, feature.title),
              ' ',
              prognosisBadge(feature.prognosis),
              release
                ? [' in release ', h('a', { href: `/releases/${release.id}` }, release.name)]
                : ' (backlog)',
            ),
          )
        : null,
      h('section', null, h('h2', null, 'Votes over time'), voteChart(votes.items, 90, Date.now())),
      h(
        'section',
        null,
        h('h2', null, 'Status history'),
        h(
          'ol',
          { class: 'history' },
          history.items.map((e) =>
            h(
              'li',
              null,
              `${formatDate(e.at)}: ${e.from ? `${statusLabel(e.from)} → ` : ''}${statusLabel(e.to)}`,
              e.actor ? ` by ${e.actor.displayName}` : '',
              e.response ? h('q', null, e.response) : null,
            ),
          ),
        ),
      ),
      h(
        'section',
        null,
        h('h2', null, plural(comments.items.length, 'comment')),
        commentList,
        user
          ? commentForm(id, {
              developer: hasRole('developer'),
              posted: (c) => commentList.append(commentItem(c)),
            })
          : h('p', null, signInLink(), ' to comment.'),
      ),
    ),
  )
})
