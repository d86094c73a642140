import type { Request, Response } from 'express';
import { idParam, parseId } from '../http/params';
import { stringify } from 'csv-stringify';
import { pipeline } from 'node:stream/promises';
import { fieldErrors } from '../http/forms';
import { flash } from '../http/flash';
import { isHtmx, redirectAfter } from '../http/htmx';
import { fileUpload } from '../http/uploads';
import { HttpError, NotFoundError } from '../lib/results';
import { BLOCKS, BLOCK_TITLES, isBlock, merge, newCustomer, note, tag as tagCommand, type Block } from './commands';
import * as q from './queries';
import { refundReasons } from '../payments/queries';
import { customerBlacklisting } from '../blocklist/service';
import {
  CSV_COLUMNS,
  exportQuery,
  hasAnyFilter,
  searchCustomers,
  searchFilters,
  ORDER_STATUSES,
  PURCHASE_STATUSES,
} from './search';
import * as service from './service';

const id = (req: Request) => idParam(req, 'That customer');

async function loadCustomer(req: Request) {
  const customer = await q.customerById(req.deps.db, id(req));
  if (!customer) throw new NotFoundError('That customer');
  return customer;
}

const searchLocals = { ORDER_STATUSES, PURCHASE_STATUSES };

/** GET /customers: the search page, its results fragment (htmx), or a CSV export of every match. */
export async function search(req: Request, res: Response) {
  const parsed = searchFilters.safeParse(req.query);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    const locals = {
      ...searchLocals,
      title: 'Customer Service',
      filters: req.query,
      errors,
      hits: [],
      nextAfter: null,
      searched: true,
    };
    if (isHtmx(req)) return res.status(422).render('customers/_results', locals);
    return res.page('customers/index', locals, 422);
  }
  const filters = parsed.data;
  if (req.query.format === 'csv') return exportCsv(req, res, filters);
  const { hits, nextAfter } = await searchCustomers(req.deps.db, filters);
  const locals = {
    ...searchLocals,
    title: 'Customer Service',
    filters,
    errors: {},
    hits,
    nextAfter,
    searched: hasAnyFilter(filters),
  };
  if (isHtmx(req)) return res.render('customers/_results', locals);
  return res.page('customers/index', locals);
}

/** Streams rows from a server-side cursor through the CSV writer: memory stays flat whatever the count. */
async function exportCsv(req: Request, res: Response, filters: Parameters<typeof exportQuery>[1]) {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader(
    'Content-Disposition',
    `attachment; filename="customers-${req.deps.clock.now().toISOString().slice(0, 10)}.csv"`,
  );
  const rows = exportQuery(req.deps.db, filters).stream({ batchSize: 1000 }) as unknown as NodeJS.ReadableStream;
  const csv = stringify({
    header: true,
    columns: [...CSV_COLUMNS],
    cast: { date: (d) => d.toISOString(), object: (o) => (Array.isArray(o) ? o.join(';') : JSON.stringify(o)) },
  });
  await pipeline(rows, csv, res);
}

export async function show(req: Request, res: Response) {
  return res.page('customers/show', await profileLocals(req, 'orders'));
}

const TABS = ['orders', 'subscriptions', 'custom-fields', 'memberships', 'files'] as const;
type Tab = (typeof TABS)[number];

async function tabData(req: Request, customerId: number, tab: Tab) {
  const db = req.deps.db;
  switch (tab) {
    case 'orders':
      return { orders: await q.ordersOf(db, customerId) };
    case 'subscriptions':
      return { purchases: await q.purchasesOf(db, customerId) };
    case 'custom-fields':
      return { fields: await q.customFieldsOf(db, customerId) };
    case 'memberships':
      return { memberships: await q.membershipsOf(db, customerId) };
    case 'files':
      return { files: await q.filesOf(db, customerId), maxMb: service.MAX_FILE_BYTES / 1024 / 1024 };
  }
}

