import type { Knex } from 'knex';
import { createUser } from '../src/auth/service';
import { addDays, dayIn } from '../src/lib/clock';
import { newOrderPublicId } from '../src/lib/ids';
import { intBetween, pick, seededRandom } from '../src/lib/random';
import { instrumentFor } from '../src/payments/gateways/test-cards';

export const DEMO_PASSWORD = 'demo-password';

export const DEMO_USERS = [
  { email: 'owner@example.com', name: 'Olivia Owner', role: 'admin', isOwner: true },
  { email: 'lead@example.com', name: 'Leo Lead', role: 'cs_admin', isOwner: false },
  { email: 'agent@example.com', name: 'Ava Agent', role: 'agent', isOwner: false },
] as const;

const FIRST = [
  'James',
  'Mary',
  'John',
  'Patricia',
  'Robert',
  'Jennifer',
  'Michael',
  'Linda',
  'William',
  'Elizabeth',
  'David',
  'Barbara',
  'Richard',
  'Susan',
  'Joseph',
  'Jessica',
  'Thomas',
  'Sarah',
  'Charles',
  'Karen',
  'Daniel',
  'Nancy',
  'Matthew',
  'Lisa',
  'Anthony',
  'Betty',
  'Mark',
  'Sandra',
  'Paul',
  'Ashley',
  'Steven',
  'Emily',
  'Andrew',
  'Donna',
  'Kevin',
  'Michelle',
  'Brian',
  'Carol',
  'George',
  'Amanda',
];
const LAST = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Gonzalez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Perez',
  'Thompson',
  'White',
  'Harris',
  'Sanchez',
  'Clark',
  'Ramirez',
  'Lewis',
  'Robinson',
];
const STREETS = [
  'Main Street',
  'Oak Avenue',
  'Maple Drive',
  'Cedar Lane',
  'Pine Road',
  'Elm Street',
  'Lakeview Boulevard',
  'Sunset Court',
];
const CITIES: [string, string, string][] = [
  ['Austin', 'TX', '78701'],
  ['Denver', 'CO', '80202'],
  ['Portland', 'OR', '97201'],
  ['Columbus', 'OH', '43215'],
  ['Raleigh', 'NC', '27601'],
  ['Tampa', 'FL', '33602'],
  ['Phoenix', 'AZ', '85004'],
  ['Boise', 'ID', '83702'],
];
const FUNNELS = ['glow-summer', 'gummies-vsl', 'serum-quiz', 'eye-cream-launch'];
const PAGES = ['checkout', 'upsell-1', 'upsell-2', 'landing'];
const SOURCES = ['facebook', 'google', 'tiktok', 'newsletter', 'affiliate'];
const NOTES = [
  'Customer called about the next shipment date.',
  'Asked how to cancel; offered 20% off, customer kept the subscription.',
  'Address confirmed by phone.',
  'Customer says the parcel arrived damaged; photos requested.',
  'Explained the trial terms again.',
];
const APPROVING_CARDS = ['4111111111111111', '5555555555554444'];

interface Catalog {
  serum: {
    productId: number;
    optionId: number;
    name: string;
    trial: number;
    rebill: number;
    trialDays: number;
    cycleDays: number;
  };
  gummies: {
    productId: number;
    optionId: number;
    name: string;
    trial: number;
    rebill: number;
    trialDays: number;
    cycleDays: number;
    finalCycle: number;
  };
  eyeCream: { productId: number; optionId: number; name: string; price: number };
}

type Row = Record<string, unknown>;

/**
 * Demo data (docs/RULES.md §Demo data): about 200 customers with orders, purchases in every status,
 * sales in every state, fulfillments, notes, and the named customers the README lists. A fixed
 * random seed makes it the same on every machine; dates are relative to `now`.
 */
