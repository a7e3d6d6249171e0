import { Link } from 'react-router'
import { PageHeader } from '../ui/components.js'

export default function NotFoundPage () {
  return (
    <>
      <PageHeader title='Page not found' />
      <p>There is no page at this address. <Link to='/'>Back to the dashboard</Link>.</p>
    </>
  )
}
