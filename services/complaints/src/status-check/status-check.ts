import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { CLOCK, DATABASE_POOL, type Clock } from '@dinsos/platform';
import type { SlaState } from '@dinsos/service-standards';
import type { Pool } from 'pg';
import {
  slaBoardRowOf,
  type BoardStatus,
  type ComplaintClockCode,
  type StoredSlaBoardRow,
} from '../sla-board/sla-board.projection';
import { boardClocksOf } from '../sla-board/sla-board.view';
import { statusSecretMatches } from './status-secrets';

/** What the public status check answers: the status and dates only. */
export interface PublicComplaintStatus {
  complaintNumber: string;
  status: BoardStatus;
  receivedAt: string | null;
  verifiedAt: string | null;
  declinedAt: string | null;
  respondedAt: string | null;
  resolvedAt: string | null;
  /** True while the office waits for the complainant (the clocks are paused). */
  waitingForComplainant: boolean;
  clocks: { clock: ComplaintClockCode; dueDate: string; dueAt: string; state: SlaState }[];
  asOf: string;
}

/** The one answer for a wrong secret and an unknown number alike. */
export const notFoundMessage = 'No complaint with this number and secret.';

/**
 * The public status check: the complaint number and the secret given at receipt. A wrong secret
 * and an unknown number answer the same 404 after the same work (scrypt against a stored or a
 * dummy hash). The answer holds the status and dates only: never personal data, the case or the
 * office's notes.
 */
@Injectable()
export class StatusCheck {
  constructor(
    @Inject(DATABASE_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async check(complaintNumber: string, secret: string): Promise<PublicComplaintStatus> {
    const { rows } = await this.pool.query<{ secret_hash: string; complaint_id: string }>(
      'select secret_hash, complaint_id from complaint_status_secrets where complaint_number = $1',
      [complaintNumber],
    );
    const found = rows[0];
    if (!(await statusSecretMatches(secret, found?.secret_hash))) {
      throw new NotFoundException(notFoundMessage);
    }
    const now = this.clock.now();
    const board = await this.pool.query<StoredSlaBoardRow>(
      'select * from complaint_sla_board where complaint_id = $1',
      [found.complaint_id],
    );
    // Between receipt and the board's row (a moment): received, with no date yet.
    const row = board.rows[0] ? slaBoardRowOf(board.rows[0]) : undefined;
    return {
      complaintNumber,
      status: row?.status ?? 'received',
      receivedAt: row?.receivedAt ?? null,
      verifiedAt: row?.verifiedAt ?? null,
      declinedAt: row?.declinedAt ?? null,
      respondedAt: row?.respondedAt ?? null,
      resolvedAt: row?.resolvedAt ?? null,
      waitingForComplainant: (row?.pausedSince ?? null) !== null,
      clocks: row
        ? boardClocksOf(row, now).map(({ clock, dueDate, dueAt, state }) => ({
            clock,
            dueDate,
            dueAt,
            state,
          }))
        : [],
      asOf: now.toISOString(),
    };
  }
}
