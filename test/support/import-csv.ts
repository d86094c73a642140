import { COLUMNS } from '../../src/imports/columns';

/** CSV text in the import's column order from records naming only the columns they use. */
export function importCsv(rows: Record<string, string>[]): string {
  const cell = (v = '') => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

/** One customer's lines of a generated file: the customer, an order with an item, its charge, a subscription. */
export function customerLines(i: number): Record<string, string>[] {
  return [
    {
      record: 'customer',
      source_id: `C${i}`,
      first_name: 'Gen',
      last_name: `Erated${i}`,
      email: `gen${i}@old-crm.test`,
      country: 'US',
    },
    { record: 'order', source_id: `O${i}`, customer_id: `C${i}`, status: 'complete', date: '2025-03-01' },
    { record: 'item', source_id: `I${i}`, order_id: `O${i}`, sku: 'EYE-CREAM-1', quantity: '1', unit_price: '29.95' },
    {
      record: 'charge',
      source_id: `T${i}`,
      order_id: `O${i}`,
      amount: '29.95',
      status: 'approved',
      date: '2025-03-01',
    },
    {
      record: 'subscription',
      source_id: `S${i}`,
      order_id: `O${i}`,
      sku: 'GLOW-SERUM-1',
      unit_price: '69.95',
      status: 'paused',
    },
  ];
}
