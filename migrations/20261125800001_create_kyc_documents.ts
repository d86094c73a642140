import type { Knex } from 'knex';

// KYC documents: one row a customer and kind (identity, address, funds) that an agent asked for. The file
// itself is a row of `files` (in PostgreSQL, outside the web root, like the profile's attachments).
// Status: requested (waiting for the customer) → pending (uploaded, waiting for review) → accepted or
// rejected (with a reason the customer sees); asking again puts it back to requested.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE kyc_documents (
      id bigserial PRIMARY KEY,
      customer_id bigint NOT NULL REFERENCES customers ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('identity', 'address', 'funds')),
      status text NOT NULL CHECK (status IN ('requested', 'pending', 'accepted', 'rejected')),
      message text NOT NULL DEFAULT '',
      reject_reason text,
      file_id bigint REFERENCES files ON DELETE SET NULL,
      requested_by bigint REFERENCES users ON DELETE SET NULL,
      requested_at timestamptz NOT NULL,
      uploaded_at timestamptz,
      reviewed_by bigint REFERENCES users ON DELETE SET NULL,
      reviewed_at timestamptz,
      UNIQUE (customer_id, kind),
      CHECK (status <> 'rejected' OR reject_reason IS NOT NULL)
    );
    -- The search filter kyc=<status>: the customers with a document in that status, read from the index alone.
    CREATE INDEX kyc_documents_status ON kyc_documents (status, customer_id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE kyc_documents');
}
