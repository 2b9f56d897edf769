import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@dinsos/auth';
import { ReadModel } from './read-model';

/** The read model's upkeep: a rebuild from the first event of the store (DESIGN.md section 5). */
@ApiTags('read model')
@Controller('read-model')
export class ReadModelController {
  constructor(private readonly readModel: ReadModel) {}

  @Post('rebuild')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Rebuild the read model from the first event of the store',
    description:
      'Empties the rows and the checkpoint in one transaction; every instance projects the store again from its first event in the background. Until it has caught up, answers reflect an earlier position (wait with X-Min-Position). Admins only.',
  })
  @Roles('admin')
  async rebuild(): Promise<{ rebuilding: true }> {
    await this.readModel.rebuild();
    return { rebuilding: true };
  }
}
