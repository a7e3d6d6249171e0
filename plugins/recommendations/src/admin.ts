import type { AdminExtension } from '@comptoir/core'

/** recommendations' pages in the admin dashboard (@comptoir/admin): models with a rebuild, placements, exclusions. */
export const recommendationsAdmin: AdminExtension = {
  nav: [
    { label: 'Recommendations', page: 'models', section: 'marketing', permission: 'recommendations:read' },
    { label: 'Placements', page: 'placements', section: 'marketing', permission: 'recommendations:read' },
  ],
  pages: [
    {
      id: 'models', title: 'Recommendation models', permission: 'recommendations:read',
      view: {
        kind: 'table', source: '/admin/recommendations/models',
        columns: [
          { key: 'model', label: 'Model', format: 'status' },
          { key: 'builtAt', label: 'Last built', format: 'datetime' },
          { key: 'rows', label: 'Rows', format: 'number' },
          { key: 'durationMs', label: 'Build time (ms)', format: 'number' },
        ],
        actions: [{ label: 'Rebuild every model now', method: 'POST', path: '/admin/recommendations/rebuilds', permission: 'recommendations:write', confirm: 'Rebuild the four models now? It runs as a background job.' }],
      },
    },
    {
      id: 'placements', title: 'Recommendation placements', permission: 'recommendations:read',
      view: {
        kind: 'table', source: '/admin/recommendations/placements', rowLink: 'placement',
        columns: [
          { key: 'placement', label: 'Placement' },
          { key: 'pins', label: 'Pinned products', format: 'json' },
          { key: 'exclusions', label: 'Excluded products', format: 'json' },
          { key: 'updatedAt', label: 'Updated', format: 'datetime' },
        ],
      },
    },
    {
      id: 'placement', title: 'Placement', permission: 'recommendations:read',
      view: {
        kind: 'detail', source: '/admin/recommendations/placements/:id',
        fields: [
          { key: 'placement', label: 'Placement' },
          { key: 'pins', label: 'Pinned products, in order', format: 'json' },
          { key: 'exclusions', label: 'Excluded products', format: 'json' },
          { key: 'updatedAt', label: 'Updated', format: 'datetime' },
        ],
      },
    },
    {
      id: 'exclusions', title: 'Products never recommended', permission: 'recommendations:read',
      view: {
        kind: 'table', source: '/admin/recommendations/exclusions',
        columns: [
          { key: 'productId', label: 'Product' },
          { key: 'reason', label: 'Reason' },
          { key: 'createdAt', label: 'Since', format: 'datetime' },
        ],
      },
    },
  ],
}
