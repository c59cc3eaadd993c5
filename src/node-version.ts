// Imported first by every entry point (ES modules evaluate in import order), so an operator on an
// old Node.js reads what to install instead of a stack from a dependency that needs a newer one.
const REQUIRED = [22, 12] as const

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number)
if (major < REQUIRED[0] || (major === REQUIRED[0] && minor < REQUIRED[1])) {
  console.error(
    `tally: Node.js ${REQUIRED.join('.')} or newer is needed (24 LTS recommended); this is ${process.version}`,
  )
  process.exit(1)
}
