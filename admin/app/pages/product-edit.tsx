// Create a product, or edit one: details, options, variants with a price per currency, images,
// categories, collections, and publish / unpublish / archive.
import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { api } from '../api/client.js'
import { unwrap } from '../api/problem.js'
import type { paths } from '../api/schema.js'
import { WidgetSlot } from '../extensions/widgets.js'
import { ActionButton, CheckboxField, DataTable, Form, Loading, Money, PageHeader, ProblemAlert, Section, SelectField, Status, TextArea, TextField } from '../ui/components.js'
import { toMajor, toMinor } from '../ui/format.js'
import { useAction, useLoad } from '../ui/use-load.js'

type Product = paths['/admin/products/{productId}']['get']['responses'][200]['content']['application/json']
type Variant = Product['variants'][number]
type Price = Variant['prices'][number]

const defaultCurrencies = ['EUR', 'USD']
const splitList = (text: string) => text.split(',').map((s) => s.trim()).filter((s) => s !== '')

function DetailsForm ({ product, onSaved }: { product?: Product, onSaved: (p: Product) => void }) {
  const [title, setTitle] = useState(product?.title ?? '')
  const [handle, setHandle] = useState(product?.handle ?? '')
  const [description, setDescription] = useState(product?.description ?? '')
  const [vendor, setVendor] = useState(product?.vendor ?? '')
  const [productType, setProductType] = useState(product?.productType ?? '')
  const [tags, setTags] = useState(product?.tags.join(', ') ?? '')
  const [options, setOptions] = useState([{ name: '', values: '' }])
  const save = useAction(async () => {
    const common = {
      title,
      ...(handle.trim() !== '' ? { handle: handle.trim() } : {}),
      description,
      vendor: vendor.trim() === '' ? null : vendor.trim(),
      productType: productType.trim() === '' ? null : productType.trim(),
      tags: splitList(tags),
    }
    if (product == null) {
      const opts = options.filter((o) => o.name.trim() !== '' && splitList(o.values).length > 0).map((o) => ({ name: o.name.trim(), values: splitList(o.values) }))
      onSaved(unwrap(await api.POST('/admin/products', { body: { ...common, ...(opts.length > 0 ? { options: opts } : {}) } })))
    } else {
      onSaved(unwrap(await api.PATCH('/admin/products/{productId}', { params: { path: { productId: product.id } }, body: common })))
    }
  })
  return (
    <Form onSubmit={save.perform} submitLabel={product == null ? 'Create product' : 'Save details'} pending={save.pending} problem={save.error} done={product != null && save.done && 'Saved.'}>
      <TextField label='Title' value={title} onChange={setTitle} required />
      <TextField label='Handle' value={handle} onChange={setHandle} hint='URL name: lowercase letters, digits and dashes; made from the title when empty' />
      <TextArea label='Description' value={description} onChange={setDescription} />
      <TextField label='Vendor' value={vendor} onChange={setVendor} />
      <TextField label='Product type' value={productType} onChange={setProductType} />
      <TextField label='Tags' value={tags} onChange={setTags} hint='Comma-separated' />
      {product == null && (
        <fieldset>
          <legend>Options (up to three, e.g. Size: S, M, L)</legend>
          {options.map((o, i) => (
            <div key={i} className='form inline'>
              <TextField label={`Option ${i + 1} name`} value={o.name} onChange={(v) => setOptions((os) => os.map((x, j) => j === i ? { ...x, name: v } : x))} />
              <TextField label={`Option ${i + 1} values`} value={o.values} hint='Comma-separated' onChange={(v) => setOptions((os) => os.map((x, j) => j === i ? { ...x, values: v } : x))} />
            </div>
          ))}
          {options.length < 3 && <button type='button' className='secondary' onClick={() => setOptions((os) => [...os, { name: '', values: '' }])}>Add another option</button>}
        </fieldset>
      )}
    </Form>
  )
}

