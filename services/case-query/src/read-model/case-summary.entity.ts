import type { CaseSummary } from '@dinsos/case-summary';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One case as the lists read it: the columns they filter and sort on, and the whole summary
 * (`@dinsos/case-summary`) for the detail. No schema named: the DataSource's search_path is the
 * service's schema. Nothing here depends on "now": overdue and SLA states are judged at the read.
 */
@Entity({ name: 'case_summaries' })
export class CaseSummaryRow {
  @PrimaryColumn({ name: 'case_id', type: 'text' })
  caseId!: string;

  @Column({ name: 'case_number', type: 'text', nullable: true })
  caseNumber!: string | null;

  /** The owning office (null until an event of the case's own path names it). */
  @Column({ name: 'office_code', type: 'text', nullable: true })
  officeCode!: string | null;

  @Column({ type: 'text', nullable: true })
  stage!: string | null;

  @Column({ name: 'custodian_kind', type: 'text', nullable: true })
  custodianKind!: string | null;

  @Column({ name: 'client_category', type: 'text', nullable: true })
  clientCategory!: string | null;

  @Column({ name: 'standard_code', type: 'text', nullable: true })
  standardCode!: string | null;

  @Column({ name: 'standard_version', type: 'integer', nullable: true })
  standardVersion!: number | null;

  @Column({ name: 'reported_at', type: 'timestamptz', nullable: true })
  reportedAt!: Date | null;

  @Column({ name: 'opened_at', type: 'timestamptz', nullable: true })
  openedAt!: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  /** The earliest due instant of the clocks still running; overdue once it has passed. */
  @Column({ name: 'next_due_at', type: 'timestamptz', nullable: true })
  nextDueAt!: Date | null;

  /** Clocks that stopped after their due instant (breaches already settled). */
  @Column({ name: 'late_clocks', type: 'integer' })
  lateClocks!: number;

  /** Offices that transferred the case away: they keep reading it (DESIGN.md section 2). */
  @Column({ name: 'read_grant_office_codes', type: 'text', array: true })
  readGrantOfficeCodes!: string[];

  /** The position of the last event folded in (the summary's `lastPosition`). */
  @Column({ name: 'last_position', type: 'text' })
  lastPosition!: string;

  @Column({ type: 'jsonb' })
  summary!: CaseSummary;
}
