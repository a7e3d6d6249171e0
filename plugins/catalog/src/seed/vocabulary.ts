/** Words and shapes the catalog generator draws from. */

export interface CategorySeed { handle: string, name: string, children?: CategorySeed[] }

export const categoryTree: CategorySeed[] = [
  { handle: 'apparel', name: 'Apparel', children: [
    { handle: 'tops', name: 'Tops', children: [{ handle: 't-shirts', name: 'T-Shirts' }, { handle: 'sweaters', name: 'Sweaters' }, { handle: 'shirts', name: 'Shirts' }] },
    { handle: 'bottoms', name: 'Bottoms', children: [{ handle: 'trousers', name: 'Trousers' }, { handle: 'shorts', name: 'Shorts' }] },
    { handle: 'outerwear', name: 'Outerwear', children: [{ handle: 'jackets', name: 'Jackets' }, { handle: 'coats', name: 'Coats' }] },
  ] },
  { handle: 'home', name: 'Home', children: [{ handle: 'kitchen', name: 'Kitchen' }, { handle: 'decor', name: 'Decor' }, { handle: 'bedding', name: 'Bedding' }] },
  { handle: 'accessories', name: 'Accessories', children: [{ handle: 'bags', name: 'Bags' }, { handle: 'hats', name: 'Hats' }, { handle: 'scarves', name: 'Scarves' }] },
]

/** A kind of product: its category, nouns, options and price band (EUR cents). */
export interface ProductKind {
  category: string
  type: string
  nouns: string[]
  sizes: string[] | null
  colours: boolean
  price: [number, number]
  grams: [number, number]
}

export const productKinds: ProductKind[] = [
  { category: 't-shirts', type: 'T-Shirt', nouns: ['T-Shirt', 'Tee', 'Crew Neck Tee'], sizes: ['XS', 'S', 'M', 'L', 'XL'], colours: true, price: [1500, 4500], grams: [150, 250] },
  { category: 'sweaters', type: 'Sweater', nouns: ['Sweater', 'Jumper', 'Cardigan'], sizes: ['S', 'M', 'L', 'XL'], colours: true, price: [4900, 14900], grams: [350, 700] },
  { category: 'shirts', type: 'Shirt', nouns: ['Shirt', 'Oxford Shirt', 'Overshirt'], sizes: ['S', 'M', 'L', 'XL'], colours: true, price: [3900, 8900], grams: [200, 350] },
  { category: 'trousers', type: 'Trousers', nouns: ['Chinos', 'Trousers', 'Jeans'], sizes: ['28', '30', '32', '34', '36'], colours: true, price: [5900, 12900], grams: [400, 800] },
  { category: 'shorts', type: 'Shorts', nouns: ['Shorts', 'Swim Shorts'], sizes: ['S', 'M', 'L'], colours: true, price: [2900, 5900], grams: [200, 300] },
  { category: 'jackets', type: 'Jacket', nouns: ['Jacket', 'Bomber', 'Field Jacket'], sizes: ['S', 'M', 'L', 'XL'], colours: true, price: [9900, 29900], grams: [700, 1400] },
  { category: 'coats', type: 'Coat', nouns: ['Coat', 'Parka', 'Trench Coat'], sizes: ['S', 'M', 'L'], colours: true, price: [14900, 39900], grams: [1200, 2200] },
  { category: 'kitchen', type: 'Kitchenware', nouns: ['Mug', 'Teapot', 'Bowl', 'Cutting Board'], sizes: null, colours: true, price: [900, 6900], grams: [200, 1500] },
  { category: 'decor', type: 'Decor', nouns: ['Vase', 'Candle', 'Cushion', 'Throw'], sizes: null, colours: true, price: [1500, 8900], grams: [200, 2000] },
  { category: 'bedding', type: 'Bedding', nouns: ['Duvet Cover', 'Pillowcase Set', 'Sheet'], sizes: ['Single', 'Double', 'King'], colours: true, price: [3900, 15900], grams: [500, 2500] },
  { category: 'bags', type: 'Bag', nouns: ['Tote', 'Backpack', 'Weekender', 'Crossbody Bag'], sizes: null, colours: true, price: [2900, 19900], grams: [300, 1500] },
  { category: 'hats', type: 'Hat', nouns: ['Beanie', 'Cap', 'Bucket Hat'], sizes: null, colours: true, price: [1900, 4900], grams: [80, 200] },
  { category: 'scarves', type: 'Scarf', nouns: ['Scarf', 'Snood'], sizes: null, colours: false, price: [2500, 8900], grams: [100, 300] },
]

export const adjectives = ['Classic', 'Organic', 'Relaxed', 'Heritage', 'Essential', 'Merino', 'Linen', 'Recycled', 'Vintage', 'Everyday',
  'Alpine', 'Coastal', 'Nordic', 'Urban', 'Heavyweight', 'Lightweight', 'Brushed', 'Waxed', 'Ribbed', 'Quilted', 'Handmade', 'Woven']
export const materials = ['Cotton', 'Wool', 'Cashmere', 'Denim', 'Canvas', 'Leather', 'Ceramic', 'Oak', 'Stoneware', 'Hemp', 'Corduroy', 'Flannel']
export const colours = ['Black', 'White', 'Navy', 'Olive', 'Sand', 'Rust', 'Grey', 'Forest', 'Burgundy', 'Sky', 'Ecru', 'Charcoal']
export const vendors = ['Atelier Nord', 'Maison Lumen', 'Fjord & Field', 'Casa Verde', 'Oak & Thread', 'Le Comptoir Basics', 'Kumo Studio', 'Harbour Goods']
export const tagWords = ['new', 'bestseller', 'sustainable', 'gift', 'limited', 'sale', 'organic', 'handmade', 'summer', 'winter']
export const phrases = [
  'Cut for everyday wear, with a fit that works on its own or layered.',
  'Made in a small family workshop, finished by hand.',
  'Garment-dyed for a soft, lived-in feel from the first day.',
  'Built to last: reinforced seams, and fabric that softens with every wash.',
  'Sourced from certified farms; every step of the supply chain is traceable.',
  'Machine washable at 30°C. Dry flat.',
]
