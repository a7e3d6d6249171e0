import { NotFoundError, type Cradle, type Ctx } from '@comptoir/core'
import { CustomerErasedError } from '@comptoir/plugin-customers'
import { UnknownAssigneeError } from '../errors.js'

/** Checks an assignee is an admin user (kernel auth); throws CRM_UNKNOWN_ASSIGNEE otherwise. */
export async function checkAssignee (auth: Cradle['auth'], ctx: Ctx, assigneeId: string): Promise<void> {
  try {
    await auth.getAdminUser(ctx, assigneeId)
  } catch (error) {
    if (error instanceof NotFoundError) throw new UnknownAssigneeError(assigneeId)
    throw error
  }
}

/**
 * Checks a customer exists through the customers service (404 CUSTOMERS_CUSTOMER_NOT_FOUND) and
 * is not erased (409 CUSTOMERS_CUSTOMER_ERASED): crm writes nothing new about an erased person.
 */
export async function checkCustomer (customers: Cradle['customers'], ctx: Ctx, customerId: string): Promise<void> {
  const customer = await customers.get(ctx, customerId)
  if (customer.status === 'erased') throw new CustomerErasedError(customerId)
}
