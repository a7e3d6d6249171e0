export const tags = ['crm']
export const read = { permission: 'crm:read' }
export const write = { permission: 'crm:write' }
/** Writes whose body may hold personal data (notes, descriptions): audited without the body, which GDPR erasure could not reach there. */
export const privateWrite = { permission: 'crm:write', audit: { body: false as const } }
