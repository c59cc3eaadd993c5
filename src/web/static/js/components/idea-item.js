// One idea in a list (the board, my votes): its vote control, title, status and, where known,
// category and author. No side effects at import.
import { h } from '../dom.js'
import { formatDate } from '../format.js'
import { statusBadge } from './badges.js'
import { voteControl } from './vote-control.js'

/** @import { BudgetStore, VoteTarget } from './vote-control.js' */

/**
 * An idea as a list shows it: what the vote control needs, its title, and what the full idea
 * adds when the list has it (the board does; a ballot of "my votes" does not).
 * @typedef {VoteTarget & {
 *   title: string,
 *   category?: { id: number, name: string } | null,
 *   author?: { id: number, displayName: string },
 *   createdAt?: string,
 * }} ListedIdea
 */

/**
 * @param {ListedIdea} idea
 * @param {BudgetStore} store
 * @param {{ heading?: 'h2' | 'h3' }} [options]
 */
export function ideaItem(idea, store, { heading = 'h3' } = {}) {
  return h(
    'li',
    { class: 'idea card', 'data-idea': idea.id },
    voteControl(idea, store),
    h(
      'div',
      { class: 'idea-main' },
      h(heading, null, h('a', { href: `/ideas/${idea.id}` }, idea.title)),
      h(
        'p',
        { class: 'meta' },
        statusBadge(idea.status),
        idea.category ? h('span', { class: 'badge category' }, idea.category.name) : null,
        idea.author
          ? h('span', null, `by ${idea.author.displayName}, ${formatDate(idea.createdAt)}`)
          : null,
      ),
    ),
  )
}
