import { useCallback, useEffect, useRef, useState } from 'react'
import { toProblem, type Problem } from '../api/problem.js'

export interface Loaded<T> { data: T | undefined, error: Problem | null, loading: boolean, reload: () => void }

/** Runs `load` when `deps` change; keeps the last data while reloading. */
export function useLoad<T> (load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [data, setData] = useState<T>()
  const [error, setError] = useState<Problem | null>(null)
  const [loading, setLoading] = useState(true)
  const [tick, setTick] = useState(0)
  const loadRef = useRef(load)
  loadRef.current = load
  useEffect(() => {
    let live = true
    setLoading(true)
    loadRef.current().then(
      (value) => { if (live) { setData(value); setError(null); setLoading(false) } },
      (err: unknown) => { if (live) { setError(toProblem(err)); setLoading(false) } },
    )
    return () => { live = false }
  }, [...deps, tick]) // eslint-disable-line react-hooks/exhaustive-deps
  const reload = useCallback(() => setTick((n) => n + 1), [])
  return { data, error, loading, reload }
}

/** A submit handler with its pending state and problem, for forms and action buttons. */
export function useAction<A extends unknown[]> (run: (...args: A) => Promise<unknown>) {
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<Problem | null>(null)
  const [done, setDone] = useState(false)
  const perform = useCallback(async (...args: A): Promise<boolean> => {
    setPending(true); setError(null); setDone(false)
    try {
      await run(...args)
      setDone(true)
      return true
    } catch (err) {
      setError(toProblem(err))
      return false
    } finally {
      setPending(false)
    }
  }, [run])
  return { perform, pending, error, done, setError }
}

/** `value`, once it has stopped changing for `ms` (a search box queries when typing pauses, not per key). */
export function useDebounced<T> (value: T, ms = 300): T {
  const [settled, setSettled] = useState(value)
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms)
    return () => clearTimeout(timer)
  }, [value, ms])
  return settled
}
