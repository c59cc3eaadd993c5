// `/releases/:id`: the release board — milestone timeline with "we are here", features by group
// with prognosis colours, owners and demand bars, coordinator actions, and the development-update
// report with a copy button.
/** @import { Feature } from '../../../api-types.ts' */
import { hasRole } from '../api.js'
import { featureCard, featureEditor } from '../components/feature-card.js'
import { addFeatureForm, milestonesForm, shipForm } from '../components/release-forms.js'
import { reportSection } from '../components/report-section.js'
import { statusLine } from '../components/status-line.js'
import { timeline } from '../components/timeline.js'
import { h, mount } from '../dom.js'
import { release as getRelease, releasesOf } from '../endpoints.js'
import { formatDate } from '../format.js'
import { pathPart, startPage } from '../layout.js'

startPage(async (root) => {
  const id = Number(pathPart(2))
  const status = statusLine()
  const board = h('div')
  const report = reportSection(id)

  async function reload() {
    const release = await getRelease(id)
    const slug = encodeURIComponent(release.forumSlug)
    const others = (await releasesOf(release.forumSlug)).items.filter(
      (r) => r.id !== id && r.phase !== 'released',
    )
    const coordinator = hasRole('coordinator') && release.phase !== 'released'
    const maxDemand = Math.max(1, ...release.features.map((f) => f.demand.votes))
    /** @type {Map<string, Feature[]>} */
    const groups = new Map()
    for (const f of release.features) groups.set(f.group, [...(groups.get(f.group) ?? []), f])
    mount(
      board,
      h(
        'p',
        null,
        h('a', { href: `/f/${slug}` }, '← board'),
        coordinator
          ? [' · ', h('a', { href: `/f/${slug}/triage` }, 'Promote ideas from triage')]
          : null,
      ),
      h('h1', null, `Release ${release.name}`),
      h(
        'p',
        { class: 'meta' },
        `Phase: ${release.phase}`,
        release.capacity ? ` · capacity ${release.capacity} developer-weeks` : '',
      ),
      h(
        'section',
        null,
        h('h2', null, 'Timeline'),
        timeline(release, Date.now()),
        release.slips.length
          ? h(
              'ul',
              { class: 'muted' },
              release.slips.map((s) =>
                h(
                  'li',
                  null,
                  `Slipped ${formatDate(s.from)} → ${formatDate(s.to)}${s.reason ? `: ${s.reason}` : ''}`,
                ),
              ),
            )
          : null,
      ),
      coordinator
        ? h(
            'section',
            { class: 'actions' },
            h('h2', null, 'Coordinator'),
            milestonesForm(release, reload, status),
            addFeatureForm(release, reload, status),
            shipForm(release, others, reload, status),
          )
        : null,
      status,
      h(
        'section',
        null,
        h('h2', null, `Features (${release.features.length})`),
        [...groups.entries()].map(([group, features]) =>
          h(
            'section',
            { class: 'group' },
            h('h3', null, group),
            h(
              'ul',
              { class: 'features' },
              features.map((f) =>
                featureCard(f, {
                  maxDemand,
                  editor: coordinator ? featureEditor(f, reload, status) : null,
                }),
              ),
            ),
          ),
        ),
      ),
    )
    await report.load()
  }
  mount(root, board)
  await reload()
  root.append(report.el)
})
