import { z } from 'zod';

/** `POST /public/complaint-status`: in a body, so the secret is in no URL or access log. */
export const StatusCheckBody = z.strictObject({
  complaintNumber: z.string().trim().min(1).max(100),
  secret: z.string().min(1).max(200),
});
export type StatusCheckBody = z.infer<typeof StatusCheckBody>;