async function profileLocals(req: Request, tab: Tab) {
  const customer = await loadCustomer(req);
  const db = req.deps.db;
  const [history, transactions, fulfillments, duplicates, tabLocals, reasons, blacklisting] = await Promise.all([
    q.historyPage(db, customer.id),
    q.transactionsOf(db, customer.id),
    q.fulfillmentsOf(db, customer.id),
    q.customersSharingContact(db, customer, customer.id),
    tabData(req, customer.id, tab),
    refundReasons(db),
    customerBlacklisting(db, customer.id, req.deps.clock.now()),
  ]);
  return {
    title: `${customer.first_name} ${customer.last_name}`.trim() || `Customer #${customer.id}`,
    customer,
    transactions,
    fulfillments,
    duplicates,
    tab,
    tabs: TABS,
    reasons,
    blacklisting,
    ...tabLocals,
    history: history.slice(0, q.HISTORY_PAGE),
    historyMore: history.length > q.HISTORY_PAGE,
    blocks: Object.keys(BLOCKS) as Block[],
    BLOCK_TITLES,
  };
}

/** GET /customers/:id/orders (and the other tabs): the tab fragment for htmx, or the profile on that tab. */
export function tab(name: Tab) {
  return async (req: Request, res: Response) => {
    if (!isHtmx(req)) return res.page('customers/show', await profileLocals(req, name));
    const customer = await loadCustomer(req);
    return res.render(`customers/tabs/_${name}`, { customer, ...(await tabData(req, customer.id, name)) });
  };
}

function blockOf(req: Request): Block {
  if (!isBlock(String(req.params.block))) throw new NotFoundError('That part of the profile');
  return req.params.block as Block;
}

export async function showBlock(req: Request, res: Response) {
  return res.render('customers/_block', { customer: await loadCustomer(req), block: blockOf(req), BLOCK_TITLES });
}

export async function editBlock(req: Request, res: Response) {
  const block = blockOf(req);
  const customer = await loadCustomer(req);
  return res.render('customers/_block_form', {
    customer,
    block,
    values: customer,
    errors: {},
    message: null,
    BLOCK_TITLES,
  });
}

export async function updateBlock(req: Request, res: Response) {
  const block = blockOf(req);
  const parsed = BLOCKS[block].safeParse(req.body);
  if (!parsed.success) {
    const customer = await loadCustomer(req);
    return res.status(422).render('customers/_block_form', {
      customer,
      block,
      values: { ...customer, ...req.body },
      errors: fieldErrors(parsed.error),
      message: null,
      BLOCK_TITLES,
    });
  }
  const result = await service.editCustomerBlock(
    req.deps.db,
    req.user!,
    id(req),
    block,
    parsed.data,
    String(req.body.version ?? ''),
  );
  if (!result.ok && result.code === 'login_taken') {
    const customer = await loadCustomer(req);
    return res.status(422).render('customers/_block_form', {
      customer,
      block,
      values: { ...customer, ...req.body },
      errors: result.fields ?? {},
      message: null,
      BLOCK_TITLES,
    });
  }
  if (!result.ok) {
    const customer = await loadCustomer(req);
    return res.status(409).render('customers/_block_form', {
      customer,
      block,
      values: customer,
      errors: {},
      message: result.message,
      BLOCK_TITLES,
    });
  }
  res.render('customers/_block', {
    customer: result.customer,
    block,
    BLOCK_TITLES,
    history: await q.historyPage(req.deps.db, result.customer.id),
    oobHistory: true,
  });
}

export async function history(req: Request, res: Response) {
  const customer = await loadCustomer(req);
  const before = parseId(req.query.before) ?? undefined;
  const entries = await q.historyPage(req.deps.db, customer.id, before);
  return res.render('customers/_history_page', {
    customer,
    history: entries.slice(0, q.HISTORY_PAGE),
    historyMore: entries.length > q.HISTORY_PAGE,
  });
}

export async function addNote(req: Request, res: Response) {
  const customer = await loadCustomer(req);
  const parsed = note.safeParse(req.body);
  if (!parsed.success) {
    res.set({ 'HX-Retarget': '#note-form', 'HX-Reswap': 'outerHTML' });
    return res
      .status(422)
      .render('customers/_note_form', { customer, body: req.body.body ?? '', errors: fieldErrors(parsed.error) });
  }
  const entry = await service.addNote(req.deps.db, req.user!, customer.id, parsed.data.body);
  res.set('HX-Trigger', 'note-added');
  return res.status(201).render('customers/_history_entry', { entry });
}

export async function addTag(req: Request, res: Response) {
  const customer = await loadCustomer(req);
  const parsed = tagCommand.safeParse(req.body);
  if (!parsed.success)
    return res
      .status(422)
      .render('customers/_tags', { customer, errors: fieldErrors(parsed.error), value: req.body.tag ?? '' });
  customer.tags = await service.addTag(req.deps.db, req.user!, customer.id, parsed.data.tag);
  return res.render('customers/_tags', { customer, errors: {}, value: '' });
}

