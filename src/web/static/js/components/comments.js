// An idea's comments: one comment, and the form to add one. No side effects at import.
/** @import { Comment } from '../../../api-types.ts' */
import { h } from '../dom.js'
import { comment } from '../endpoints.js'
import { errorMessage, formatDate } from '../format.js'
import { refusalLine } from './status-line.js'

/** @param {Comment} c */
export function commentItem(c) {
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

/**
 * "Add a comment"; developers may mark theirs official. A posted comment is handed to `posted`.
 * @param {number} ideaId
 * @param {{ developer: boolean, posted: (c: Comment) => void }} options
 */
export function commentForm(ideaId, { developer, posted }) {
  const body = h('textarea', { id: 'comment', rows: 3, required: true, maxlength: 5000 })
  const official = h('input', { id: 'official', type: 'checkbox' })
  const status = refusalLine()
  return h(
    'form',
    {
      onSubmit: async (e) => {
        e.preventDefault()
        try {
          const c = await comment(ideaId, {
            body: body.value,
            ...(official.checked ? { official: true } : {}),
          })
          posted(c)
          body.value = ''
          status.textContent = ''
        } catch (err) {
          status.textContent = errorMessage(err)
        }
      },
    },
    h('p', null, h('label', { for: 'comment' }, 'Add a comment'), body),
    developer
      ? h('p', null, official, h('label', { for: 'official' }, ' Official response'))
      : null,
    status,
    h('button', { type: 'submit' }, 'Post comment'),
  )
}
