import type { SessionUser } from '../../../src/auth/service';
import { customFieldsTab, saveCustomFields } from '../../../src/customers/custom-fields';
import { deleteDefinition, renameDefinition, retireDefinition } from '../../../src/customers/definition-changes';
import { addMembership, grantClubsForOrder, membershipsTab } from '../../../src/customers/memberships';
import { deleteRecycleProfile } from '../../../src/subscriptions/recycle-profiles';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { sessionUser } from '../../support/users';

const NOW = new Date('2026-11-26T12:00:00Z');

describe('renaming, retiring and deleting custom fields, clubs and recycle profiles', () => {
  let t: TestDatabase;
  let owner: SessionUser;
  let customerId: number;
  beforeAll(async () => {
    t = await createTestDatabase({ demo: true });
    owner = await sessionUser(t.db, 'owner@example.com');
    const [c] = await t.db('customers').insert({ first_name: 'Fern', email: 'fern@example.com' }).returning('id');
    customerId = Number(c.id);
  });
  afterAll(() => t.drop());

  const field = async (name: string) => {
    const [row] = await t.db('custom_field_definitions').insert({ name, kind: 'text' }).returning('id');
    return Number(row.id);
  };

  it('a renamed field keeps its values; a taken name is refused and nothing changes', async () => {
    const id = await field('Skin');
    await field('Hair');
    expect(await saveCustomFields(t.db, owner, customerId, { [`field_${id}`]: 'Dry' })).toEqual({ ok: true });
    expect(await renameDefinition(t.db, owner, 'field', id, 'Hair')).toMatchObject({
      ok: false,
      code: 'name_taken',
      fields: { [`field_${id}`]: 'There is already a custom field named Hair.' },
    });
    expect(await renameDefinition(t.db, owner, 'field', id, 'Skin type')).toMatchObject({ ok: true });
    const tab = await customFieldsTab(t.db, customerId);
    expect(tab.values).toMatchObject({ 'Skin type': 'Dry' });
    expect(await t.db('events').where({ kind: 'custom_field.renamed' }).first()).toMatchObject({
      summary: 'Renamed the custom field Skin to Skin type',
    });
  });

  it('a retired field is no longer offered on the form; its values keep showing; in use it cannot be deleted', async () => {
    const id = await field('Allergy');
    await saveCustomFields(t.db, owner, customerId, { [`field_${id}`]: 'Nuts' });
    expect(await retireDefinition(t.db, owner, 'field', id, NOW)).toMatchObject({ ok: true });
    const tab = await customFieldsTab(t.db, customerId);
    expect(tab.defs.map((d) => d.name)).not.toContain('Allergy');
    expect(tab.others).toContainEqual({ name: 'Allergy', value: 'Nuts' });
    const refused = await deleteDefinition(t.db, owner, 'field', id);
    expect(refused).toMatchObject({ ok: false, code: 'in_use' });
    expect(!refused.ok && refused.message).toBe(
      'Allergy is in use (1 customer value(s)) and cannot be deleted: retire it instead.',
    );
    expect(await t.db('custom_field_definitions').where({ id }).first()).toBeTruthy();
    const unused = await field('Unused');
    expect(await deleteDefinition(t.db, owner, 'field', unused)).toMatchObject({ ok: true });
    expect(await t.db('custom_field_definitions').where({ id: unused }).first()).toBeUndefined();
  });

  it('a club renamed renames its memberships; retired, nobody new joins it; in use it cannot be deleted', async () => {
    const [product] = await t.db('products').insert({ sku: 'GLOW', name: 'Glow', kind: 'continuity' }).returning('id');
    const [club] = await t.db('membership_clubs').insert({ name: 'Glow Club', product_id: product.id }).returning('id');
    expect(await addMembership(t.db, owner, customerId, club.id, NOW)).toEqual({ ok: true });
    expect(await renameDefinition(t.db, owner, 'club', club.id, 'Radiance Club')).toMatchObject({ ok: true });
    expect((await membershipsTab(t.db, customerId)).memberships[0]).toMatchObject({ club: 'Radiance Club' });

    expect(await retireDefinition(t.db, owner, 'club', club.id, NOW)).toMatchObject({ ok: true });
    expect((await membershipsTab(t.db, customerId)).clubs).toEqual([]);
    const [other] = await t.db('customers').insert({ first_name: 'Gus' }).returning('id');
    expect(await addMembership(t.db, owner, other.id, club.id, NOW)).toMatchObject({ ok: false, code: 'retired' });
    await t.db.transaction((trx) =>
      grantClubsForOrder(trx, NOW, { kind: 'job', name: 'test' }, 0, other.id, [product.id]),
    );
    expect(await t.db('customer_memberships').where({ customer_id: other.id })).toEqual([]);
    expect(await deleteDefinition(t.db, owner, 'club', club.id)).toMatchObject({ ok: false, code: 'in_use' });
    const [empty] = await t.db('membership_clubs').insert({ name: 'Empty Club' }).returning('id');
    expect(await deleteDefinition(t.db, owner, 'club', empty.id)).toMatchObject({ ok: true });
  });

  it('a recycle profile is deleted only when it is not the default and no product uses it', async () => {
    const standard = await t.db('recycle_profiles').where({ is_default: true }).first();
    expect(await deleteRecycleProfile(t.db, owner, standard.id)).toMatchObject({
      ok: false,
      message: 'Standard cannot be deleted: it is the default: make another profile the default first.',
    });
    const [used] = await t.db('recycle_profiles').insert({ name: 'Used' }).returning('id');
    await t.db('products').insert({ sku: 'USED', name: 'Used', kind: 'continuity', recycle_profile_id: used.id });
    expect(await deleteRecycleProfile(t.db, owner, used.id)).toMatchObject({
      ok: false,
      message: 'Used cannot be deleted: 1 product(s) use it: move them to another profile first.',
    });
    const [free] = await t.db('recycle_profiles').insert({ name: 'Free' }).returning('id');
    expect(await deleteRecycleProfile(t.db, owner, free.id)).toMatchObject({ ok: true });
    expect(await t.db('recycle_profiles').where({ id: free.id }).first()).toBeUndefined();
  });
});
