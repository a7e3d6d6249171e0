import type { Ctx, PluginManifest } from '@comptoir/core'

type SeedApp = Parameters<NonNullable<PluginManifest['seed']>>[1]

/** Demo activity: filled in below (kept empty until then). */
export async function seedAnalytics (_ctx: Ctx, _app: SeedApp): Promise<void> {}
