// RFC 9457 problems from the API, in words: title, detail and any field errors.

export interface Problem {
  status?: number
  title?: string
  detail?: string
  code?: string
  errors?: Array<{ pointer?: string, detail?: string }>
}

export class ApiError extends Error {
  readonly problem: Problem
  constructor (problem: Problem) {
    super(problemText(problem))
    this.problem = problem
  }
}

export function toProblem (error: unknown, status?: number): Problem {
  if (error instanceof ApiError) return error.problem
  if (error instanceof Error) return { title: 'Something went wrong', detail: error.message }
  if (error != null && typeof error === 'object') return { status, ...(error as Problem) }
  if (typeof error === 'string' && error !== '') return { status, title: error }
  return { status, title: status != null ? `The request failed (HTTP ${status})` : 'The request failed' }
}

export function problemText (problem: Problem): string {
  return [problem.title, problem.detail].filter((s) => s != null && s !== '').join(': ')
}

/** Unwraps an openapi-fetch result: the data, or throws an ApiError holding the problem. */
export function unwrap<T> (result: { data?: T, error?: unknown, response: Response }): T {
  if (result.error !== undefined || !result.response.ok) throw new ApiError(toProblem(result.error, result.response.status))
  return result.data as T
}