function PriceInputs ({ currencies, values, onChange }: { currencies: string[], values: Record<string, string>, onChange: (v: Record<string, string>) => void }) {
  return <>{currencies.map((c) => <TextField key={c} label={`Price (${c})`} inputMode='decimal' value={values[c] ?? ''} onChange={(v) => onChange({ ...values, [c]: v })} />)}</>
}

function toPrices (values: Record<string, string>, previous: Price[] = []): Array<{ currency: string, amount: number, compareAtAmount?: number | null }> {
  const prices = []
  for (const [currency, text] of Object.entries(values)) {
    if (text.trim() === '') continue
    const amount = toMinor(text, currency)
    if (amount == null) throw new Error(`The ${currency} price "${text}" is not a number`)
    const before = previous.find((p) => p.currency === currency)
    prices.push({ currency, amount, ...(before?.compareAtAmount != null ? { compareAtAmount: before.compareAtAmount } : {}) })
  }
  return prices
}

function VariantForm ({ product, variant, currencies, onSaved }: { product: Product, variant?: Variant, currencies: string[], onSaved: () => void }) {
  const [sku, setSku] = useState(variant?.sku ?? '')
  const [options, setOptions] = useState<Record<string, string>>(variant?.options ?? Object.fromEntries(product.options.map((o) => [o.name, o.values[0] ?? ''])))
  const [prices, setPrices] = useState<Record<string, string>>(Object.fromEntries((variant?.prices ?? []).map((p) => [p.currency, toMajor(p.amount, p.currency)])))
  const save = useAction(async () => {
    const priceList = toPrices(prices, variant?.prices)
    if (variant == null) {
      unwrap(await api.POST('/admin/products/{productId}/variants', { params: { path: { productId: product.id } }, body: { sku: sku.trim() === '' ? null : sku.trim(), options, prices: priceList } }))
      setSku(''); setPrices({})
    } else {
      unwrap(await api.PATCH('/admin/variants/{variantId}', { params: { path: { variantId: variant.id } }, body: { sku: sku.trim() === '' ? null : sku.trim(), options } }))
      unwrap(await api.PUT('/admin/variants/{variantId}/prices', { params: { path: { variantId: variant.id } }, body: { prices: priceList } }))
    }
    onSaved()
  })
  return (
    <Form className='form inline' onSubmit={save.perform} submitLabel={variant == null ? 'Add variant' : 'Save variant'} pending={save.pending} problem={save.error} done={variant != null && save.done && 'Saved.'}>
      {product.options.map((o) => <SelectField key={o.id} label={o.name} value={options[o.name] ?? ''} onChange={(v) => setOptions((s) => ({ ...s, [o.name]: v }))} options={o.values} />)}
      <TextField label='SKU' value={sku} onChange={setSku} />
      <PriceInputs currencies={currencies} values={prices} onChange={setPrices} />
    </Form>
  )
}

function Variants ({ product, reload }: { product: Product, reload: () => void }) {
  const currencies = [...new Set([...defaultCurrencies, ...product.variants.flatMap((v) => v.prices.map((p) => p.currency))])]
  const [editing, setEditing] = useState<string | null>(null)
  return (
    <Section title='Variants'>
      <DataTable caption='Variants' rows={product.variants} rowKey={(v) => v.id} empty='No variants yet: add one below.' columns={[
        { label: 'Variant', render: (v) => v.title === '' ? 'Default' : v.title },
        { label: 'SKU', render: (v) => v.sku ?? '—' },
        { label: 'Prices', render: (v) => v.prices.length === 0 ? '—' : v.prices.map((p) => <div key={p.currency}><Money amount={p.amount} currency={p.currency} /></div>) },
        { label: 'Actions', render: (v) => (
          <span className='page-actions'>
            <button type='button' className='secondary' aria-expanded={editing === v.id} onClick={() => setEditing(editing === v.id ? null : v.id)}>Edit {v.title === '' ? 'variant' : v.title}</button>
            <ActionButton className='danger' label={`Delete ${v.title === '' ? 'variant' : v.title}`} confirm='Delete this variant?' run={async () => unwrap(await api.DELETE('/admin/variants/{variantId}', { params: { path: { variantId: v.id } } }))} onDone={reload} />
          </span>
        ) },
      ]} />
      {editing != null && product.variants.some((v) => v.id === editing) && (
        <div className='card'><h3>Edit variant</h3><VariantForm key={editing} product={product} variant={product.variants.find((v) => v.id === editing)} currencies={currencies} onSaved={reload} /></div>
      )}
      <h3>New variant</h3>
      <VariantForm product={product} currencies={currencies} onSaved={reload} />
    </Section>
  )
}

