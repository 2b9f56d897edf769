import type { ServiceConfig } from '@dinsos/platform';
import { z } from 'zod';

export const complaintsServiceName = 'complaints';

/** The service's own variables, validated with the platform's shared ones at start. */
export const complaintsConfigSchema = {
  /**
   * Where replies by e-mail are sent (`smtp://user:password@host:587`, `smtps://…:465`). Unset:
   * they go to the development mail sink (table complaint_mail_sink) and are answered
   * `developmentSink`.
   */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  /** The From of replies by e-mail. */
  MAIL_FROM: z
    .string()
    .min(3)
    .max(300)
    .regex(/@/, 'must be an e-mail address, optionally with a name: "Name <a@b>"')
    .default('Pengaduan Dinas Sosial <pengaduan@dinsos.invalid>'),
  /** Public status checks a client address may make per window, across every instance. */
  STATUS_CHECK_LIMIT: z.coerce.number().int().min(1).max(10_000).default(10),
  /** The status check's rate-limit window, in seconds. */
  STATUS_CHECK_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3_600).default(60),
};

export type ComplaintsConfig = ServiceConfig<typeof complaintsConfigSchema>;
