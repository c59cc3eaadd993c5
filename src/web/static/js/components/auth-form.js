// The sign-in and sign-up forms. No side effects at import.
import { h } from '../dom.js'
import { errorMessage } from '../format.js'
import { refusalLine } from './status-line.js'

/**
 * @typedef {object} AuthField
 * @property {string} name
 * @property {string} label
 * @property {string} type
 * @property {string} autocomplete
 * @property {number} [minlength]
 */

/**
 * A form whose fields are all required; `action` gets their values, `done` runs after it
 * succeeded, and a refusal is shown in the form.
 * @param {{
 *   id: string,
 *   title: string,
 *   submitLabel: string,
 *   fields: AuthField[],
 *   action: (values: Record<string, string>) => Promise<void>,
 *   done: () => void,
 * }} options
 */
export function authForm({ id, title, submitLabel, fields, action, done }) {
  const status = refusalLine()
  const inputs = fields.map((f) =>
    h('input', {
      id: `${id}-${f.name}`,
      name: f.name,
      type: f.type,
      required: true,
      autocomplete: f.autocomplete,
      minlength: f.minlength,
    }),
  )
  return h(
    'form',
    {
      id,
      class: 'card',
      onSubmit: async (event) => {
        event.preventDefault()
        status.textContent = ''
        const values = Object.fromEntries(inputs.map((i) => [i.name, i.value]))
        try {
          await action(values)
        } catch (err) {
          status.textContent = errorMessage(err)
          return
        }
        done()
      },
    },
    h('h2', null, title),
    fields.map((f, i) => h('p', null, h('label', { for: `${id}-${f.name}` }, f.label), inputs[i])),
    status,
    h('button', { type: 'submit' }, submitLabel),
  )
}