export async function seedDemo(knex: Knex, now: Date, timeZone = 'UTC'): Promise<void> {
  const random = seededRandom(20261123);
  const today = dayIn(now, timeZone);
  const ago = (days: number, hours = 10) =>
    new Date(now.getTime() - days * 86_400_000 - hours * 3_600_000 + 10 * 3_600_000);

  const userIds: number[] = [];
  for (const u of DEMO_USERS) userIds.push(await createUser(knex, { ...u, password: DEMO_PASSWORD }));
  const agentId = userIds[2];

  await knex.transaction(async (trx) => {
    const catalog = await seedCatalog(trx);
    const usedIds = new Set<string>();
    const orderId = () => {
      let id: string;
      do id = newOrderPublicId(random);
      while (usedIds.has(id));
      usedIds.add(id);
      return id;
    };

    const addCustomer = async (c: {
      first: string;
      last: string;
      email: string;
      phone: string;
      createdDaysAgo: number;
      tags?: string[];
    }) => {
      const [street, [city, state, zip]] = [
        `${intBetween(random, 10, 9800)} ${pick(random, STREETS)}`,
        pick(random, CITIES),
      ];
      const addr = (p: string) => ({
        [`${p}_address1`]: street,
        [`${p}_city`]: city,
        [`${p}_state`]: state,
        [`${p}_postal_code`]: zip,
        [`${p}_country`]: 'US',
      });
      const [row] = await trx('customers')
        .insert({
          first_name: c.first,
          last_name: c.last,
          email: c.email,
          phone: c.phone,
          ...addr('billing'),
          ...addr('shipping'),
          custom1: pick(random, FUNNELS),
          custom2: pick(random, PAGES),
          utm_source: pick(random, SOURCES),
          utm_medium: 'cpc',
          utm_campaign: 'fall-2026',
          tags: c.tags ?? [],
          created_at: ago(c.createdDaysAgo),
          updated_at: ago(c.createdDaysAgo),
        })
        .returning('id');
      return row.id as number;
    };

    const addCard = async (customerId: number, number: string) => {
      // A customer's first card is their default card, as on the profile.
      const role = (await trx('payment_instruments').where({ customer_id: customerId }).first('id')) ? null : 'default';
      const [row] = await trx('payment_instruments')
        .insert({ customer_id: customerId, ...instrumentFor(number), role })
        .returning('id');
      return row.id as number;
    };

    type SaleState = 'pending' | 'settled' | 'partially_refunded' | 'refunded' | 'voided' | 'declined';
    type PurchaseState = 'trial' | 'active' | 'paused' | 'cancel_scheduled' | 'recycling' | 'cancelled' | 'complete';

    const addOrder = async (o: {
      customerId: number;
      cardId: number;
      daysAgo: number;
      sale: SaleState;
      items: ('serum' | 'gummies' | 'eyeCream')[];
      purchase?: PurchaseState;
      fulfillment?: 'hold' | 'pending' | 'shipped' | 'delivered' | 'cancelled' | 'returned';
    }) => {
      const created = ago(o.daysAgo);
      const publicId = orderId();
      const lines = o.items.map((k) => {
        const p = catalog[k];
        const unit = 'price' in p ? p.price : p.trial;
        return {
          key: k,
          product_id: p.productId,
          product_option_id: p.optionId,
          name: p.name,
          quantity: 1,
          unit_price_cents: unit,
        };
      });
      const shipping = 495;
      const total = lines.reduce((s, l) => s + l.unit_price_cents * l.quantity, 0) + shipping;
      const status =
        o.sale === 'declined'
          ? 'declined'
          : o.sale === 'refunded' || o.sale === 'voided'
            ? 'refunded'
            : o.fulfillment === 'cancelled'
              ? 'cancelled'
              : o.fulfillment === 'delivered' || o.fulfillment === 'shipped'
                ? 'complete'
                : 'pending';
      const [order] = await trx('orders')
        .insert({
          public_id: publicId,
          customer_id: o.customerId,
          status,
          shipping_cents: shipping,
          decline_reason: o.sale === 'declined' ? 'Insufficient funds' : null,
          cancel_reason: status === 'cancelled' ? 'Customer request' : null,
          cancelled_at: status === 'cancelled' ? created : null,
          created_at: created,
          updated_at: created,
        })
        .returning('id');
      await trx('order_items').insert(lines.map(({ key: _k, ...l }) => ({ ...l, order_id: order.id })));

      let purchaseId: number | null = null;
      const continuity = lines.find((l) => l.key !== 'eyeCream');
      if (continuity && o.sale !== 'declined') {
        const p = catalog[continuity.key as 'serum' | 'gummies'];
        const state: PurchaseState = o.purchase ?? 'trial';
        // Rebill c (c >= 2) happened trialDays + (c - 2) × cycleDays after the order.
        const rebillsSoFar = 1 + Math.floor(Math.max(0, o.daysAgo - p.trialDays) / p.cycleDays);
        const cycle =
          state === 'trial'
            ? 1
            : state === 'complete'
              ? 'finalCycle' in p
                ? p.finalCycle
                : 3
              : 1 + Math.min(rebillsSoFar, intBetween(random, 1, 4));
        const nextBill =
          state === 'trial' || state === 'cancel_scheduled'
            ? addDays(dayIn(created, timeZone), p.trialDays)
            : state === 'paused'
              ? addDays(today, 20)
              : state === 'recycling'
                ? addDays(today, 1)
                : state === 'active'
                  ? addDays(today, intBetween(random, 1, 28))
                  : null;
        const [purchase] = await trx('purchases')
          .insert({
            order_id: order.id,
            customer_id: o.customerId,
            product_id: p.productId,
            product_option_id: p.optionId,
            payment_instrument_id: o.cardId,
            quantity: 1,
            unit_price_cents: p.rebill,
            billing_cycle: cycle,
            next_bill_date: nextBill,
            final_bill_cycle: 'finalCycle' in p ? p.finalCycle : null,
            trial_end: addDays(dayIn(created, timeZone), p.trialDays),
            status: state,
            recycle_attempts: state === 'recycling' ? 1 : 0,
            cancel_reason: state === 'cancelled' ? 'Customer request' : null,
            cancelled_at: state === 'cancelled' ? ago(Math.max(0, o.daysAgo - 10)) : null,
            created_at: created,
            updated_at: created,
          })
          .returning('id');
        purchaseId = purchase.id;
        // One approved rebill per cycle after the trial.
        for (let c = 2; c <= cycle; c++) {
          const when = ago(Math.max(1, o.daysAgo - p.trialDays - (c - 2) * p.cycleDays));
          await trx('transactions').insert({
            customer_id: o.customerId,
            order_id: order.id,
            purchase_id: purchaseId,
            payment_instrument_id: o.cardId,
            type: 'sale',
            status: 'settled',
            amount_cents: p.rebill,
            billing_cycle: c,
            gateway_reference: `demo_${publicId}_c${c}`,
            settled_at: when,
            created_at: when,
            updated_at: when,
          });
        }
      }

      const saleStatus = o.sale;
      const refunded =
        saleStatus === 'refunded' ? total : saleStatus === 'partially_refunded' ? Math.min(total - 1, 500) : 0;
      const [sale] = await trx('transactions')
        .insert({
          customer_id: o.customerId,
          order_id: order.id,
          purchase_id: purchaseId,
          payment_instrument_id: o.cardId,
          type: 'sale',
          status: saleStatus,
          amount_cents: total,
          refunded_cents: refunded,
          billing_cycle: 1,
          gateway_reference: saleStatus === 'declined' ? null : `demo_${publicId}`,
          gateway_message: saleStatus === 'declined' ? 'Insufficient funds' : 'Approved',
          settled_at: ['settled', 'partially_refunded', 'refunded'].includes(saleStatus) ? ago(o.daysAgo - 1) : null,
          created_at: created,
          updated_at: created,
        })
        .returning('id');
      // Which sale paid each line, as order entry records it (a line refund goes to that sale).
      await trx('order_items').where({ order_id: order.id }).update({ sale_id: sale.id });
      if (refunded > 0 || saleStatus === 'voided') {
        const type = saleStatus === 'voided' ? 'void' : 'refund';
        await trx('transactions').insert({
          customer_id: o.customerId,
          order_id: order.id,
          parent_id: sale.id,
          payment_instrument_id: o.cardId,
          type,
          status: 'approved',
          amount_cents: type === 'void' ? total : refunded,
          reason: 'Customer request',
          user_id: agentId,
          gateway_reference: `demo_${publicId}_${type}`,
          gateway_message: 'Approved',
          created_at: ago(Math.max(0, o.daysAgo - 2)),
        });
      }

      if (o.fulfillment && o.sale !== 'declined') {
        const shipped = ['shipped', 'delivered', 'returned'].includes(o.fulfillment);
        const [f] = await trx('fulfillments')
          .insert({
            order_id: order.id,
            customer_id: o.customerId,
            purchase_id: purchaseId,
            reference: `F-${publicId}`,
            status: o.fulfillment,
            carrier: shipped ? 'USPS' : null,
            tracking_number: shipped ? `9400${intBetween(random, 100000000, 999999999)}` : null,
            shipped_at: shipped ? ago(Math.max(0, o.daysAgo - 1)) : null,
            created_at: created,
            updated_at: created,
          })
          .returning('id');
        await trx('fulfillment_items').insert(
          lines.map((l) => ({
            fulfillment_id: f.id,
            product_option_id: l.product_option_id,
            name: l.name,
            quantity: l.quantity,
          })),
        );
      }
      return publicId;
    };

    const note = (customerId: number, body: string, daysAgo: number) =>
      trx('history_entries').insert({
        customer_id: customerId,
        kind: 'note',
        body,
        user_id: agentId,
        actor_name: 'Ava Agent',
        created_at: ago(daysAgo),
      });

    // The named customers the README points to, one per flow.
    const alice = await addCustomer({
      first: 'Alice',
      last: 'Refundable',
      email: 'alice.refundable@example.com',
      phone: '(512) 555-0101',
      createdDaysAgo: 40,
      tags: ['vip'],
    });
    await addOrder({
      customerId: alice,
      cardId: await addCard(alice, '4111111111111111'),
      daysAgo: 35,
      sale: 'settled',
      items: ['serum', 'eyeCream'],
      purchase: 'active',
      fulfillment: 'delivered',
    });
    await note(alice, 'Loves the serum; asked about a second bottle.', 20);

    const victor = await addCustomer({
      first: 'Victor',
      last: 'Voidable',
      email: 'victor.voidable@example.com',
      phone: '(303) 555-0102',
      createdDaysAgo: 0,
    });
    await addOrder({
      customerId: victor,
      cardId: await addCard(victor, '4111111111111111'),
      daysAgo: 0,
      sale: 'pending',
      items: ['gummies'],
      purchase: 'trial',
      fulfillment: 'pending',
    });

    const tara = await addCustomer({
      first: 'Tara',
      last: 'Trial',
      email: 'tara.trial@example.com',
      phone: '(503) 555-0103',
      createdDaysAgo: 4,
    });
    await addOrder({
      customerId: tara,
      cardId: await addCard(tara, '5555555555554444'),
      daysAgo: 4,
      sale: 'settled',
      items: ['serum'],
      purchase: 'trial',
      fulfillment: 'shipped',
    });

    const quinn = await addCustomer({
      first: 'Quinn',
      last: 'Queue',
      email: 'quinn.queue@example.com',
      phone: '(614) 555-0104',
      createdDaysAgo: 30,
    });
    await addOrder({
      customerId: quinn,
      cardId: await addCard(quinn, '4000000000000143'),
      daysAgo: 25,
      sale: 'settled',
      items: ['serum'],
      purchase: 'active',
      fulfillment: 'delivered',
    });

    const rita = await addCustomer({
      first: 'Rita',
      last: 'Recycling',
      email: 'rita.recycling@example.com',
      phone: '(919) 555-0105',
      createdDaysAgo: 50,
    });
    await addOrder({
      customerId: rita,
      cardId: await addCard(rita, '4000000000000002'),
      daysAgo: 45,
      sale: 'settled',
      items: ['gummies'],
      purchase: 'recycling',
      fulfillment: 'delivered',
    });

    const sam = await addCustomer({
      first: 'Sam',
      last: 'Shipped',
      email: 'sam.shipped@example.com',
      phone: '(813) 555-0106',
      createdDaysAgo: 8,
    });
    await addOrder({
      customerId: sam,
      cardId: await addCard(sam, '4111111111111111'),
      daysAgo: 7,
      sale: 'settled',
      items: ['eyeCream'],
      fulfillment: 'shipped',
    });

    for (const [i, email] of ['morgan.merge@example.com', 'morgan.merge@example.com'].entries()) {
      const m = await addCustomer({
        first: 'Morgan',
        last: 'Merge',
        email,
        phone: '(602) 555-0107',
        createdDaysAgo: 60 - i * 30,
      });
      await addOrder({
        customerId: m,
        cardId: await addCard(m, '4111111111111111'),
        daysAgo: 55 - i * 30,
        sale: 'settled',
        items: i ? ['eyeCream'] : ['serum'],
        purchase: 'active',
        fulfillment: 'delivered',
      });
      await note(m, i ? 'Second account: customer checked out again with the same email.' : 'First account.', 20 - i);
    }

    const larry = await addCustomer({
      first: 'Larry',
      last: 'Lead',
      email: 'larry.lead@example.com',
      phone: '(208) 555-0108',
      createdDaysAgo: 2,
    });
    await addOrder({
      customerId: larry,
      cardId: await addCard(larry, '4000000000000002'),
      daysAgo: 2,
      sale: 'declined',
      items: ['serum'],
    });

    // About 190 more, in every state.
    const saleStates: SaleState[] = [
      'settled',
      'settled',
      'settled',
      'settled',
      'pending',
      'partially_refunded',
      'refunded',
      'voided',
      'declined',
    ];
    const purchaseStates: PurchaseState[] = [
      'trial',
      'active',
      'active',
      'active',
      'paused',
      'cancel_scheduled',
      'recycling',
      'cancelled',
      'complete',
    ];
    const fulfillmentStates = [
      'delivered',
      'delivered',
      'shipped',
      'pending',
      'hold',
      'cancelled',
      'returned',
    ] as const;
    for (let i = 0; i < 192; i++) {
      const first = pick(random, FIRST);
      const last = pick(random, LAST);
      const created = intBetween(random, 0, 180);
      const id = await addCustomer({
        first,
        last,
        email: `${first}.${last}${i}@example.com`.toLowerCase(),
        phone: `(${intBetween(random, 201, 989)}) 555-${String(1000 + i).padStart(4, '0')}`,
        createdDaysAgo: created,
        tags: random() < 0.15 ? [pick(random, ['vip', 'wholesale', 'chargeback-risk', 'influencer'])] : [],
      });
      if (random() < 0.2) continue; // a lead: visited, never paid
      const card = await addCard(id, pick(random, APPROVING_CARDS));
      for (let n = intBetween(random, 1, 3); n > 0; n--) {
        const daysAgo = intBetween(random, 0, created);
        let sale = pick(random, saleStates);
        if (sale === 'pending' && daysAgo > 1) sale = 'settled'; // the gateway settles daily
        if (sale === 'voided' && daysAgo > 1) sale = 'refunded'; // only unsettled sales can be voided
        const items: ('serum' | 'gummies' | 'eyeCream')[] = [pick(random, ['serum', 'gummies', 'eyeCream'] as const)];
        if (random() < 0.3) items.push('eyeCream');
        let purchase = pick(random, purchaseStates);
        if (daysAgo < 14 && !['cancelled', 'cancel_scheduled'].includes(purchase)) purchase = 'trial';
        await addOrder({
          customerId: id,
          cardId: card,
          daysAgo,
          sale,
          items: [...new Set(items)],
          purchase,
          fulfillment: pick(random, fulfillmentStates),
        });
      }
      if (random() < 0.3) await note(id, pick(random, NOTES), intBetween(random, 0, created));
    }
  });
}

