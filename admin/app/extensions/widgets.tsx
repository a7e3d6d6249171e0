import { Section } from '../ui/components.js'
import { useWorkspace } from './context.js'
import type { AdminWidgetSlot } from './types.js'
import { ExtensionView } from './views.js'

/** Plugins' widgets for one slot; `recordId` is the host record (order, customer, product). */
export function WidgetSlot ({ slot, recordId }: { slot: AdminWidgetSlot, recordId?: string }) {
  const workspace = useWorkspace()
  const widgets = workspace.plugins.flatMap((p) => (p.admin.widgets ?? []).filter((w) => w.slot === slot && workspace.can(w.permission)).map((w) => ({ plugin: p.name, widget: w })))
  if (widgets.length === 0) return null
  return (
    <>
      {widgets.map(({ plugin, widget }) => (
        <Section key={`${plugin}.${widget.id}`} title={widget.title}>
          <ExtensionView view={widget.view} plugin={plugin} recordId={recordId} caption={widget.title} />
        </Section>
      ))}
    </>
  )
}
