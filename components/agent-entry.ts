// The agents' module, dist/agent/guichet-agent.js: the workspace and the
// service figures ship apart from the requester embed, so that requesters
// never download them; and apart from each other, each loaded when its tag
// first appears in the page (internal/autoload.ts).
import { autoload } from './internal/autoload.ts';

autoload({
  'guichet-agent-inbox': () => import('./agent-inbox/agent-inbox.ts'),
  'guichet-queue-report': () => import('./queue-report/queue-report.ts'),
});
