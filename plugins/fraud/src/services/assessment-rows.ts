import type { Assessment, AssessmentStatus, Reason } from '../schemas.js'

export interface AssessmentRecord {
  id: string, order_id: string | null, order_number: string | null, cart_id: string, customer_id: string | null, email: string | null
  currency: string, total_amount: string | number, score: number, decision: Assessment['decision'], status: AssessmentStatus
  reasons: Reason[], radar: Record<string, unknown> | null, reviewed_by: string | null, reviewed_at: Date | null, review_note: string | null, created_at: Date
}

export const assessmentColumns = ['id', 'order_id', 'order_number', 'cart_id', 'customer_id', 'email', 'currency', 'total_amount', 'score', 'decision', 'status', 'reasons', 'radar', 'reviewed_by', 'reviewed_at', 'review_note', 'created_at'] as const

export function toAssessment (row: AssessmentRecord): Assessment {
  return {
    id: row.id, orderId: row.order_id, orderNumber: row.order_number, cartId: row.cart_id, customerId: row.customer_id, email: row.email,
    currency: row.currency.trim(), totalAmount: Number(row.total_amount), score: row.score, decision: row.decision, status: row.status,
    reasons: row.reasons, radar: row.radar, reviewedBy: row.reviewed_by, reviewedAt: row.reviewed_at == null ? null : new Date(row.reviewed_at).toISOString(),
    reviewNote: row.review_note, createdAt: new Date(row.created_at).toISOString(),
  }
}
