import { historyPage } from '../audit/queries';
import { customerBlacklisting } from '../blocklist/customers';
import { couponsOf } from '../coupons/service';
import { creditOf } from '../credits/service';
import type { Db } from '../db/knex';
import { ordersOfCustomer } from '../orders/list';
import { recentOrdersOf } from '../orders/queries';
import { profileChoices } from '../settings/service';
import { BLOCKS, BLOCK_TITLES, type Block } from './commands';
import { customFieldsTab } from './custom-fields';
import { MAX_FILE_BYTES } from './files';
import { membershipsTab } from './memberships';
import * as lists from './lists';
import * as q from './queries';
import { type Link, timelineLocals } from './timeline-locals';

export const TABS = ['orders', 'subscriptions', 'custom-fields', 'memberships', 'files'] as const;
export type Tab = (typeof TABS)[number];

/** What one tab of the profile shows (the tab fragment's locals); `before`: the orders after that one. */
export async function tabData(db: Db, customerId: number, tab: Tab, before?: number) {
  switch (tab) {
    case 'orders':
      return ordersOfCustomer(db, customerId, { before });
    case 'subscriptions':
      return { purchases: await q.purchasesOf(db, customerId) };
    case 'custom-fields':
      return { ...(await customFieldsTab(db, customerId)), errors: {}, typed: null };
    case 'memberships':
      return { ...(await membershipsTab(db, customerId)), errors: {} };
    case 'files':
      return { files: await q.filesOf(db, customerId), maxMb: MAX_FILE_BYTES / 1024 / 1024 };
  }
}

/** Everything the profile page shows about one customer, read in parallel, with `tab` open. The settings row and
 * the newest orders are read once for every form that offers them (notes, credit, refunds, calls). */
export async function profile(db: Db, customer: q.CustomerRow, tab: Tab, now: Date) {
  const [
    history,
    transactions,
    fulfillments,
    isCustomer,
    duplicates,
    tabLocals,
    blacklisting,
    coupons,
    choices,
    orders,
  ] = await Promise.all([
    historyPage(db, customer.id),
    lists.transactionsPage(db, customer.id).then(lists.paged),
    lists.fulfillmentsPage(db, customer.id).then(lists.paged),
    q.hasPaidSale(db, customer.id),
    q.customersSharingContact(db, customer, customer.id),
    tabData(db, customer.id, tab),
    customerBlacklisting(db, customer.id, now),
    couponsOf(db, customer.id),
    profileChoices(db),
    recentOrdersOf(db, customer.id),
  ]);
  const credit = await creditOf(db, customer.id, { creditReasons: choices.credit_reasons, orders });
  const timeline = timelineLocals(transactions.rows as Link[], orders, choices.call_dispositions);
  const reasons = choices.refund_reasons;
  return {
    title: `${customer.first_name} ${customer.last_name}`.trim() || `Customer #${customer.id}`,
    customer,
    transactions: transactions.rows,
    transactionsMore: transactions.more,
    fulfillments: fulfillments.rows,
    fulfillmentsMore: fulfillments.more,
    isCustomer,
    duplicates,
    tab,
    tabs: TABS,
    reasons,
    blacklisting,
    credit,
    coupons,
    ...timeline,
    ...tabLocals,
    ...history,
    blocks: Object.keys(BLOCKS) as Block[],
    BLOCK_TITLES,
  };
}
