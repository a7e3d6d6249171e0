import { Type } from '@comptoir/core'

/** Settings the carts read (keys `orders.<name>`; setting names are camelCase). */
export const cartSettings = {
  /** True: catalog prices include tax (tax is extracted from them); false: tax is added on top. */
  pricesIncludeTax: Type.Boolean({ default: false, description: 'Catalog prices include tax' }),
}
