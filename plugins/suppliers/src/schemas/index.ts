export * from './common.js'
export * from './suppliers.js'
export * from './purchase-orders.js'
export * from './carriers.js'
