import { z } from 'zod';

export const KYC_KINDS = ['identity', 'address', 'funds'] as const;
export type KycKind = (typeof KYC_KINDS)[number];
export const KYC_LABELS: Record<KycKind, string> = {
  identity: 'Proof of identity',
  address: 'Proof of address',
  funds: 'Source of funds',
};
export const KYC_STATUSES = ['requested', 'pending', 'accepted', 'rejected'] as const;
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

/**
 * What a file is, read from its first bytes: JPEG, PNG or PDF, or null for anything else. The name
 * and the type the browser sent are never trusted (a renamed .exe stays an .exe).
 */
export function documentType(content: Buffer): 'image/jpeg' | 'image/png' | 'application/pdf' | null {
  if (content.length >= 3 && content[0] === 0xff && content[1] === 0xd8 && content[2] === 0xff) return 'image/jpeg';
  if (content.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (content.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  return null;
}

/** The agent's request: which documents, and what to tell the customer. */
export const kycRequest = z.object({
  kinds: z
    .preprocess(
      (v) => (v === undefined ? [] : [v].flat()),
      z.array(z.enum(KYC_KINDS, { message: 'Choose a kind of document.' })),
    )
    .refine((v) => v.length > 0, 'Choose at least one document.')
    .transform((v) => [...new Set(v)]),
  message: z
    .string({ message: 'Write what you need and why.' })
    .trim()
    .min(1, 'Write what you need and why.')
    .max(1000, 'Keep the message under 1000 characters.'),
  email: z.literal('1').optional().transform(Boolean),
});

/** The agent's review of an uploaded document: accept, or reject with a reason the customer reads. */
export const kycReview = z
  .object({
    decision: z.enum(['accept', 'reject'], { message: 'Choose accept or reject.' }),
    reason: z.string().trim().max(500, 'Keep the reason under 500 characters.').optional().default(''),
  })
  .refine((v) => v.decision === 'accept' || v.reason.length > 0, {
    path: ['reason'],
    message: 'Say why, in words the customer understands.',
  });
