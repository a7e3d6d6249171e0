export * from './events.js'
export * from './reports.js'
