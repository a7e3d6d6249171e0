import { Page, PageQuery, Type, type Static } from '@comptoir/core'
import { Id, NullableString, NullableTimestamp, Timestamp } from './common.js'

export const ImportStatus = Type.Union([
  Type.Literal('uploading'), Type.Literal('queued'), Type.Literal('running'), Type.Literal('completed'), Type.Literal('failed'),
])
export type ImportStatus = Static<typeof ImportStatus>

export const ProductImport = Type.Object({
  id: Id,
  status: ImportStatus,
  filename: NullableString,
  bytesTotal: Type.Integer(),
  bytesRead: Type.Integer(),
  progress: Type.Integer({ minimum: 0, maximum: 100, description: 'Percent of the file read' }),
  rowsProcessed: Type.Integer(),
  rowsFailed: Type.Integer(),
  productsCreated: Type.Integer(),
  productsUpdated: Type.Integer(),
  variantsCreated: Type.Integer(),
  variantsUpdated: Type.Integer(),
  error: NullableString,
  createdAt: Timestamp,
  startedAt: NullableTimestamp,
  finishedAt: NullableTimestamp,
})
export type ProductImport = Static<typeof ProductImport>
export const ProductImportPage = Page(ProductImport)

/** One rejected row of an import: the rest of the file is imported regardless. */
export const ImportRowError = Type.Object({
  row: Type.Integer({ description: 'Row of the file as a spreadsheet shows it (the header is row 1)' }),
  column: NullableString,
  reason: Type.String(),
})
export type ImportRowError = Static<typeof ImportRowError>
export const ImportRowErrorPage = Page(ImportRowError)

export const ImportParams = Type.Object({ importId: Id }, { additionalProperties: false })
export type ImportParams = Static<typeof ImportParams>

export const ImportUploadQuery = Type.Object({
  filename: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
}, { additionalProperties: false })
export type ImportUploadQuery = Static<typeof ImportUploadQuery>

export const ImportPageQuery = Type.Object({ ...PageQuery.properties }, { additionalProperties: false })
export type ImportPageQuery = Static<typeof ImportPageQuery>
