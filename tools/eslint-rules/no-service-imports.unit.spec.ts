import path from 'node:path';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import rule from './no-service-imports';

const root = path.resolve(__dirname, '..', '..');
const file = (relative: string) => path.join(root, relative);

RuleTester.describe = describe;
RuleTester.it = it;
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser as never } });

tester.run('no-service-imports', rule, {
  valid: [
    {
      filename: file('services/intake/src/http/cases.controller.ts'),
      code: "import { decide } from '../domain/intake-case';",
    },
    {
      filename: file('services/intake/src/main.ts'),
      code: "import { EventStore } from '@dinsos/event-store';",
    },
    {
      filename: file('libs/messaging/src/relay.ts'),
      code: "import { topicFor } from '@dinsos/contracts';",
    },
    {
      filename: file('services/intake/src/main.ts'),
      code: "import { catalogue } from '@dinsos/service-standards';",
    },
    {
      filename: file('test/e2e/flow.e2e.spec.ts'),
      code: "import { bootstrap } from '../../services/intake/src/main';",
    },
  ],
  invalid: [
    {
      filename: file('services/intake/src/reactions/on-assessment.ts'),
      code: "import { decide } from '../../../assessment/src/domain/assessment';",
      errors: [{ messageId: 'serviceToService' }],
    },
    {
      filename: file('services/placement/src/main.ts'),
      code: "import { x } from '@dinsos/intake-service';",
      errors: [{ messageId: 'serviceToService' }],
    },
    {
      filename: file('libs/messaging/src/relay.ts'),
      code: "export { x } from '../../../services/intake/src/domain/intake-case';",
      errors: [{ messageId: 'libraryToService' }],
    },
    {
      filename: file('libs/contracts/src/index.ts'),
      code: "const intake = require('@dinsos/intake-service');",
      errors: [{ messageId: 'libraryToService' }],
    },
  ],
});
