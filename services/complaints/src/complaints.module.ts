import { Module } from '@nestjs/common';
import type { PlatformFeatures } from '@dinsos/platform';
import { serviceStandards, type ServiceStandardCatalogue } from '@dinsos/service-standards';
import { ComplaintModule } from './complaint/complaint.module';
import { complaintTimers } from './complaint/sla-breach.timer';
import { complaintsServiceName } from './complaints-config';
import { RepliesModule } from './replies/replies.module';
import { complaintProjections } from './sla-board/sla-board.projection';
import { SlaBoardModule } from './sla-board/sla-board.module';
import { StatusCheckModule } from './status-check/status-check.module';

/**
 * Complaints about the service: receiving on every channel, the lifecycle with its SLA clocks,
 * replies to the complainant, the public status check, and the SLA board per office.
 */
@Module({ imports: [ComplaintModule, RepliesModule, StatusCheckModule, SlaBoardModule] })
export class ComplaintsModule {}

/**
 * What complaints runs beside HTTP: its relay (complaint streams to dinsos.complaints.events.v1),
 * the SLA breach timers, the read models of its own streams (the SLA board and the public
 * status), and the standards (complaint clocks, channels, office calendars) it reads. It follows
 * no other context: a complaint names the case it contests itself.
 */
export function complaintsPlatformFeatures(
  standards: ServiceStandardCatalogue = serviceStandards,
): PlatformFeatures {
  return {
    relay: { service: complaintsServiceName },
    timers: { definitions: complaintTimers },
    projections: complaintProjections,
    standards,
  };
}