async function seedCatalog(trx: Knex.Transaction): Promise<Catalog> {
  const product = async (sku: string, name: string, kind: string, option: Row) => {
    const [p] = await trx('products').insert({ sku, name, kind }).returning('id');
    const [o] = await trx('product_options')
      .insert({ product_id: p.id, sku: `${sku}-1`, ...option })
      .returning('id');
    return { productId: p.id as number, optionId: o.id as number };
  };
  const serum = await product('GLOW-SERUM', 'Glow Serum', 'continuity', {
    name: '30-day supply',
    trial_price_cents: 495,
    trial_days: 14,
    rebill_price_cents: 6995,
    cycle_days: 30,
  });
  const gummies = await product('VITA-GUMMIES', 'Vita Gummies', 'continuity', {
    name: '60 gummies',
    trial_price_cents: 0,
    trial_days: 14,
    rebill_price_cents: 3995,
    cycle_days: 30,
    final_cycle: 6,
  });
  const eyeCream = await product('EYE-CREAM', 'Eye Cream', 'one_time', { name: '15 ml', price_cents: 2995 });
  await product('SHIP-PROTECT', 'Shipping Protection', 'one_time', { name: 'Standard', price_cents: 299 });
  return {
    serum: { ...serum, name: 'Glow Serum — 30-day supply', trial: 495, rebill: 6995, trialDays: 14, cycleDays: 30 },
    gummies: {
      ...gummies,
      name: 'Vita Gummies — 60 gummies',
      trial: 0,
      rebill: 3995,
      trialDays: 14,
      cycleDays: 30,
      finalCycle: 6,
    },
    eyeCream: { ...eyeCream, name: 'Eye Cream — 15 ml', price: 2995 },
  };
}
