// `/f/:slug/new`: suggest an idea; possible duplicates appear while the title is typed, so the
// user can vote on an existing idea instead.
import { statusBadge } from '../components/badges.js'
import { refusalLine } from '../components/status-line.js'
import { debounce, h, mount } from '../dom.js'
import { createIdea, forum as getForum, similar as similarTo } from '../endpoints.js'
import { errorMessage } from '../format.js'
import { pathPart, signInLink, startPage } from '../layout.js'

startPage(async (root, user) => {
  const slug = pathPart(2)
  const forum = await getForum(slug)
  if (!user) {
    mount(
      root,
      h('h1', null, 'Suggest an idea'),
      h('p', null, signInLink(), ' to suggest an idea.'),
    )
    return
  }
  const title = h('input', {
    id: 'title',
    name: 'title',
    required: true,
    minlength: 3,
    maxlength: 140,
    autocomplete: 'off',
  })
  const body = h('textarea', { id: 'body', name: 'body', rows: 6, maxlength: 10000 })
  const category = h(
    'select',
    { id: 'category' },
    h('option', { value: '' }, 'No category'),
    forum.categories.map((c) => h('option', { value: c.id }, c.name)),
  )
  const similar = h('section', { id: 'similar', class: 'similar', 'aria-live': 'polite' })
  const status = refusalLine()

  const lookUp = debounce(async () => {
    const text = title.value.trim()
    if (text.length < 3) return mount(similar)
    const { items } = await similarTo(slug, text)
    mount(
      similar,
      items.length
        ? [
            h('h2', null, 'Possible duplicates — vote for one of these instead?'),
            h(
              'ul',
              null,
              items.map((i) =>
                h(
                  'li',
                  null,
                  h('a', { href: `/ideas/${i.id}` }, i.title),
                  ' ',
                  statusBadge(i.status),
                  ` ${i.votes} votes`,
                ),
              ),
            ),
          ]
        : null,
    )
  }, 250)
  title.addEventListener('input', lookUp)

  mount(
    root,
    h('p', null, h('a', { href: `/f/${encodeURIComponent(slug)}` }, `← ${forum.name}`)),
    h('h1', null, 'Suggest an idea'),
    h(
      'form',
      {
        class: 'card',
        onSubmit: async (e) => {
          e.preventDefault()
          status.textContent = ''
          try {
            const idea = await createIdea(slug, {
              title: title.value.trim(),
              ...(body.value.trim() ? { body: body.value } : {}),
              ...(category.value ? { categoryId: Number(category.value) } : {}),
            })
            location.assign(`/ideas/${idea.id}`)
          } catch (err) {
            status.textContent = errorMessage(err)
          }
        },
      },
      h('p', null, h('label', { for: 'title' }, 'Title'), title),
      similar,
      h('p', null, h('label', { for: 'body' }, 'Details (optional)'), body),
      h('p', null, h('label', { for: 'category' }, 'Category'), category),
      status,
      h('button', { type: 'submit' }, 'Suggest'),
    ),
  )
  title.focus()
})