function Options ({ product, reload }: { product: Product, reload: () => void }) {
  const [name, setName] = useState('')
  const [values, setValues] = useState('')
  const add = useAction(async () => {
    unwrap(await api.POST('/admin/products/{productId}/options', { params: { path: { productId: product.id } }, body: { name: name.trim(), values: splitList(values) } }))
    setName(''); setValues(''); reload()
  })
  return (
    <Section title='Options'>
      <DataTable caption='Options' rows={product.options} rowKey={(o) => o.id} empty='No options: the product has a single variant.' columns={[
        { label: 'Name', render: (o) => o.name },
        { label: 'Values', render: (o) => o.values.join(', ') },
        { label: 'Actions', render: (o) => <ActionButton className='danger' label={`Remove option ${o.name}`} confirm={`Remove the option ${o.name}?`} run={async () => unwrap(await api.DELETE('/admin/products/{productId}/options/{optionId}', { params: { path: { productId: product.id, optionId: o.id } } }))} onDone={reload} /> },
      ]} />
      {product.options.length < 3 && (
        <Form className='form inline' onSubmit={add.perform} submitLabel='Add option' pending={add.pending} problem={add.error}>
          <TextField label='Option name' value={name} onChange={setName} required />
          <TextField label='Option values' value={values} onChange={setValues} hint='Comma-separated' required />
        </Form>
      )}
    </Section>
  )
}

function Images ({ product, reload }: { product: Product, reload: () => void }) {
  const [url, setUrl] = useState('')
  const [alt, setAlt] = useState('')
  const add = useAction(async () => {
    unwrap(await api.POST('/admin/products/{productId}/images', { params: { path: { productId: product.id } }, body: { url: url.trim(), alt: alt.trim() === '' ? null : alt.trim() } }))
    setUrl(''); setAlt(''); reload()
  })
  return (
    <Section title='Images'>
      <ul className='images'>
        {product.images.map((image) => (
          <li key={image.id}>
            <img src={image.url} alt={image.alt ?? ''} width={96} height={96} loading='lazy' />
            <ActionButton className='danger' label={`Remove image ${image.alt ?? image.position + 1}`} run={async () => unwrap(await api.DELETE('/admin/images/{imageId}', { params: { path: { imageId: image.id } } }))} onDone={reload} />
          </li>
        ))}
      </ul>
      <Form className='form inline' onSubmit={add.perform} submitLabel='Add image' pending={add.pending} problem={add.error}>
        <TextField label='Image URL' type='url' value={url} onChange={setUrl} required />
        <TextField label='Alternative text' value={alt} onChange={setAlt} />
      </Form>
    </Section>
  )
}

