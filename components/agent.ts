// The agents' module, dist/agent/guichet-agent.js: the workspace ships apart
// from the requester embed, so that requesters never download it.
export { default as GuichetAgentInbox } from './agent-inbox/agent-inbox.ts';
