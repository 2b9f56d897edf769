import { spawnSync } from 'node:child_process';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '../../../..');

describe('@dinsos/platform/domain', () => {
  it('loads no Nest, pg, kafkajs or TypeORM: deciders stay pure', () => {
    // A process of its own: Jest's module registry is not Node's.
    const probe = `
      const domain = require('@dinsos/platform/domain');
      const heavy = Object.keys(require.cache).filter((file) =>
        /node_modules\\/(@nestjs|pg|kafkajs|typeorm)\\//.test(file) || /libs\\/(event-store|messaging)\\//.test(file));
      console.log(JSON.stringify({ exports: Object.keys(domain).sort(), heavy }));`;
    const result = spawnSync(process.execPath, ['-r', '@swc-node/register', '-e', probe], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    const loaded = JSON.parse(result.stdout.trim().split('\n').pop()!);
    expect(loaded.heavy).toEqual([]);
    expect(loaded.exports).toEqual([
      'DomainRuleViolation',
      'UncataloguedEventError',
      'afterTransfer',
      'cataloguedEvent',
      'checkedAgainstCatalogue',
      'foldEvents',
      'given',
      'handOver',
      'procedureProgress',
      'recordedEvent',
      'stepsPerformedBy',
      'subjectIdsOf',
      'transferRecorded',
    ]);
  });

  it('gives the same DomainRuleViolation as the platform, so the edge answers 422 for it', async () => {
    const domain = await import('@dinsos/platform/domain');
    const platform = await import('../index');
    expect(domain.DomainRuleViolation).toBe(platform.DomainRuleViolation);
  });
});