function Taxonomy ({ product, reload }: { product: Product, reload: () => void }) {
  const { data, error } = useLoad(async () => {
    const [categories, collections] = await Promise.all([
      api.GET('/admin/categories', { params: { query: { limit: 100 } } }).then(unwrap),
      api.GET('/admin/collections', { params: { query: { limit: 100 } } }).then(unwrap),
    ])
    return { categories: categories.items, collections: collections.items }
  }, [])
  const [categoryIds, setCategoryIds] = useState(product.categoryIds)
  const [collectionIds, setCollectionIds] = useState(product.collectionIds)
  const toggle = (list: string[], id: string, on: boolean) => on ? [...new Set([...list, id])] : list.filter((x) => x !== id)
  const save = useAction(async () => {
    unwrap(await api.PUT('/admin/products/{productId}/categories', { params: { path: { productId: product.id } }, body: { categoryIds } }))
    const changed = (data?.collections ?? []).filter((c) => collectionIds.includes(c.id) !== product.collectionIds.includes(c.id))
    for (const collection of changed) {
      const path = { collectionId: collection.id }
      const { productIds } = unwrap(await api.GET('/admin/collections/{collectionId}/products', { params: { path } }))
      const next = collectionIds.includes(collection.id) ? [...new Set([...productIds, product.id])] : productIds.filter((id) => id !== product.id)
      unwrap(await api.PUT('/admin/collections/{collectionId}/products', { params: { path }, body: { productIds: next } }))
    }
    reload()
  })
  return (
    <Section title='Categories and collections'>
      <ProblemAlert problem={error} />
      {data == null ? <Loading /> : (
        <Form onSubmit={save.perform} submitLabel='Save categories and collections' pending={save.pending} problem={save.error} done={save.done && 'Saved.'}>
          <fieldset><legend>Categories</legend>
            {data.categories.length === 0 ? <p className='empty'>No categories.</p> : data.categories.map((c) => <CheckboxField key={c.id} label={c.name} checked={categoryIds.includes(c.id)} onChange={(on) => setCategoryIds((l) => toggle(l, c.id, on))} />)}
          </fieldset>
          <fieldset><legend>Collections</legend>
            {data.collections.length === 0 ? <p className='empty'>No collections.</p> : data.collections.map((c) => <CheckboxField key={c.id} label={c.title} checked={collectionIds.includes(c.id)} onChange={(on) => setCollectionIds((l) => toggle(l, c.id, on))} />)}
          </fieldset>
        </Form>
      )}
    </Section>
  )
}

function Edit ({ productId }: { productId: string }) {
  const { data: product, error, loading, reload } = useLoad(async () => unwrap(await api.GET('/admin/products/{productId}', { params: { path: { productId } } })), [productId])
  if (product == null) return <><PageHeader title='Product' />{loading ? <Loading /> : <ProblemAlert problem={error} />}</>
  const path = { params: { path: { productId } } }
  return (
    <>
      <PageHeader title={product.title}>
        <Status value={product.status} />
        {product.status !== 'published' && <ActionButton label='Publish' run={async () => unwrap(await api.POST('/admin/products/{productId}/publish', path))} onDone={reload} />}
        {product.status === 'published' && <ActionButton className='secondary' label='Unpublish' run={async () => unwrap(await api.POST('/admin/products/{productId}/unpublish', path))} onDone={reload} />}
        {product.status !== 'archived' && <ActionButton className='secondary' label='Archive' confirm='Archive this product? It leaves the storefront.' run={async () => unwrap(await api.POST('/admin/products/{productId}/archive', path))} onDone={reload} />}
      </PageHeader>
      <ProblemAlert problem={error} />
      <p><Link to='/products'>All products</Link></p>
      <div className='columns'>
        <div>
          <Section title='Details'><DetailsForm key={product.updatedAt} product={product} onSaved={reload} /></Section>
          <Options product={product} reload={reload} />
          <Variants product={product} reload={reload} />
          <Images product={product} reload={reload} />
        </div>
        <div>
          <Taxonomy key={product.updatedAt} product={product} reload={reload} />
          <WidgetSlot slot='product.detail' recordId={product.id} />
        </div>
      </div>
    </>
  )
}

export default function ProductEditPage () {
  const { productId } = useParams()
  const navigate = useNavigate()
  if (productId != null) return <Edit key={productId} productId={productId} />
  return (
    <>
      <PageHeader title='New product' />
      <Section title='Details'><DetailsForm onSaved={(p) => { void navigate(`/products/${p.id}`) }} /></Section>
    </>
  )
}
