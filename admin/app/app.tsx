// Routes under /app. Pages load lazily (one chunk each), so the first load is the shell and the login.
import { lazy, useEffect, type ReactNode } from 'react'
import { createBrowserRouter, Navigate, RouterProvider, useLocation, useNavigate } from 'react-router'
import { dropSession, isSessionExpired, onSessionChange, readSession } from './auth/session.js'
import { appBase } from './base.js'
import { WorkspaceProvider } from './extensions/context.js'
import { Layout } from './layout.js'
import { LoginPage } from './pages/login.js'
import { RouteError } from './route-error.js'

const page = (load: () => Promise<{ default: () => ReactNode }>) => {
  const Page = lazy(load)
  return <Page />
}

function RequireSession () {
  const location = useLocation()
  const session = readSession()
  if (session == null) return <Navigate to='/login' replace state={{ from: location.pathname + location.search }} />
  if (isSessionExpired(session)) {
    dropSession()
    return <Navigate to='/login?expired=1' replace state={{ from: location.pathname + location.search }} />
  }
  return <WorkspaceProvider><Layout /></WorkspaceProvider>
}

/** Sends the browser to the login page when the session ends (logout, or a 401: expired). */
function SessionWatch ({ children }: { children: ReactNode }) {
  const navigate = useNavigate()
  useEffect(() => onSessionChange((reason) => {
    if (reason === 'expired') void navigate('/login?expired=1', { replace: true })
    else if (reason === 'logout') void navigate('/login', { replace: true })
  }), [navigate])
  return <>{children}</>
}

const router = createBrowserRouter([
  { path: '/login', element: <SessionWatch><LoginPage /></SessionWatch>, errorElement: <RouteError /> },
  {
    path: '/',
    element: <SessionWatch><RequireSession /></SessionWatch>,
    errorElement: <RouteError />,
    children: [
      { index: true, element: page(() => import('./pages/dashboard.js')) },
      { path: 'products', element: page(() => import('./pages/products-list.js')) },
      { path: 'products/new', element: page(() => import('./pages/product-edit.js')) },
      { path: 'products/import', element: page(() => import('./pages/product-import.js')) },
      { path: 'products/:productId', element: page(() => import('./pages/product-edit.js')) },
      { path: 'orders', element: page(() => import('./pages/orders-list.js')) },
      { path: 'orders/:orderId', element: page(() => import('./pages/order-detail.js')) },
      { path: 'customers', element: page(() => import('./pages/customers-list.js')) },
      { path: 'customers/:customerId', element: page(() => import('./pages/customer-detail.js')) },
      { path: 'inventory', element: page(() => import('./pages/inventory.js')) },
      { path: 'payments', element: page(() => import('./pages/payments.js')) },
      { path: 'settings', element: page(() => import('./pages/settings.js')) },
      { path: 'users', element: page(() => import('./pages/admin-users.js')) },
      { path: 'roles', element: page(() => import('./pages/roles.js')) },
      { path: 'api-keys', element: page(() => import('./pages/api-keys.js')) },
      { path: 'audit', element: page(() => import('./pages/audit-log.js')) },
      { path: 'jobs', element: page(() => import('./pages/failed-jobs.js')) },
      { path: 'x/:plugin/:pageId/:recordId?', element: page(() => import('./extensions/plugin-page.js')) },
      { path: '*', element: page(() => import('./pages/not-found.js')) },
    ],
  },
], { basename: appBase })

export function App () {
  return <RouterProvider router={router} />
}
