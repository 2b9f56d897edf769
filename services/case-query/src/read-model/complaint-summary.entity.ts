import type { ComplaintSummary } from '@dinsos/case-summary';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One complaint, whether or not it names a case (a complaint about a case is also folded into
 * that case's summary). No personal data: the summary never holds the complainant or the text.
 */
@Entity({ name: 'complaint_summaries' })
export class ComplaintSummaryRow {
  @PrimaryColumn({ name: 'complaint_id', type: 'text' })
  complaintId!: string;

  @Column({ name: 'complaint_number', type: 'text', nullable: true })
  complaintNumber!: string | null;

  @Column({ name: 'office_code', type: 'text', nullable: true })
  officeCode!: string | null;

  @Column({ name: 'case_id', type: 'text', nullable: true })
  caseId!: string | null;

  @Column({ type: 'text', nullable: true })
  status!: string | null;

  @Column({ name: 'received_at', type: 'timestamptz', nullable: true })
  receivedAt!: Date | null;

  @Column({ name: 'last_position', type: 'text' })
  lastPosition!: string;

  @Column({ type: 'jsonb' })
  summary!: ComplaintSummary;
}
