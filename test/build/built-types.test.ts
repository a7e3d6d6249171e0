// What a published package gets: the fixture plugin and a probe route type-checked against the built
// dist/*.d.ts (no comptoir-source condition), and every type augmentation reachable from them.
// It needs `npm run build` (.ci/run runs it before `npm test`) and fails, not skips, without it.
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile, readdir } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'

const root = fileURLToPath(new URL('../../', import.meta.url))
const tsc = path.join(root, 'node_modules/typescript/bin/tsc')
const packages = ['core', ...(await readdir(path.join(root, 'plugins'))).map((name) => `plugins/${name}`)]

interface Checked { code: number | null, files: Set<string>, errors: string[] }

/** `tsc --listFiles` on test/build/tsconfig.dist.json: its exit code, the program's files, the errors. */
async function typecheckAgainstDist (): Promise<Checked> {
  return await new Promise((resolve, reject) => {
    execFile(process.execPath, [tsc, '-p', 'test/build/tsconfig.dist.json', '--listFiles', '--pretty', 'false'], { cwd: root, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout) => {
        if (error != null && typeof error.code !== 'number') { reject(error); return }
        const lines = stdout.split('\n').filter((l) => l !== '')
        resolve({
          code: error == null ? 0 : Number(error.code),
          files: new Set(lines.filter((l) => path.isAbsolute(l)).map((l) => path.normalize(l))),
          errors: lines.filter((l) => / error TS\d+:/.test(l)),
        })
      })
  })
}

/** Source files (relative to the package) that hold a `declare module` augmentation. */
async function augmentingSources (pkg: string): Promise<string[]> {
  const src = path.join(root, pkg, 'src')
  const found: string[] = []
  for (const entry of await readdir(src, { recursive: true })) {
    if (!entry.endsWith('.ts') || entry.endsWith('.d.ts')) continue
    if (/^declare module ['"]/m.test(await readFile(path.join(src, entry), 'utf8'))) found.push(entry)
  }
  return found
}

const missing = packages.filter((pkg) => !existsSync(path.join(root, pkg, 'dist/index.d.ts')))
if (missing.length > 0) {
  t.fail(`${missing.map((p) => `${p}/dist/index.d.ts`).join(', ')} missing: run \`npm run build\` first (.ci/run does, before npm test)`)
} else {
  const checked = await typecheckAgainstDist()

  t.test('the fixture plugin and the probe route type-check against the built .d.ts', async (t) => {
    t.same(checked.errors, [], 'no type error')
    t.equal(checked.code, 0, 'tsc exits 0')
    const sources = [...checked.files].filter((f) => packages.some((pkg) => f.startsWith(path.join(root, pkg, 'src') + path.sep)))
    t.same(sources, [], 'no @comptoir package resolved to its sources')
    t.ok(checked.files.has(path.join(root, 'core/dist/index.d.ts')), 'core resolved to dist/index.d.ts')
  })

  t.test('every declare-module augmentation of core and the plugins is reachable from their dist/index.d.ts', async (t) => {
    for (const pkg of packages) {
      for (const file of await augmentingSources(pkg)) {
        const built = path.join(root, pkg, 'dist', file.replace(/\.ts$/, '.d.ts'))
        t.ok(checked.files.has(built), `${pkg}/src/${file} reaches the build as ${path.relative(root, built)} (list it in core/src/augmentations.ts)`)
      }
    }
  })

  t.test('every dependency of core that augments Fastify is loaded with the built types', async (t) => {
    const { dependencies } = JSON.parse(await readFile(path.join(root, 'core/package.json'), 'utf8')) as { dependencies: Record<string, string> }
    let augmenters = 0
    for (const name of Object.keys(dependencies)) {
      const dir = path.join(root, 'node_modules', name)
      const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as { types?: string, typings?: string }
      const types = manifest.types ?? manifest.typings
      if (types == null || !existsSync(path.join(dir, types))) continue
      if (!/declare module ['"]fastify['"]/.test(await readFile(path.join(dir, types), 'utf8'))) continue
      augmenters++
      t.ok(checked.files.has(path.join(dir, types)), `${name}'s augmentation of 'fastify' is in the program (list it in core/src/augmentations.ts)`)
    }
    t.ok(augmenters >= 2, `found ${augmenters} augmenting dependencies (@fastify/swagger, @fastify/rate-limit, …)`)
  })
}
