// One customer: profile, addresses, orders, consent (with its history), disable/enable, and GDPR:
// export of every plugin's data about them, erasure scheduled or at once.
import { Link, useParams } from 'react-router'
import { api } from '../api/client.js'
import { unwrap } from '../api/problem.js'
import type { paths } from '../api/schema.js'
import { useWorkspace } from '../extensions/context.js'
import { WidgetSlot } from '../extensions/widgets.js'
import { ActionButton, DataTable, DateTime, KeyValues, Loading, Money, PageHeader, ProblemAlert, Section, Status } from '../ui/components.js'
import { saveBlob } from '../ui/download.js'
import { useLoad } from '../ui/use-load.js'

type Purpose = paths['/admin/customers/{customerId}/consents']['get']['responses'][200]['content']['application/json']['items'][number]['purpose']
const purposes: Purpose[] = ['marketing_email', 'sms', 'profiling', 'analytics']

function Orders ({ customerId }: { customerId: string }) {
  const { data, error, loading } = useLoad(async () => unwrap(await api.GET('/admin/orders', { params: { query: { customerId, limit: 20 } } })), [customerId])
  return (
    <Section title='Orders'>
      <ProblemAlert problem={error} />
      {loading ? <Loading /> : <DataTable caption='Orders of this customer' rows={data?.items ?? []} rowKey={(o) => o.id} empty='No orders yet.' columns={[
        { label: 'Order', render: (o) => <Link to={`/orders/${o.id}`}>{o.number}</Link> },
        { label: 'Placed', render: (o) => <DateTime value={o.createdAt} /> },
        { label: 'Status', render: (o) => <Status value={o.status} /> },
        { label: 'Total', render: (o) => <Money amount={o.totals.total} currency={o.currency} /> },
      ]} />}
    </Section>
  )
}

function Consents ({ customerId }: { customerId: string }) {
  const path = { params: { path: { customerId } } }
  const current = useLoad(async () => unwrap(await api.GET('/admin/customers/{customerId}/consents', path)), [customerId])
  const history = useLoad(async () => unwrap(await api.GET('/admin/customers/{customerId}/consents/history', path)), [customerId, current.data])
  const reload = () => current.reload()
  return (
    <Section title='Consent'>
      <ProblemAlert problem={current.error} />
      {current.data == null ? <Loading /> : (
        <DataTable caption='Consent' rows={purposes.map((purpose) => current.data!.items.find((c) => c.purpose === purpose) ?? { purpose, granted: false, recordedAt: null })} rowKey={(c) => c.purpose} columns={[
          { label: 'Purpose', render: (c) => c.purpose.replace(/_/g, ' ') },
          { label: 'Granted', render: (c) => c.granted ? 'Yes' : 'No' },
          { label: 'Recorded', render: (c) => <DateTime value={c.recordedAt} /> },
          { label: 'Change', render: (c) => <ActionButton className='secondary' label={c.granted ? 'Withdraw' : 'Grant'} accessibleName={`${c.granted ? 'Withdraw' : 'Grant'} ${c.purpose.replace(/_/g, ' ')}`} run={async () => unwrap(await api.POST('/admin/customers/{customerId}/consents', { ...path, body: { changes: [{ purpose: c.purpose, granted: !c.granted }], source: 'admin' } }))} onDone={reload} /> },
        ]} />
      )}
      {history.data != null && history.data.items.length > 0 && (
        <details><summary>History</summary>
          <ul>{history.data.items.map((h, i) => <li key={i}><DateTime value={h.recordedAt} />: {h.purpose.replace(/_/g, ' ')} {h.granted ? 'granted' : 'withdrawn'} ({h.source})</li>)}</ul>
        </details>
      )}
    </Section>
  )
}

export default function CustomerDetailPage () {
  const { customerId = '' } = useParams()
  const workspace = useWorkspace()
  const path = { params: { path: { customerId } } }
  const { data: customer, error, loading, reload } = useLoad(async () => unwrap(await api.GET('/admin/customers/{customerId}', path)), [customerId])
  const addresses = useLoad(async () => unwrap(await api.GET('/admin/customers/{customerId}/addresses', path)), [customerId])
  if (customer == null) return <><PageHeader title='Customer' />{loading ? <Loading /> : <ProblemAlert problem={error} />}</>
  const name = [customer.firstName, customer.lastName].filter((s) => s != null).join(' ')
  return (
    <>
      <PageHeader title={name !== '' ? name : customer.email}>
        <Status value={customer.status} />
        {customer.status === 'active' && <ActionButton className='secondary' label='Disable account' confirm='Disable this account? The customer can no longer sign in.' run={async () => unwrap(await api.POST('/admin/customers/{customerId}/disable', path))} onDone={reload} />}
        {customer.status === 'disabled' && <ActionButton className='secondary' label='Enable account' run={async () => unwrap(await api.POST('/admin/customers/{customerId}/enable', path))} onDone={reload} />}
      </PageHeader>
      <p><Link to='/customers'>All customers</Link></p>
      <div className='columns'>
        <div>
          <Section title='Profile'>
            <KeyValues items={[
              ['Email', `${customer.email}${customer.emailVerified ? ' (verified)' : ''}`],
              ['Phone', customer.phone ?? '—'],
              ['Locale', customer.locale ?? '—'],
              ['Currency', customer.preferredCurrency ?? '—'],
              ['Customer since', <DateTime key='c' value={customer.createdAt} />],
            ]} />
          </Section>
          <Section title='Addresses'>
            <ProblemAlert problem={addresses.error} />
            {addresses.data == null ? <Loading /> : <DataTable caption='Addresses' rows={addresses.data.items} rowKey={(a) => a.id} empty='No saved address.' columns={[
              { label: 'Name', render: (a) => [a.firstName, a.lastName, a.company].filter((s) => s != null && s !== '').join(' ') || '—' },
              { label: 'Address', render: (a) => [a.line1, a.line2, a.postalCode, a.city, a.region, a.countryCode].filter((s) => s != null && s !== '').join(', ') },
              { label: 'Default', render: (a) => [a.isDefaultShipping ? 'shipping' : null, a.isDefaultBilling ? 'billing' : null].filter((s) => s != null).join(', ') || '—' },
            ]} />}
          </Section>
          {workspace.has('orders') && workspace.can('orders:read') && <Orders customerId={customerId} />}
        </div>
        <div>
          <Consents customerId={customerId} />
          <Section title='Personal data (GDPR)'>
            <p>Export everything the store holds about this customer, or erase it (orders are kept, pseudonymised).</p>
            <div className='page-actions'>
              <ActionButton className='secondary' label='Export personal data' run={async () => {
                const data = unwrap(await api.GET('/admin/customers/{customerId}/export', path))
                saveBlob(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }), `customer-${customerId}.json`)
              }} />
              {workspace.can('customers:erase') && customer.status !== 'erased' && <>
                <ActionButton className='secondary' label='Schedule erasure' confirm='Schedule the erasure of this customer (after the grace period)?' run={async () => unwrap(await api.POST('/admin/customers/{customerId}/erasure-requests', path))} onDone={reload} />
                <ActionButton className='danger' label='Erase now' confirm='Erase this customer now? This cannot be undone.' run={async () => unwrap(await api.POST('/admin/customers/{customerId}/erase', path))} onDone={reload} />
              </>}
            </div>
          </Section>
          <WidgetSlot slot='customer.detail' recordId={customerId} />
        </div>
      </div>
    </>
  )
}
