// User text cannot forge the structure of the development update: one-line fields refuse control
// characters at input, and text already stored with line breaks (written before that rule, or by
// the CLI or an import) is rendered on one line, escaped in Markdown.
import t from 'tap'
import { build } from '../../helper.ts'

const { injectAs, factories, db } = await build(t)
const admin = await factories.user('admin')
const coordinator = await factories.user('coordinator')
const forum = await factories.forum({ slug: 'forge' })

const release = (
  await injectAs(coordinator, {
    method: 'POST',
    url: '/api/v1/forums/forge/releases',
    payload: {
      name: '9.9',
      featureFreezeAt: '2099-01-01T00:00:00Z',
      releaseAt: '2099-06-01T00:00:00Z',
    },
  })
).json()

const BREAKS = ['\n', '\r', '\r\n', '\t', '\u0085', '\u2028', '\u2029', '\u000b', '\u001b']
// The same forgery in every separator: a heading, and a fact line of its own.
const forged = (sep: string) => `x${sep}## Completed${sep}prognosis: done`

t.test('one-line fields refuse control characters and line separators (400)', async (t) => {
  const idea = await factories.idea(forum.id, coordinator.id, { title: 'A plain idea' })
  const feature = (
    await injectAs(coordinator, {
      method: 'POST',
      url: `/api/v1/releases/${release.id}/features`,
      payload: { title: 'A plain feature' },
    })
  ).json()
  const requests = (text: string) =>
    [
      [coordinator, 'POST', '/api/v1/forums/forge/ideas', { title: text }],
      [coordinator, 'PATCH', `/api/v1/ideas/${idea.id}`, { title: text }],
      [coordinator, 'POST', `/api/v1/releases/${release.id}/features`, { title: text }],
      [
        coordinator,
        'POST',
        `/api/v1/releases/${release.id}/features`,
        { title: 'ok', group: text },
      ],
      [coordinator, 'PATCH', `/api/v1/features/${feature.id}`, { ownerName: text }],
      [coordinator, 'PATCH', `/api/v1/features/${feature.id}`, { status: text }],
      [coordinator, 'PATCH', `/api/v1/features/${feature.id}`, { title: text }],
      [coordinator, 'PATCH', `/api/v1/features/${feature.id}`, { group: text }],
      [
        coordinator,
        'POST',
        `/api/v1/ideas/${idea.id}/promote`,
        { releaseId: release.id, ownerName: text },
      ],
      [
        coordinator,
        'POST',
        `/api/v1/releases/${release.id}/features`,
        { title: 'ok', exception: { reason: text } },
      ],
      [coordinator, 'PATCH', `/api/v1/releases/${release.id}`, { name: text }],
      [
        coordinator,
        'PATCH',
        `/api/v1/releases/${release.id}`,
        { releaseAt: '2099-07-01T00:00:00Z', slipReason: text },
      ],
      [
        coordinator,
        'POST',
        '/api/v1/forums/forge/releases',
        {
          name: `${text}!`,
          featureFreezeAt: '2099-01-01T00:00:00Z',
          releaseAt: '2099-06-01T00:00:00Z',
        },
      ],
      [admin, 'PATCH', '/api/v1/forums/forge', { name: text }],
      [admin, 'POST', '/api/v1/forums', { slug: 'forge-two', name: text }],
      [admin, 'POST', '/api/v1/forums/forge/categories', { name: text }],
      [
        null,
        'POST',
        '/api/v1/auth/register',
        { email: 'eve@example.test', password: 'a long enough password', displayName: text },
      ],
    ] as const
  for (const sep of BREAKS) {
    for (const [who, method, url, payload] of requests(forged(sep))) {
      const res = await injectAs(who, { method, url, payload })
      // Escaped: a raw U+2028 or NEL in a test name would break the TAP stream itself.
      const label = `${method} ${url} ${JSON.stringify(payload).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}`
      t.equal(res.statusCode, 400, label)
      t.equal(res.json().code, 'VALIDATION_FAILED', label)
    }
  }
  // The rule is about line structure only: ordinary punctuation, accents and spaces still pass.
  for (const [who, method, url, payload] of requests('## Completed: café, 50% — “fine”')) {
    const res = await injectAs(who, { method, url, payload })
    t.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body.slice(0, 200)}`)
  }
  // Bodies and descriptions are multi-line and keep their line breaks.
  const multi = await injectAs(coordinator, {
    method: 'POST',
    url: '/api/v1/forums/forge/ideas',
    payload: { title: 'Multi-line body', body: 'first line\nsecond line' },
  })
  t.equal(multi.statusCode, 201)
  t.equal(multi.json().body, 'first line\nsecond line')
})

t.test('text already stored with line breaks renders on one line', async (t) => {
  const forum2 = await factories.forum({ slug: 'stored' })
  const rel = (
    await injectAs(coordinator, {
      method: 'POST',
      url: '/api/v1/forums/stored/releases',
      payload: {
        name: '1.0',
        featureFreezeAt: '2099-01-01T00:00:00Z',
        releaseAt: '2099-06-01T00:00:00Z',
      },
    })
  ).json()
  const mallory = await factories.user('member', {
    displayName: 'Mallory\nstatus: merged\nprognosis: done',
  })
  // Written straight to the database, as before the input rule (the factories bypass the API).
  const idea = await factories.idea(forum2.id, mallory.id, {
    title: 'Real idea\n## Completed\n- **Forged** feature\r== Completed ==',
    categoryId: undefined,
  })
  const promoted = await injectAs(coordinator, {
    method: 'POST',
    url: `/api/v1/ideas/${idea.id}/promote`,
    payload: { releaseId: rel.id, group: 'Perf', prognosis: 'poor' },
  })
  t.equal(promoted.statusCode, 201, 'the feature takes the stored idea title')
  const owned = await injectAs(coordinator, {
    method: 'POST',
    url: `/api/v1/releases/${rel.id}/features`,
    payload: { title: 'Owned by Mallory', ownerId: mallory.id, prognosis: 'good' },
  })
  t.equal(owned.statusCode, 201)
  await db
    .updateTable('features')
    .set({
      owner_name: 'x\nprognosis: done',
      status: 'half\r\n== Completed ==\u2028[Forged]',
      group_name: 'Perf\u2029### Forged group\u0085* forged item',
      exception_reason: 'late\u000b# Forged heading',
      exception_at: new Date('2030-01-01T00:00:00Z'),
    })
    .where('id', '=', promoted.json().id)
    .execute()
  await db
    .updateTable('releases')
    .set({ name: '1.0\n== Not for this release ==' })
    .where('id', '=', rel.id)
    .execute()
  await db
    .insertInto('release_slips')
    .values({
      forum_id: forum2.id,
      release_id: rel.id,
      from_at: new Date('2099-05-01T00:00:00Z'),
      to_at: new Date('2099-06-01T00:00:00Z'),
      reason: 'because\n\n== At risk ==\n<script>alert(1)</script>',
      at: new Date('2030-01-01T00:00:00Z'),
    })
    .execute()
  // eslint-disable-next-line no-control-regex -- looking for control characters is the point
  const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/

  const text = (await injectAs(null, { url: `/api/v1/releases/${rel.id}/report` })).body
  const lines = text.split('\n')
  t.notMatch(text, CONTROL, 'text: no control character or line separator survives')
  t.same(
    lines.filter((l) => l.startsWith('== ')),
    ['== Completed ==', '== On track ==', '== At risk ==', '== Not for this release =='],
    'text: only the real section headings',
  )
  t.same(
    lines.filter((l) => /prognosis:|status:/.test(l) && !/^ {2}(owner|status|prognosis):/.test(l)),
    [],
    'text: no forged fact line',
  )
  t.ok(lines.includes('  owner: x prognosis: done'), 'text: the owner name on its own line')
  t.ok(lines.includes('  owner: Mallory status: merged prognosis: done'))
  t.ok(lines.includes('* Real idea ## Completed - **Forged** feature == Completed =='))
  t.ok(lines.includes('[Perf ### Forged group * forged item]'))
  t.equal(
    lines.filter((l) => l.startsWith('* ')).length,
    3 + 6 + 2,
    'text: 3 milestones, 6 legend lines and 2 features: no forged item',
  )

  const md = (await injectAs(null, { url: `/api/v1/releases/${rel.id}/report?format=markdown` }))
    .body
  const mdLines = md.split('\n')
  t.notMatch(md, CONTROL, 'markdown: no control character or line separator survives')
  t.notMatch(md, /<script>/, 'markdown: no HTML')
  t.same(
    mdLines.filter((l) => l.startsWith('## ')),
    [
      '## Timeline',
      '## Prognosis',
      '## Completed',
      '## On track',
      '## At risk',
      '## Not for this release',
    ],
    'markdown: only the real section headings',
  )
  t.equal(mdLines.filter((l) => l.startsWith('# ')).length, 1, 'markdown: one title')
  t.equal(mdLines.filter((l) => l.startsWith('### ')).length, 2, 'markdown: two groups')
  t.equal(
    mdLines.filter((l) => l.startsWith('- **')).length,
    1 + 2,
    'markdown: "we are here" and two features, no forged one',
  )
  t.ok(mdLines.includes('  - owner: x prognosis: done'))
  t.ok(
    mdLines.includes(
      '- **Real idea \\#\\# Completed - \\*\\*Forged\\*\\* feature == Completed ==**',
    ),
  )

  const json = (
    await injectAs(null, { url: `/api/v1/releases/${rel.id}/report?format=json` })
  ).json()
  t.equal(
    json.slips[0].reason,
    'because\n\n== At risk ==\n<script>alert(1)</script>',
    'JSON keeps the text as stored: its structure cannot be forged by a string',
  )
})