export async function removeTag(req: Request, res: Response) {
  const customer = await loadCustomer(req);
  customer.tags = await service.removeTag(req.deps.db, req.user!, customer.id, String(req.params.tag));
  return res.render('customers/_tags', { customer, errors: {}, value: '' });
}

export function newForm(_req: Request, res: Response) {
  return res.page('customers/new', { title: 'Add customer', values: {}, errors: {}, duplicates: [] });
}

export async function create(req: Request, res: Response) {
  const parsed = newCustomer.safeParse(req.body);
  if (!parsed.success)
    return res.page(
      'customers/new',
      { title: 'Add customer', values: req.body, errors: fieldErrors(parsed.error), duplicates: [] },
      422,
    );
  const duplicates = await q.customersSharingContact(req.deps.db, parsed.data);
  if (duplicates.length && parsed.data.confirm_duplicate !== '1') {
    return res.page('customers/new', { title: 'Add customer', values: req.body, errors: {}, duplicates }, 409);
  }
  const newId = await service.createCustomer(req.deps.db, req.user!, parsed.data);
  flash(req, 'success', 'Customer added.');
  redirectAfter(req, res, `/customers/${newId}`);
}

export async function mergeForm(req: Request, res: Response) {
  const customer = await loadCustomer(req);
  const sourceId = parseId(req.query.source);
  const source = sourceId ? await q.customerById(req.deps.db, sourceId) : undefined;
  if (!source || source.id === customer.id) throw new NotFoundError('The customer to merge');
  return res.page('customers/merge', {
    title: 'Merge customers',
    customer,
    source,
    moves: await service.mergePreview(req.deps.db, source.id),
  });
}

export async function mergeInto(req: Request, res: Response) {
  const kept = await loadCustomer(req);
  const parsed = merge.safeParse(req.body);
  if (!parsed.success) throw new HttpError(422, 'Choose the customer to merge.');
  if (!(await q.customerById(req.deps.db, parsed.data.source_id))) throw new NotFoundError('The customer to merge');
  const result = await service.mergeCustomers(req.deps.db, req.user!, kept.id, parsed.data.source_id);
  if (!result.ok) throw new HttpError(422, result.message);
  flash(req, 'success', `Customer #${parsed.data.source_id} was merged into this one.`);
  redirectAfter(req, res, `/customers/${kept.id}`);
}

export async function destroy(req: Request, res: Response) {
  const customer = await loadCustomer(req);
  const { cancelledPurchases } = await service.deleteCustomer(req.deps.db, req.user!, customer.id);
  flash(
    req,
    'success',
    `Deleted ${customer.first_name} ${customer.last_name}${cancelledPurchases ? ` and cancelled ${cancelledPurchases} live subscription(s)` : ''}.`,
  );
  redirectAfter(req, res, '/customers');
}

/** A refused upload (too large, malformed) shows the files tab again with the reason (422), nothing stored. */
export const receiveFile = fileUpload('file', service.MAX_FILE_BYTES, async (req, res, error) => {
  const customer = await loadCustomer(req);
  res
    .status(422)
    .render('customers/tabs/_files', { customer, ...(await tabData(req, customer.id, 'files')), error: error.message });
});

export async function addFile(req: Request, res: Response) {
  const customer = await loadCustomer(req);
  if (!req.file)
    return res.status(422).render('customers/tabs/_files', {
      customer,
      ...(await tabData(req, customer.id, 'files')),
      error: 'Choose a file first.',
    });
  await service.addFile(req.deps.db, req.user!, customer.id, req.file);
  return res
    .status(201)
    .render('customers/tabs/_files', { customer, ...(await tabData(req, customer.id, 'files')), error: null });
}

// Shown inline by the browser only when harmless; everything else is a plain download.
const INLINE_SAFE = new Set(['image/png', 'image/jpeg', 'image/gif', 'application/pdf', 'text/plain']);

export async function downloadFile(req: Request, res: Response) {
  const file = await req.deps
    .db('files')
    .select('filename', 'content_type', 'content')
    .where({ id: idParam(req, 'That file') })
    .first();
  if (!file) throw new NotFoundError('That file');
  res.setHeader('Content-Type', INLINE_SAFE.has(file.content_type) ? file.content_type : 'application/octet-stream');
  res.setHeader(
    'Content-Disposition',
    `attachment; filename="${file.filename.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
  );
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  res.send(file.content);
}
