// A tiny DOM builder. Everything is created with createElement and text nodes — never innerHTML —
// so user text is always text, whatever characters it holds.
const SVG_NS = 'http://www.w3.org/2000/svg'

function build(el, props, children) {
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value)
    } else if (key === 'class') {
      el.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value)
    } else if (key === 'value' && 'value' in el) {
      el.value = String(value)
    } else {
      el.setAttribute(key, value === true ? '' : String(value))
    }
  }
  append(el, children)
  return el
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue
    if (Array.isArray(child)) append(el, child)
    else if (child instanceof Node) el.append(child)
    else el.append(document.createTextNode(String(child)))
  }
}

/** h('a', {href}, 'text', child…) → an element. */
export const h = (tag, props, ...children) => build(document.createElement(tag), props, children)

/** The same for SVG elements. */
export const s = (tag, props, ...children) =>
  build(document.createElementNS(SVG_NS, tag), props, children)

/** Replaces the children of `el`. */
export function mount(el, ...children) {
  el.replaceChildren()
  append(el, children)
  return el
}

export const main = () => document.getElementById('main')

/** A polite status line for results of actions (read by screen readers). */
export const statusLine = (id) =>
  h('p', { id, class: 'status', role: 'status', 'aria-live': 'polite' })

export function debounce(fn, ms) {
  let timer
  return (...args) => {
    clearTimeout(timer)
    timer = setTimeout(() => fn(...args), ms)
  }
}
