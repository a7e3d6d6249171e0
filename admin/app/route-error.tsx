import { Link, useRouteError } from 'react-router'

/** Shown when a page throws or its chunk fails to load (an old tab after an upgrade): reload fixes the latter. */
export function RouteError () {
  const error = useRouteError()
  const message = error instanceof Error ? error.message : String(error)
  return (
    <main className='centered'>
      <h1>This page could not be shown</h1>
      <div role='alert' className='problem'>{message}</div>
      <p><button type='button' onClick={() => location.reload()}>Reload the page</button> or go back to the <Link to='/'>dashboard</Link>.</p>
    </main>
  )
}
