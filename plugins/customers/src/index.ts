import { definePlugin } from '@comptoir/core'
import { CustomersConfig } from './config.js'
import { customersEvents } from './events.js'
import { eraseDueRequests } from './jobs/erase-due-requests.js'
import { eraseExpiredDisabled } from './jobs/erase-expired-disabled.js'
import { customersPersonalData } from './personal-data.js'
import { adminRoutes } from './routes/admin.js'
import { storeRoutes } from './routes/store.js'
import { createAccountsService, type AccountsService } from './services/accounts.js'
import { createAddressesService, type AddressesService } from './services/addresses.js'
import { createConsentsService, type ConsentsService } from './services/consents.js'
import { createCustomersService, type CustomersService } from './services/customers.js'
import { createGroupsService, type GroupsService } from './services/groups.js'
import { createNotifierService, type NotifierService } from './services/notifier.js'
import { createPaymentMethodsService, type PaymentMethodsService } from './services/payment-methods.js'
import { createPrivacyService, type PrivacyService } from './services/privacy.js'
import { sendTokenMessage } from './subscribers/send-token-message.js'

export default definePlugin({
  name: 'customers',
  version: '0.1.0',
  core: '^0.1.0',
  dependsOn: {},
  config: CustomersConfig,
  services: {
    customers: createCustomersService,
    customersAccounts: createAccountsService,
    customersAddresses: createAddressesService,
    customersPaymentMethods: createPaymentMethodsService,
    customersConsents: createConsentsService,
    customersGroups: createGroupsService,
    customersPrivacy: createPrivacyService,
    customersNotifier: createNotifierService,
  },
  routes: { store: storeRoutes, admin: adminRoutes },
  migrations: new URL('./migrations/', import.meta.url),
  events: customersEvents,
  jobs: {
    'customers.erase-due-requests': eraseDueRequests,
    'customers.erase-expired-disabled': eraseExpiredDisabled,
  },
  subscribers: {
    'customers.password-reset.requested': sendTokenMessage,
    'customers.email-change.requested': sendTokenMessage,
  },
  permissions: ['customers:read', 'customers:write', 'customers:erase'],
  personalData: customersPersonalData,
})

export { CustomersConfig } from './config.js'
export { customersEvents, type CustomersEventName, type CustomersEventPayload } from './events.js'
export * from './errors.js'
export { Customer, CommunicationPreferences } from './schemas/customers.js'
export { Address } from './schemas/addresses.js'
export { PaymentMethod } from './schemas/payment-methods.js'
export { ConsentPurpose, ConsentState, consentPurposes } from './schemas/consents.js'
export { CustomerGroup } from './schemas/groups.js'
export type { CustomersService, AccountsService, AddressesService, PaymentMethodsService, ConsentsService, GroupsService, PrivacyService, NotifierService }

declare module '@comptoir/core' {
  interface Services {
    customers: CustomersService
    customersAccounts: AccountsService
    customersAddresses: AddressesService
    customersPaymentMethods: PaymentMethodsService
    customersConsents: ConsentsService
    customersGroups: GroupsService
    customersPrivacy: PrivacyService
    customersNotifier: NotifierService
  }
}
