// The development-update report of a release, as text or Markdown, with a copy button.
// No side effects at import.
import { apiRaw } from '../api.js'
import { h } from '../dom.js'

/**
 * @param {number} releaseId
 * @returns {{ el: HTMLElement, load: () => Promise<void> }}
 */
export function reportSection(releaseId) {
  const out = h('pre', { id: 'report', class: 'report', tabindex: 0 })
  const copied = h('span', { role: 'status', class: 'status' })
  const format = h(
    'select',
    { id: 'report-format', onChange: () => void load() },
    ['text', 'markdown'].map((f) => h('option', { value: f }, f)),
  )
  async function load() {
    const res = await apiRaw(`/releases/${releaseId}/report?format=${format.value}`)
    out.textContent = await res.text()
  }
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(out.textContent ?? '')
      copied.textContent = 'Copied.'
    } catch {
      getSelection()?.selectAllChildren(out)
      copied.textContent = 'Selected: press Ctrl+C to copy.'
    }
  }
  return {
    el: h(
      'section',
      { class: 'report-section' },
      h('h2', null, 'Development update'),
      h(
        'p',
        { class: 'filters' },
        h('label', { for: 'report-format' }, 'Format'),
        format,
        h('button', { type: 'button', id: 'copy-report', onClick: copy }, 'Copy report'),
        copied,
      ),
      out,
    ),
    load,
  }
}
