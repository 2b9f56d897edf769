import { Module, type DynamicModule } from '@nestjs/common';
import { serviceStandards, type OfficeDirectory } from '@dinsos/service-standards';
import { WorklistController } from './worklist.controller';
import { WORKLIST_OFFICES, Worklist } from './worklist.query';

export interface WorklistModuleOptions {
  /** The offices with their time zones; default: Banten's (the seeds' catalogue). */
  offices?: OfficeDirectory;
}

/**
 * The worklist's HTTP side: `GET /assessments` and its reads. Its rows come from
 * `worklistProjection`, which the platform runs (PlatformFeatures.projections).
 */
@Module({})
export class WorklistModule {
  static register(options: WorklistModuleOptions = {}): DynamicModule {
    return {
      module: WorklistModule,
      controllers: [WorklistController],
      providers: [
        { provide: WORKLIST_OFFICES, useValue: options.offices ?? serviceStandards.offices },
        Worklist,
      ],
    };
  }
}
