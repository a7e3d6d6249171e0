// Small SVG charts, no library: a bar chart of a daily series against the previous period's line.

export interface ChartPoint { label: string, value: number, previous?: number }

export function BarChart ({ title, points, format }: { title: string, points: ChartPoint[], format: (n: number) => string }) {
  const width = 640
  const height = 180
  const pad = 24
  const max = Math.max(1, ...points.map((p) => Math.max(p.value, p.previous ?? 0)))
  const step = points.length > 0 ? (width - pad * 2) / points.length : 0
  const y = (v: number) => height - pad - (v / max) * (height - pad * 2)
  const line = points.map((p, i) => p.previous == null ? null : `${pad + step * i + step / 2},${y(p.previous)}`).filter((s) => s != null).join(' ')
  const total = points.reduce((s, p) => s + p.value, 0)
  return (
    <figure className='chart'>
      <svg viewBox={`0 0 ${width} ${height}`} role='img' aria-label={`${title}: ${format(total)} over ${points.length} days`} preserveAspectRatio='none'>
        <line x1={pad} x2={width - pad} y1={height - pad} y2={height - pad} className='axis' />
        {points.map((p, i) => (
          <rect key={p.label} x={pad + step * i + step * 0.15} width={Math.max(1, step * 0.7)} y={y(p.value)} height={height - pad - y(p.value)} className='bar'>
            <title>{`${p.label}: ${format(p.value)}${p.previous != null ? ` (previous period ${format(p.previous)})` : ''}`}</title>
          </rect>
        ))}
        {line !== '' && <polyline points={line} className='previous' fill='none' />}
        <text x={pad} y={14} className='chart-label'>{format(max)}</text>
      </svg>
      <figcaption>{title} <span className='legend'><span className='swatch bar' /> this period <span className='swatch previous' /> previous period</span></figcaption>
    </figure>
  )
}
