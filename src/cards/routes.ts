import { get, patch, post } from '../http/route';
import * as cards from './handlers/instruments';
import * as money from './handlers/money';

export const cardRoutes = [
  get('/customers/:id/payment-tools', 'customers:view', cards.show),
  post('/customers/:id/payment-instruments', 'cards:manage', cards.add),
  post('/payment-instruments/:id/default', 'cards:manage', cards.giveRole('default')),
  post('/payment-instruments/:id/backup', 'cards:manage', cards.giveRole('backup')),
  post('/payment-instruments/:id/deactivation', 'cards:manage', cards.deactivate),
  patch('/payment-instruments/:id/expiry', 'cards:manage', cards.changeExpiry),
  patch('/payment-instruments/:id/billing-address', 'cards:manage', cards.changeAddress),
  post('/customers/:id/payouts', 'credits:manage', money.sendMoney),
  post('/customers/:id/collections', 'payments:collect', money.collect),
];
