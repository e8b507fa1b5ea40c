// The agents' module, dist/agent/guichet-agent.js: the workspace and the
// service figures ship apart from the requester embed, so that requesters
// never download them.
export { default as GuichetAgentInbox } from './agent-inbox/agent-inbox.ts';
export { default as GuichetQueueReport } from './queue-report/queue-report.ts';
