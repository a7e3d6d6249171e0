import { useEffect, useState } from 'react'
import { useLocation, useNavigate, useSearchParams } from 'react-router'
import { api } from '../api/client.js'
import { unwrap } from '../api/problem.js'
import { saveSession } from '../auth/session.js'
import { Form, Notice, TextField } from '../ui/components.js'
import { useAction } from '../ui/use-load.js'

export function LoginPage () {
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [params] = useSearchParams()
  const navigate = useNavigate()
  const location = useLocation()
  const from = (location.state as { from?: string } | null)?.from ?? '/'
  useEffect(() => { document.title = 'Sign in · Comptoir admin' }, [])
  const login = useAction(async () => {
    const session = unwrap(await api.POST('/admin/auth/sessions', { body: { email, password } }))
    saveSession({ token: session.token, expiresAt: session.expiresAt, email: session.adminUser.email })
    await navigate(from === '/login' ? '/' : from, { replace: true })
  })
  return (
    <main className='centered login'>
      <h1>Sign in to Comptoir</h1>
      {params.get('expired') != null && <Notice>Your session has expired: please sign in again.</Notice>}
      <Form onSubmit={login.perform} submitLabel='Sign in' pending={login.pending} problem={login.error}>
        <TextField label='Email' type='email' value={email} onChange={setEmail} required autoComplete='username' />
        <TextField label='Password' type='password' value={password} onChange={setPassword} required autoComplete='current-password' />
      </Form>
    </main>
  )
}
