// `/ideas/:id`: the idea — votes, status and official response, history, comments, merged-into
// link, its feature and release, and a chart of its votes over time.
import { api, currentUser, get, hasRole } from '../api.js'
import { h, mount, s } from '../dom.js'
import {
  formatDate,
  pathPart,
  plural,
  prognosisBadge,
  startPage,
  STATUS_LABELS,
  statusBadge,
} from '../layout.js'
import { budgetMeter, budgetStore, voteControl } from '../votes.js'

/** Cumulative net votes per day, as a small SVG line chart with a text summary for screen readers. */
function voteChart(items, days) {
  const width = 320
  const height = 80
  const start = Date.now() - (days - 1) * 86_400_000
  const totals = []
  let running = 0
  const byDay = new Map(items.map((i) => [i.day, i.delta]))
  for (let d = 0; d < days; d++) {
    running += byDay.get(new Date(start + d * 86_400_000).toISOString().slice(0, 10)) ?? 0
    totals.push(running)
  }
  const max = Math.max(1, ...totals)
  const points = totals
    .map(
      (t, i) =>
        `${((i / (days - 1)) * width).toFixed(1)},${(height - (t / max) * (height - 4)).toFixed(1)}`,
    )
    .join(' ')
  return h(
    'figure',
    { class: 'chart' },
    s(
      'svg',
      {
        viewBox: `0 0 ${width} ${height}`,
        role: 'img',
        'aria-label': `Net votes over the last ${days} days: ${running}`,
      },
      s('polyline', { points, fill: 'none', stroke: 'currentColor', 'stroke-width': 2 }),
    ),
    h('figcaption', null, `Net votes gained over the last ${days} days: ${running}`),
  )
}

function commentItem(c) {
  return h(
    'li',
    { class: c.official ? 'comment official' : 'comment' },
    h(
      'p',
      { class: 'meta' },
      h('strong', null, c.author.displayName),
      c.official ? ' · official' : '',
      ` · ${formatDate(c.createdAt)}`,
    ),
    h('p', { class: 'text' }, c.body),
  )
}

startPage(async (root) => {
  const id = Number(pathPart(2))
  const [idea, history, votes, comments] = await Promise.all([
    get(`/ideas/${id}`),
    get(`/ideas/${id}/history`),
    get(`/ideas/${id}/vote-history?days=90`),
    get(`/ideas/${id}/comments?limit=100`),
  ])
  const [forum, budget, feature] = await Promise.all([
    get(`/forums/${encodeURIComponent(idea.forumSlug)}`),
    currentUser() ? get(`/forums/${encodeURIComponent(idea.forumSlug)}/budget`) : null,
    idea.featureId ? get(`/features/${idea.featureId}`) : null,
  ])
  const release = feature?.releaseId ? await get(`/releases/${feature.releaseId}`) : null
  const store = budgetStore(forum, budget)

  const commentList = h('ol', { class: 'comments' }, comments.items.map(commentItem))
  const commentBody = h('textarea', { id: 'comment', rows: 3, required: true, maxlength: 5000 })
  const official = h('input', { id: 'official', type: 'checkbox' })
  const commentStatus = h('p', { class: 'refused', role: 'alert' })
  const commentForm = currentUser()
    ? h(
        'form',
        {
          onSubmit: async (e) => {
            e.preventDefault()
            try {
              const c = await api('POST', `/ideas/${id}/comments`, {
                body: commentBody.value,
                ...(official.checked ? { official: true } : {}),
              })
              commentList.append(commentItem(c))
              commentBody.value = ''
              commentStatus.textContent = ''
            } catch (err) {
              commentStatus.textContent = err.message
            }
          },
        },
        h('p', null, h('label', { for: 'comment' }, 'Add a comment'), commentBody),
        hasRole('developer')
          ? h('p', null, official, h('label', { for: 'official' }, ' Official response'))
          : null,
        commentStatus,
        h('button', { type: 'submit' }, 'Post comment'),
      )
    : h(
        'p',
        null,
        h('a', { href: `/?next=${encodeURIComponent(location.pathname)}#signin` }, 'Sign in'),
        ' to comment.',
      )

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
      currentUser() ? budgetMeter(store) : null,
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
              `${idea.response.author?.displayName ?? ''} · ${formatDate(idea.response.at)}`,
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
      h('section', null, h('h2', null, 'Votes over time'), voteChart(votes.items, 90)),
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
              `${formatDate(e.at)}: ${e.from ? `${STATUS_LABELS[e.from] ?? e.from} → ` : ''}${STATUS_LABELS[e.to] ?? e.to}`,
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
        commentForm,
      ),
    ),
  )
})
