// /app/x/<plugin>/<page>[/<recordId>]: a page a plugin declared in its manifest's `admin.pages`.
import { useParams } from 'react-router'
import { PageHeader } from '../ui/components.js'
import { useWorkspace } from './context.js'
import { ExtensionView } from './views.js'

export default function PluginPage () {
  const { plugin = '', pageId = '', recordId } = useParams()
  const workspace = useWorkspace()
  const page = workspace.plugins.find((p) => p.name === plugin)?.admin.pages?.find((p) => p.id === pageId)
  if (page == null || !workspace.can(page.permission)) {
    return <><PageHeader title='Page not found' /><p>No installed plugin offers this page, or you lack its permission.</p></>
  }
  return (
    <>
      <PageHeader title={page.title} />
      <div className='card'>
        <ExtensionView key={`${plugin}/${pageId}/${recordId ?? ''}`} view={page.view} plugin={plugin} recordId={recordId} caption={page.title} />
      </div>
    </>
  )
}
