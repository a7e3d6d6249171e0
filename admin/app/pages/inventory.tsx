// Stock levels per location (adjust), transfers between locations, replenishment suggestions.
import { useState } from 'react'
import { useSearchParams } from 'react-router'
import { api } from '../api/client.js'
import { unwrap } from '../api/problem.js'
import { useWorkspace } from '../extensions/context.js'
import { ActionButton, DataTable, DateTime, Form, Loading, PageHeader, Pager, ProblemAlert, Section, SelectField, Status, TextField, useCursor } from '../ui/components.js'
import { useAction, useLoad } from '../ui/use-load.js'

type Location = { id: string, name: string }

/** The variant id of a SKU, through inventory's items. */
async function variantOfSku (sku: string): Promise<string> {
  const items = unwrap(await api.GET('/admin/inventory-items', { params: { query: { sku: sku.trim(), limit: 1 } } }))
  const item = items.items[0]
  if (item == null) throw new Error(`No inventory item has the SKU "${sku.trim()}"`)
  return item.variantId
}

function AdjustForm ({ levelId, onDone }: { levelId: string, onDone: () => void }) {
  const [delta, setDelta] = useState('')
  const [reason, setReason] = useState('')
  const adjust = useAction(async () => {
    unwrap(await api.POST('/admin/stock-levels/{stockLevelId}/adjustments', { params: { path: { stockLevelId: levelId } }, body: { delta: Number(delta), reason: reason.trim() } }))
    setDelta(''); setReason(''); onDone()
  })
  return (
    <Form className='form inline' onSubmit={adjust.perform} submitLabel='Apply adjustment' pending={adjust.pending} problem={adjust.error}>
      <TextField label='Units to add (negative to remove)' type='number' value={delta} onChange={setDelta} required />
      <TextField label='Reason' value={reason} onChange={setReason} required />
    </Form>
  )
}

function Levels ({ locations, canWrite }: { locations: Location[], canWrite: boolean }) {
  const [params] = useSearchParams()
  const [locationId, setLocationId] = useState('')
  const [sku, setSku] = useState('')
  const [variantId, setVariantId] = useState(params.get('variantId') ?? '')
  const [adjusting, setAdjusting] = useState<string | null>(null)
  const paging = useCursor()
  const { data, error, loading, reload } = useLoad(async () => {
    const levels = unwrap(await api.GET('/admin/stock-levels', { params: { query: { limit: 50, ...(locationId !== '' ? { locationId } : {}), ...(variantId !== '' ? { variantId } : {}), ...(paging.cursor != null ? { cursor: paging.cursor } : {}) } } }))
    const items = unwrap(await api.GET('/admin/inventory-items', { params: { query: { limit: 100 } } }))
    const skus = new Map(items.items.map((i) => [i.variantId, i.sku]))
    return { ...levels, skus }
  }, [locationId, variantId, paging.cursor])
  const find = useAction(async () => { setVariantId(sku.trim() === '' ? '' : await variantOfSku(sku)); paging.first() })
  const locationName = (id: string) => locations.find((l) => l.id === id)?.name ?? id.slice(0, 8)
  return (
    <Section title='Stock levels'>
      <div className='filters'>
        <SelectField label='Location' value={locationId} onChange={(v) => { setLocationId(v); paging.first() }} options={[{ value: '', label: 'Every location' }, ...locations.map((l) => ({ value: l.id, label: l.name }))]} />
        <Form className='form inline' onSubmit={find.perform} submitLabel='Find SKU' pending={find.pending} problem={find.error}>
          <TextField label='SKU' type='search' value={sku} onChange={setSku} />
        </Form>
      </div>
      <ProblemAlert problem={error} />
      {loading && data == null ? <Loading /> : data != null && (
        <>
          <DataTable caption='Stock levels' rows={data.items} rowKey={(l) => l.id} empty='No stock levels match.' columns={[
            { label: 'SKU', render: (l) => data.skus.get(l.variantId) ?? l.variantId.slice(0, 8) },
            { label: 'Location', render: (l) => locationName(l.locationId) },
            { label: 'On hand', render: (l) => l.onHand },
            { label: 'Reserved', render: (l) => l.reserved },
            { label: 'Available', render: (l) => l.available },
            { label: 'Incoming', render: (l) => l.incoming },
            { label: 'State', render: (l) => <Status value={l.isOut ? 'out' : l.isLow ? 'low' : 'ok'} /> },
            ...(canWrite ? [{ label: 'Adjust', render: (l: (typeof data.items)[number]) => <button type='button' className='secondary' aria-label={`Adjust ${data.skus.get(l.variantId) ?? ''} at ${locationName(l.locationId)}`} aria-expanded={adjusting === l.id} onClick={() => setAdjusting(adjusting === l.id ? null : l.id)}>Adjust</button> }] : []),
          ]} />
          <Pager hasPrevious={paging.hasPrevious} nextCursor={data.nextCursor} onFirst={paging.first} onNext={paging.next} />
          {adjusting != null && <div className='card'><h3>Adjust stock</h3><AdjustForm key={adjusting} levelId={adjusting} onDone={() => { setAdjusting(null); reload() }} /></div>}
        </>
      )}
    </Section>
  )
}

