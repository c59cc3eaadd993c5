// `/releases/:id`: the release board — milestone timeline with "we are here", features by group
// with prognosis colours, owners and demand bars, coordinator actions, and the development-update
// report with a copy button.
import { api, get, hasRole } from '../api.js'
import { h, mount } from '../dom.js'
import { formatDate, pathPart, plural, prognosisBadge, startPage } from '../layout.js'
import { milestonesForm } from '../release-forms.js'

const PROGNOSES = ['excellent', 'good', 'fair', 'poor', 'done', 'not-for-this-release']

function timeline(release) {
  const milestones = [
    ['Feature freeze', release.featureFreezeAt],
    ['Code freeze', release.codeFreezeAt],
    ['First RC', release.firstRcAt],
    ['Release', release.releasedAt ?? release.releaseAt],
  ]
    .filter(([, at]) => at)
    // In date order, as the report has them: a release shipped early comes before the milestones
    // it never reached, and "we are here" marks the latest one passed.
    .sort(([, a], [, b]) => Date.parse(a) - Date.parse(b))
  const now = Date.now()
  const passed = milestones.filter(([, at]) => Date.parse(at) <= now).length
  return h(
    'ol',
    { class: 'timeline' },
    passed === 0
      ? h(
          'li',
          { class: 'here' },
          h('strong', null, 'We are here'),
          ` (${formatDate(new Date().toISOString())})`,
        )
      : null,
    milestones.map(([label, at], i) =>
      h(
        'li',
        { class: [i < passed ? 'passed' : 'future', i === passed - 1 ? 'here' : ''] },
        h('span', { class: 'when' }, formatDate(at)),
        ` ${label}`,
        label === 'Release' && release.releasedAt ? ' (shipped)' : '',
        i === passed - 1 ? h('strong', { class: 'marker' }, ' ← we are here') : null,
      ),
    ),
  )
}

function featureEditor(feature, reload, status) {
  const id = feature.id
  const field = (name, label, input) =>
    h('p', null, h('label', { for: `${name}-${id}` }, label), input)
  const title = h('input', { id: `title-${id}`, value: feature.title, required: true })
  const group = h('input', { id: `group-${id}`, value: feature.group })
  const owner = h('input', {
    id: `owner-${id}`,
    value: feature.owner?.name ?? feature.owner?.displayName ?? '',
  })
  const line = h('input', { id: `line-${id}`, value: feature.status ?? '' })
  const prognosis = h(
    'select',
    { id: `prognosis-${id}` },
    PROGNOSES.map((p) => h('option', { value: p }, p)),
  )
  prognosis.value = feature.prognosis
  return h(
    'details',
    { class: 'edit' },
    h('summary', null, 'Edit feature'),
    h(
      'form',
      {
        onSubmit: async (e) => {
          e.preventDefault()
          const body = {
            title: title.value.trim(),
            group: group.value.trim(),
            status: line.value,
            prognosis: prognosis.value,
          }
          const ownerText = owner.value.trim()
          if (ownerText !== (feature.owner?.name ?? feature.owner?.displayName ?? ''))
            body.ownerName = ownerText || null
          try {
            await api('PATCH', `/features/${id}`, body)
            status.textContent = `Feature "${body.title}" saved.`
            await reload()
          } catch (err) {
            status.textContent = `Refused: ${err.message}`
          }
        },
      },
      field('title', 'Title', title),
      field('group', 'Group', group),
      field('owner', 'Owner', owner),
      field('line', 'Status line', line),
      field('prognosis', 'Prognosis', prognosis),
      h('button', { type: 'submit' }, 'Save'),
    ),
  )
}

function featureCard(feature, maxDemand, coordinator, reload, status) {
  const owner = feature.owner
    ? (feature.owner.displayName ?? feature.owner.name)
    : 'volunteers wanted'
  return h(
    'li',
    { class: `feature card prognosis-${feature.prognosis}`, 'data-feature': feature.id },
    h(
      'h4',
      null,
      feature.title,
      feature.external ? ' (external)' : '',
      feature.techPreview ? ' (tech preview)' : '',
    ),
    h('p', { class: 'meta' }, prognosisBadge(feature.prognosis), ` owner: ${owner}`),
    feature.status ? h('p', null, `status: ${feature.status}`) : null,
    feature.exception
      ? h('p', { class: 'notice' }, `Freeze exception: ${feature.exception.reason}`)
      : null,
    h(
      'p',
      { class: 'demand' },
      h(
        'label',
        { for: `demand-${feature.id}` },
        `demand: ${plural(feature.demand.votes, 'vote')}, ${plural(feature.demand.voters, 'voter')}`,
      ),
      h('meter', {
        id: `demand-${feature.id}`,
        min: 0,
        max: maxDemand,
        value: feature.demand.votes,
      }),
    ),
    feature.ideas.length
      ? h(
          'ul',
          { class: 'linked' },
          feature.ideas.map((i) =>
            h('li', null, h('a', { href: `/ideas/${i.id}` }, i.title), ` (${i.votes} votes)`),
          ),
        )
      : null,
    coordinator ? featureEditor(feature, reload, status) : null,
  )
}

