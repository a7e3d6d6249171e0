export const tags = ['crm']
export const read = { permission: 'crm:read' }
export const write = { permission: 'crm:write' }