function Transfers ({ locations, canWrite }: { locations: Location[], canWrite: boolean }) {
  const [from, setFrom] = useState(locations[0]?.id ?? '')
  const [to, setTo] = useState(locations[1]?.id ?? '')
  const [sku, setSku] = useState('')
  const [quantity, setQuantity] = useState('')
  const [note, setNote] = useState('')
  const { data, error, reload } = useLoad(async () => unwrap(await api.GET('/admin/stock-transfers', { params: { query: { limit: 20 } } })), [])
  const create = useAction(async () => {
    const variantId = await variantOfSku(sku)
    unwrap(await api.POST('/admin/stock-transfers', { body: { fromLocationId: from, toLocationId: to, lines: [{ variantId, quantity: Number(quantity) }], ...(note.trim() !== '' ? { note: note.trim() } : {}) } }))
    setSku(''); setQuantity(''); setNote(''); reload()
  })
  const name = (id: string) => locations.find((l) => l.id === id)?.name ?? id.slice(0, 8)
  const path = (transferId: string) => ({ params: { path: { transferId } } })
  return (
    <Section title='Transfers'>
      <ProblemAlert problem={error} />
      {data != null && <DataTable caption='Transfers' rows={data.items} rowKey={(t) => t.id} empty='No transfers.' columns={[
        { label: 'From', render: (t) => name(t.fromLocationId) },
        { label: 'To', render: (t) => name(t.toLocationId) },
        { label: 'Units', render: (t) => t.lines.reduce((s, l) => s + l.quantity, 0) },
        { label: 'Status', render: (t) => <Status value={t.status} /> },
        { label: 'Created', render: (t) => <DateTime value={t.createdAt} /> },
        { label: 'Actions', render: (t) => !canWrite ? null : (
          <span className='page-actions'>
            {t.status === 'requested' && <ActionButton label='Ship transfer' run={async () => unwrap(await api.POST('/admin/stock-transfers/{transferId}/ship', path(t.id)))} onDone={reload} />}
            {t.status === 'in_transit' && <ActionButton label='Receive transfer' run={async () => unwrap(await api.POST('/admin/stock-transfers/{transferId}/receive', path(t.id)))} onDone={reload} />}
            {(t.status === 'requested' || t.status === 'in_transit') && <ActionButton className='secondary' label='Cancel transfer' run={async () => unwrap(await api.POST('/admin/stock-transfers/{transferId}/cancel', path(t.id)))} onDone={reload} />}
          </span>
        ) },
      ]} />}
      {canWrite && locations.length > 1 && (
        <>
          <h3>New transfer</h3>
          <Form className='form inline' onSubmit={create.perform} submitLabel='Request transfer' pending={create.pending} problem={create.error}>
            <SelectField label='From location' value={from} onChange={setFrom} options={locations.map((l) => ({ value: l.id, label: l.name }))} />
            <SelectField label='To location' value={to} onChange={setTo} options={locations.map((l) => ({ value: l.id, label: l.name }))} />
            <TextField label='Transfer SKU' value={sku} onChange={setSku} required />
            <TextField label='Transfer quantity' type='number' min={1} value={quantity} onChange={setQuantity} required />
            <TextField label='Note' value={note} onChange={setNote} />
          </Form>
        </>
      )}
    </Section>
  )
}

function Replenishment ({ canWrite }: { canWrite: boolean }) {
  const paging = useCursor()
  const { data, error, loading, reload } = useLoad(async () => unwrap(await api.GET('/admin/replenishment-suggestions', { params: { query: { limit: 25, ...(paging.cursor != null ? { cursor: paging.cursor } : {}) } } })), [paging.cursor])
  return (
    <Section title='Replenishment suggestions' actions={canWrite ? <ActionButton className='secondary' label='Recompute suggestions' run={async () => unwrap(await api.POST('/admin/replenishment-suggestions/recompute'))} onDone={() => setTimeout(reload, 1500)} /> : undefined}>
      <ProblemAlert problem={error} />
      {loading && data == null ? <Loading /> : data != null && (
        <>
          <DataTable caption='Replenishment suggestions' rows={data.items} rowKey={(s) => s.itemId} empty='Nothing to reorder.' columns={[
            { label: 'SKU', render: (s) => s.sku ?? s.variantId.slice(0, 8) },
            { label: 'Daily demand', render: (s) => s.dailyDemand.toFixed(2) },
            { label: 'Available', render: (s) => s.available },
            { label: 'Incoming', render: (s) => s.incoming },
            { label: 'Reorder point', render: (s) => s.reorderPoint },
            { label: 'Suggested', render: (s) => s.suggestedQuantity },
            { label: 'Days of cover', render: (s) => s.daysOfCover == null ? '—' : s.daysOfCover.toFixed(1) },
          ]} />
          <Pager hasPrevious={paging.hasPrevious} nextCursor={data.nextCursor} onFirst={paging.first} onNext={paging.next} />
        </>
      )}
    </Section>
  )
}

export default function InventoryPage () {
  const workspace = useWorkspace()
  const canWrite = workspace.can('inventory:write')
  const { data, error } = useLoad(async () => unwrap(await api.GET('/admin/stock-locations', { params: { query: { limit: 100 } } })).items, [])
  return (
    <>
      <PageHeader title='Inventory' />
      <ProblemAlert problem={error} />
      {data == null ? <Loading /> : (
        <>
          <Levels locations={data} canWrite={canWrite} />
          <Transfers locations={data} canWrite={canWrite} />
          <Replenishment canWrite={canWrite} />
        </>
      )}
    </>
  )
}
