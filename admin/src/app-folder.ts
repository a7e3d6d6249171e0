import { statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The package folder: this file runs from src/ (sources) or dist/server/ (built). */
function packageRoot (): URL {
  const here = fileURLToPath(import.meta.url)
  return new URL(here.includes('/dist/server/') || here.includes('\\dist\\server\\') ? '../../' : '../', import.meta.url)
}

function indexTime (folder: URL): number | null {
  try {
    return statSync(new URL('index.html', folder)).mtimeMs
  } catch {
    return null
  }
}

/**
 * The built app to serve: `prebuilt/` (committed, so the first `npm start` needs no build) unless
 * `dist/app/` (a local `npm run build`) is newer; null when neither holds an index.html.
 */
export function appFolder (root: URL = packageRoot()): string | null {
  const candidates = [new URL('dist/app/', root), new URL('prebuilt/', root)]
    .map((folder) => ({ folder, time: indexTime(folder) }))
    .filter((c): c is { folder: URL, time: number } => c.time != null)
    .sort((a, b) => b.time - a.time)
  const chosen = candidates[0]
  return chosen == null ? null : fileURLToPath(chosen.folder)
}
