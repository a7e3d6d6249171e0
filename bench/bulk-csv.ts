/** bench/bulk: the Shopify product CSV the bulk bench imports: N products × 3 variants, 2 images each. */
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'

export const csvHeader = ['Handle', 'Title', 'Body (HTML)', 'Vendor', 'Type', 'Tags', 'Published', 'Option1 Name', 'Option1 Value',
  'Variant SKU', 'Variant Grams', 'Variant Price', 'Variant Compare At Price', 'Variant Barcode', 'Image Src', 'Image Position',
  'Image Alt Text', 'Price / USD', 'Status']

const sizes = ['S', 'M', 'L']
const nouns = ['Sweater', 'Shirt', 'Jacket', 'Mug', 'Tote', 'Scarf', 'Cap', 'Apron']
const materials = ['Merino', 'Linen', 'Canvas', 'Cotton', 'Stoneware', 'Wool']

function quoted (value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

/** The rows of product `i`, as arrays of cells in csvHeader order (deterministic). */
export function productRows (i: number): string[][] {
  const handle = `bulk-${materials[i % materials.length]?.toLowerCase() ?? ''}-${nouns[i % nouns.length]?.toLowerCase() ?? ''}-${i}`
  const title = `${materials[i % materials.length] ?? ''} ${nouns[(i >> 3) % nouns.length] ?? ''} ${i}`
  const euros = 10 + (i * 7) % 190
  return sizes.map((size, v) => [
    handle, v === 0 ? title : '', v === 0 ? `<p>${title}, made to last.</p>` : '', v === 0 ? 'Atelier Nord' : '', v === 0 ? 'Apparel' : '',
    v === 0 ? 'bulk, bench' : '', v === 0 ? 'TRUE' : '', v === 0 ? 'Size' : '', size, `BULK-${i}-${size}`, String(200 + v * 20),
    `${euros}.${v}0`, v === 1 ? `${euros + 10}.00` : '', String(4000000000000 + i * 3 + v),
    v < 2 ? `https://cdn.example.com/bulk/${i}-${v}.jpg` : '', v < 2 ? String(v + 1) : '', v < 2 ? `${title}, view ${v + 1}` : '',
    `${euros + 1}.99`, v === 0 ? 'active' : '',
  ])
}

/** Writes the CSV of `products` products to `file`, streaming (the file is never whole in memory). */
export async function writeCsv (file: string, products: number): Promise<number> {
  const out = createWriteStream(file)
  let bytes = 0
  const write = async (line: string): Promise<void> => {
    bytes += Buffer.byteLength(line)
    if (!out.write(line)) await once(out, 'drain')
  }
  await write(`${csvHeader.join(',')}\n`)
  for (let i = 0; i < products; i++) {
    await write(productRows(i).map((cells) => `${cells.map(quoted).join(',')}\n`).join(''))
  }
  out.end()
  await once(out, 'finish')
  return bytes
}
