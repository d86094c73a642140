import { z } from 'zod';
import { actorOf, recordEvent } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Db } from '../db/knex';
import { moneyField } from '../http/forms';
import { fail, NotFoundError, type Result } from '../lib/results';

export const productById = (db: Db, id: number) => db('products').where({ id }).first();

export const productsWithOptions = async (db: Db) => {
  const [products, options] = await Promise.all([
    db('products').select('id', 'sku', 'name', 'kind', 'active').orderBy('name'),
    db('product_options').select('*').orderBy('id'),
  ]);
  return products.map((p) => ({ ...p, options: options.filter((o) => o.product_id === p.id) }));
};

const money = (label: string) => moneyField({ invalid: `Enter the ${label} like 39.95.` }).transform((v) => v ?? null);
const count = (label: string) =>
  z
    .union([
      z.literal('').transform(() => null),
      z.coerce.number().int(`${label} is a whole number.`).min(1, `${label} is at least 1.`).max(3650),
    ])
    .optional()
    .transform((v) => v ?? null);

/** A product with its first option: a one-time price, or trial price/days + rebill price/cycle (+ final cycle). */
const optionFields = {
  option_name: z.string().trim().min(1, 'Name the option, e.g. "30-day supply".').max(120),
  price: money('price'),
  trial_price: money('trial price'),
  trial_days: count('Trial days'),
  rebill_price: money('rebill price'),
  cycle_days: count('Cycle days'),
  final_cycle: count('Final cycle'),
};

type Terms = {
  kind: 'one_time' | 'continuity';
  price: number | null;
  rebill_price: number | null;
  cycle_days: number | null;
};
const requireTerms = (v: Terms, ctx: z.RefinementCtx) => {
  if (v.kind === 'one_time' && v.price === null)
    ctx.addIssue({ code: 'custom', path: ['price'], message: 'A one-time product needs its price.' });
  if (v.kind === 'continuity') {
    if (v.rebill_price === null)
      ctx.addIssue({ code: 'custom', path: ['rebill_price'], message: 'A continuity product needs its rebill price.' });
    if (v.cycle_days === null)
      ctx.addIssue({ code: 'custom', path: ['cycle_days'], message: 'A continuity product needs its cycle in days.' });
  }
};

export const productCommand = z
  .object({
    name: z.string().trim().min(1, 'Enter the product name.').max(120),
    sku: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9-]{2,40}$/, 'SKU: letters, digits and dashes.'),
    kind: z.enum(['one_time', 'continuity']),
    ...optionFields,
  })
  .superRefine(requireTerms);

/** Another option (variant) of an existing product, priced on the same terms as its kind. */
export const optionCommand = (kind: 'one_time' | 'continuity') =>
  z.object(optionFields).superRefine((v, ctx) => requireTerms({ ...v, kind }, ctx));

type OptionInput = z.infer<ReturnType<typeof optionCommand>>;
const optionRow = (kind: string, input: OptionInput) => {
  const continuity = kind === 'continuity';
  return {
    name: input.option_name,
    price_cents: input.price ?? 0,
    trial_price_cents: continuity ? (input.trial_price ?? 0) : null,
    trial_days: continuity ? (input.trial_days ?? 14) : null,
    rebill_price_cents: continuity ? input.rebill_price : null,
    cycle_days: continuity ? input.cycle_days : null,
    final_cycle: continuity ? input.final_cycle : null,
  };
};

export async function addOption(db: Db, user: SessionUser, productId: number, input: OptionInput): Promise<void> {
  await db.transaction(async (trx) => {
    const p = await trx('products').where({ id: productId }).forUpdate().first();
    const [{ n }] = await trx('product_options').where({ product_id: productId }).count({ n: '*' });
    await trx('product_options').insert({
      product_id: productId,
      sku: `${p.sku}-${Number(n) + 1}`,
      ...optionRow(p.kind, input),
    });
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'product.option_added',
      subject: { type: 'product', id: productId },
      summary: `Added the option ${input.option_name} to ${p.name}`,
      after: input,
    });
  });
}

export async function createProduct(
  db: Db,
  user: SessionUser,
  input: z.infer<typeof productCommand>,
): Promise<Result<{ id: number }, 'sku_taken'>> {
  return db.transaction(async (trx) => {
    // The first option is `<sku>-1`: another product's option may already carry it (option SKUs are unique too).
    if (
      await trx('product_options')
        .where({ sku: `${input.sku}-1` })
        .first('id')
    )
      return fail('sku_taken', 'That SKU is taken.', {
        sku: `That SKU is taken by an option (${input.sku}-1) of another product.`,
      });
    const [p] = await trx('products')
      .insert({ name: input.name, sku: input.sku, kind: input.kind })
      .onConflict('sku')
      .ignore()
      .returning('id');
    if (!p) return fail('sku_taken', 'That SKU is taken.', { sku: 'That SKU is taken.' });
    await trx('product_options').insert({ product_id: p.id, sku: `${input.sku}-1`, ...optionRow(input.kind, input) });
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'product.created',
      subject: { type: 'product', id: p.id },
      summary: `Created the product ${input.name} (${input.sku})`,
      after: input,
    });
    return { ok: true, id: p.id };
  });
}

export async function setProductActive(db: Db, user: SessionUser, id: number, active: boolean): Promise<void> {
  await db.transaction(async (trx) => {
    const p = await trx('products').where({ id }).forUpdate().first('name', 'active');
    if (!p) throw new NotFoundError('That product');
    if (p.active === active) return;
    await trx('products').where({ id }).update({ active });
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: active ? 'product.activated' : 'product.retired',
      subject: { type: 'product', id },
      summary: `${active ? 'Put back on sale' : 'Retired'} ${p.name}`,
    });
  });
}
