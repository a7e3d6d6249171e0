import { registerKernelValue } from '../container.js'
import type { KernelParts } from '../kernel/parts.js'
import { createSettingsCatalog } from './catalog.js'
import { settingsRoutes } from './routes.js'
import { createSettingsService } from './service.js'

/**
 * Plugin settings: checks every manifest's declarations (a bad one stops boot), registers the
 * `settings` service and mounts `/admin/settings`. Needs `audit`, installed before it.
 */
export async function installSettings (parts: KernelParts): Promise<void> {
  const catalog = createSettingsCatalog(parts.plugins)
  const settings = createSettingsService({ catalog, audit: parts.container.resolve('audit') })
  registerKernelValue(parts.container, 'settings', settings)
  await parts.app.register(settingsRoutes(settings), { prefix: '/admin' })
}
