// The agents' tags, defined on import (tests, bundlers). Pages load the built
// agents' module, dist/agent/guichet-agent.js (agent-entry.ts): the workspace
// and the service figures ship apart from the requester embed, so that
// requesters never download them.
export { default as GuichetAgentInbox } from './agent-inbox/agent-inbox.ts';
export { default as GuichetQueueReport } from './queue-report/queue-report.ts';
