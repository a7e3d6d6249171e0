import { api } from '../api/client.js'
import { unwrap } from '../api/problem.js'
import { ActionButton, DataTable, DateTime, Loading, PageHeader, Pager, ProblemAlert, useCursor } from '../ui/components.js'
import { useLoad } from '../ui/use-load.js'

export default function FailedJobsPage () {
  const paging = useCursor()
  const { data, error, loading, reload } = useLoad(async () => unwrap(await api.GET('/admin/jobs/failed', { params: { query: { limit: 50, ...(paging.cursor != null ? { cursor: paging.cursor } : {}) } } })), [paging.cursor])
  return (
    <>
      <PageHeader title='Failed jobs'><button type='button' className='secondary' onClick={reload}>Refresh</button></PageHeader>
      <ProblemAlert problem={error} />
      {loading && data == null ? <Loading /> : data != null && (
        <>
          <DataTable caption='Failed jobs' rows={data.items} rowKey={(j) => `${j.queue}:${j.id}`} empty='No failed jobs.' columns={[
            { label: 'Job', render: (j) => <><code>{j.name}</code><br /><small>{j.queue}</small></> },
            { label: 'Failed', render: (j) => <DateTime value={j.failedAt} /> },
            { label: 'Attempts', render: (j) => j.attemptsMade },
            { label: 'Reason', render: (j) => j.failedReason },
            { label: 'Payload', render: (j) => <details><summary>Payload</summary><pre className='json'>{JSON.stringify(j.payload, null, 2)}</pre></details> },
            { label: 'Actions', render: (j) => <ActionButton label={`Retry ${j.name}`} run={async () => unwrap(await api.POST('/admin/jobs/failed/{jobId}/retry', { params: { path: { jobId: j.id } } }))} onDone={reload} /> },
          ]} />
          <Pager hasPrevious={paging.hasPrevious} nextCursor={data.nextCursor} onFirst={paging.first} onNext={paging.next} />
        </>
      )}
    </>
  )
}
