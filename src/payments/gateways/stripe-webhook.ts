import express, { type Request, type Response, type Router } from 'express';
import type Stripe from 'stripe';
import type { Deps } from '../../deps';
import { processStripeEvent } from './stripe-events';

/**
 * POST /gateways/stripe/events: Stripe's webhooks. A machine endpoint, not a page: Stripe proves
 * itself by signing the exact bytes it sent (checked by the library against STRIPE_WEBHOOK_SECRET),
 * so it takes the raw body and needs no session or CSRF token — which is why app.ts mounts it before
 * those, outside the page route table. Answers are short JSON in our words; a bad signature or body
 * is a 400, never a 500. Without Stripe configured there is nothing here (404).
 */
export function stripeWebhook(deps: Deps): Router {
  const router = express.Router();
  router.post('/gateways/stripe/events', express.raw({ type: () => true, limit: '512kb' }), (req, res) =>
    receive(deps, req, res),
  );
  return router;
}

async function receive(deps: Deps, req: Request, res: Response) {
  const secret = deps.config.stripe?.webhookSecret;
  if (!secret) return res.status(404).json({ error: 'Stripe webhooks are not configured here.' });
  const signature = req.get('stripe-signature');
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  let event: Stripe.Event;
  try {
    if (!signature) throw new Error('no signature');
    // Loaded here, not at start: only a deployment with Stripe pays for the library.
    const { webhooks }: typeof Stripe = require('stripe');
    event = webhooks.constructEvent(body, signature, secret);
  } catch {
    return res.status(400).json({ error: 'The Stripe-Signature header does not match this body.' });
  }
  if (typeof event?.id !== 'string' || typeof event.type !== 'string' || !event.data?.object)
    return res.status(400).json({ error: 'The body is not a Stripe event.' });
  try {
    return res.json({ received: true, outcome: await processStripeEvent(deps, event) });
  } catch (err) {
    // Not the sender's fault (the database, most likely): Stripe retries a non-2xx for three days.
    deps.logger.error({ err, event: event.id }, 'Stripe event not processed');
    return res.status(503).json({ error: 'The event could not be processed now; send it again later.' });
  }
}
