// A tiny DOM builder. Everything is created with createElement and text nodes — never innerHTML —
// so user text is always text, whatever characters it holds. No side effects at import.
const SVG_NS = 'http://www.w3.org/2000/svg'

/** @typedef {Node | string | number | boolean | null | undefined} Leaf */
/** A child: a node, text (a string or number), nothing (null, undefined, false), or a list. */
/** @typedef {Leaf | ReadonlyArray<Leaf | ReadonlyArray<Leaf>>} Child */
/**
 * Attributes; `on<Event>` keys take a listener, `class` a list (falsy entries are left out),
 * `value` sets the property. null, undefined and false leave an attribute out.
 * @typedef {{ [name: string]: string | number | boolean | null | undefined
 *   | ReadonlyArray<string | false | null | undefined> | ((event: Event) => unknown) }} Props
 */

/**
 * @template {Element} E
 * @param {E} el
 * @param {Props | null | undefined} props
 * @param {ReadonlyArray<Child>} children
 * @returns {E}
 */
function build(el, props, children) {
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue
    if (typeof value === 'function') {
      if (key.startsWith('on')) el.addEventListener(key.slice(2).toLowerCase(), value)
    } else if (Array.isArray(value)) {
      el.setAttribute(key, value.filter(Boolean).join(' '))
    } else if (key === 'value' && 'value' in el) {
      el.value = String(value)
    } else {
      el.setAttribute(key, value === true ? '' : String(value))
    }
  }
  append(el, children)
  return el
}

/**
 * @param {Element} el
 * @param {ReadonlyArray<Child>} children
 */
function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue
    if (Array.isArray(child)) append(el, child)
    else if (child instanceof Node) el.append(child)
    else el.append(document.createTextNode(String(child)))
  }
}

/**
 * h('a', {href}, 'text', child…) → an element.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Props | null} [props]
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export const h = (tag, props, ...children) => build(document.createElement(tag), props, children)

/**
 * The same for SVG elements.
 * @template {keyof SVGElementTagNameMap} K
 * @param {K} tag
 * @param {Props | null} [props]
 * @param {...Child} children
 * @returns {SVGElementTagNameMap[K]}
 */
export const s = (tag, props, ...children) =>
  build(document.createElementNS(SVG_NS, tag), props, children)

/**
 * Replaces the children of `el`.
 * @template {Element} E
 * @param {E} el
 * @param {...Child} children
 * @returns {E}
 */
export function mount(el, ...children) {
  el.replaceChildren()
  append(el, children)
  return el
}

/**
 * @template {unknown[]} A
 * @param {(...args: A) => unknown} fn
 * @param {number} ms
 * @returns {(...args: A) => void}
 */
export function debounce(fn, ms) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer
  return (...args) => {
    clearTimeout(timer)
    timer = setTimeout(() => fn(...args), ms)
  }
}