function addFeatureForm(release, reload, status) {
  const title = h('input', { id: 'new-title', required: true })
  const group = h('input', { id: 'new-group' })
  const owner = h('input', { id: 'new-owner' })
  const exception = h('input', {
    id: 'new-exception',
    placeholder: 'required after the feature freeze',
  })
  return h(
    'details',
    null,
    h('summary', null, 'Add a feature (freeze exception)'),
    h(
      'form',
      {
        onSubmit: async (e) => {
          e.preventDefault()
          const body = { title: title.value.trim() }
          if (group.value.trim()) body.group = group.value.trim()
          if (owner.value.trim()) body.ownerName = owner.value.trim()
          if (exception.value.trim()) body.exception = { reason: exception.value.trim() }
          try {
            await api('POST', `/releases/${release.id}/features`, body)
            status.textContent = `Feature "${body.title}" added.`
            await reload()
          } catch (err) {
            status.textContent = `Refused: ${err.message}`
          }
        },
      },
      h('p', null, h('label', { for: 'new-title' }, 'Title'), title),
      h('p', null, h('label', { for: 'new-group' }, 'Group'), group),
      h('p', null, h('label', { for: 'new-owner' }, 'Owner'), owner),
      h('p', null, h('label', { for: 'new-exception' }, 'Freeze exception reason'), exception),
      h('button', { type: 'submit' }, 'Add feature'),
    ),
  )
}

function shipForm(release, others, reload, status) {
  const next = h(
    'select',
    { id: 'ship-next' },
    h('option', { value: '' }, 'the backlog'),
    others.map((r) => h('option', { value: r.id }, r.name)),
  )
  return h(
    'details',
    null,
    h('summary', null, 'Ship this release'),
    h(
      'form',
      {
        onSubmit: async (e) => {
          e.preventDefault()
          try {
            await api(
              'POST',
              `/releases/${release.id}/ship`,
              next.value ? { nextReleaseId: Number(next.value) } : {},
            )
            status.textContent = `Release ${release.name} shipped.`
            await reload()
          } catch (err) {
            status.textContent = `Refused: ${err.message}`
          }
        },
      },
      h('p', null, 'Done features complete their ideas and give the voters their votes back.'),
      h('p', null, h('label', { for: 'ship-next' }, 'Move unfinished features to'), next),
      h('button', { type: 'submit' }, 'Ship'),
    ),
  )
}

function reportSection(release) {
  const out = h('pre', { id: 'report', class: 'report', tabindex: 0 })
  const copied = h('span', { role: 'status', class: 'status' })
  const format = h(
    'select',
    { id: 'report-format', onChange: () => void load() },
    ['text', 'markdown'].map((f) => h('option', { value: f }, f)),
  )
  async function load() {
    const res = await api(
      'GET',
      `/releases/${release.id}/report?format=${format.value}`,
      undefined,
      { raw: true },
    )
    out.textContent = await res.text()
  }
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(out.textContent)
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

startPage(async (root) => {
  const id = Number(pathPart(2))
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' })
  const board = h('div')
  let report

  async function reload() {
    const release = await get(`/releases/${id}`)
    const others = (
      await get(`/forums/${encodeURIComponent(release.forumSlug)}/releases`)
    ).items.filter((r) => r.id !== id && r.phase !== 'released')
    const coordinator = hasRole('coordinator') && release.phase !== 'released'
    const maxDemand = Math.max(1, ...release.features.map((f) => f.demand.votes))
    const groups = new Map()
    for (const f of release.features) groups.set(f.group, [...(groups.get(f.group) ?? []), f])
    report ??= reportSection(release)
    mount(
      board,
      h(
        'p',
        null,
        h('a', { href: `/f/${encodeURIComponent(release.forumSlug)}` }, '← board'),
        coordinator
          ? [
              ' · ',
              h(
                'a',
                { href: `/f/${encodeURIComponent(release.forumSlug)}/triage` },
                'Promote ideas from triage',
              ),
            ]
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
        timeline(release),
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
              features.map((f) => featureCard(f, maxDemand, coordinator, reload, status)),
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
