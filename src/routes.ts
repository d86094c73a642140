import { apiKeyRoutes } from './api/admin-routes';
import { auditRoutes } from './audit/routes';
import { authRoutes } from './auth/routes';
import { blocklistRoutes } from './blocklist/routes';
import { couponRoutes } from './coupons/routes';
import { creditRoutes } from './credits/routes';
import { cardRoutes } from './cards/routes';
import { customerRoutes } from './customers/routes';
import { dashboardRoutes } from './dashboard/routes';
import { emailRoutes } from './email/routes';
import { fulfillmentRoutes } from './fulfillments/routes';
import { orderRoutes } from './orders/routes';
import type { Route } from './http/types';
import { paymentRoutes } from './payments/routes';
import { qaRoutes } from './qa/routes';
import { portalRoutes } from './portal/routes';
import { productRoutes } from './products/routes';
import { reportRoutes } from './reports/routes';
import { purchaseRoutes } from './subscriptions/routes';
import { settingsRoutes } from './settings/routes';
import { importRoutes } from './imports/routes';
import { webhookRoutes } from './webhooks/routes';

/** The whole route table. Each domain lists its own routes, one line a route, each with its permission. */
export const routes: Route[] = [
  ...authRoutes,
  ...dashboardRoutes,
  // Before the customers' routes: GET /customers/:id/portal-links would otherwise match /customers/:id/:block.
  ...portalRoutes,
  ...creditRoutes,
  ...couponRoutes,
  // Before the customers' routes: their `/customers/:id/:block` would take `/customers/:id/payment-tools`.
  ...cardRoutes,
  ...customerRoutes,
  ...orderRoutes,
  ...paymentRoutes,
  ...qaRoutes,
  ...settingsRoutes,
  ...auditRoutes,
  ...fulfillmentRoutes,
  ...blocklistRoutes,
  ...reportRoutes,
  ...purchaseRoutes,
  ...productRoutes,
  ...emailRoutes,
  ...apiKeyRoutes,
  ...webhookRoutes,
  ...importRoutes,
];
