import path from 'node:path';

// Inside the project: PostgreSQL runs as the postgres user and must be able to enter the folders.
export const TEST_ROOT = path.join(__dirname, '..', '..', '.test-data');
export const URL_FILE = path.join(TEST_ROOT, 'pg-url');
export const TEMPLATE = 'cd_template';
export const DEMO_TEMPLATE = 'cd_template_demo';
/** Where globalSetup writes the address of the local Stripe mock server (stripe-stateful-mock). */
export const STRIPE_URL_FILE = path.join(TEST_ROOT, 'stripe-url');
