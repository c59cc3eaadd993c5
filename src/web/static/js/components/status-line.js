// The lines that report what an action did. No side effects at import.
import { h } from '../dom.js'

/**
 * A polite status line for the results of actions (read out by screen readers).
 * @param {string} [id]
 */
export const statusLine = (id) =>
  h('p', { id, class: 'status', role: 'status', 'aria-live': 'polite' })

/** A line for a refusal next to the form that caused it (announced at once). */
export const refusalLine = () => h('p', { class: 'refused', role: 'alert' })
