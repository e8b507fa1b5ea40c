/** The facts each mail quotes, already in the recipient's language: the templates and the words of every language read them. */

/** The facts every mail about a ticket may quote. */
export interface TicketFacts {
  number: string;
  formTitle: string;
  requesterName: string;
  queueName: string;
  statusLink: string;
  summary: readonly (readonly [string, string])[];
}

export interface TemplateFacts {
  confirmation: TicketFacts;
  agent_reply: TicketFacts & { agentName: string; body: string };
  approved: TicketFacts & { download: string | undefined; installHelp: string | undefined; closesAt: string };
  rejected: TicketFacts & { reason: string };
  waiting: TicketFacts & { stateLabel: string; until: string | undefined };
  closed: TicketFacts & { agentName: string };
  closure: TicketFacts & { reopenLink: string; reopenUntil: string; scheduled: boolean };
  queue_reopened: TicketFacts & { body: string };
  /** `attachments`: name and size of each file sent, listed, never attached. */
  queue_new_ticket: TicketFacts & { requesterEmail: string; attachments: readonly (readonly [string, string])[] };
  queue_requester_message: TicketFacts & { body: string };
}

export type TemplateKind = keyof TemplateFacts;

/** What the mail to an anonymous requester quotes; every value is escaped by the renderer. */
export interface AddressCheckFacts {
  formTitle: string;
  queueName: string;
  requesterName: string | undefined;
  email: string;
  /** The department page with `#confirm=…&form=…`: opening it changes nothing, its button POSTs. */
  confirmLink: string;
  validUntil: string;
  summary: readonly (readonly [string, string])[];
}

/** One line of the queue's daily list: a request the sweep closed with no agent's answer. */
export interface UnansweredClosure {
  number: string;
  formTitle: string;
  requesterName: string;
  createdAt: string;
  closedAt: string;
}

/** What the approval mails quote, already in the recipient's language. */
export interface ApprovalMailFacts {
  number: string;
  formTitle: string;
  requesterName: string;
  queueName: string;
  /** Who the step waits for, as the form names them ("the budget holder"). */
  stepName: string;
  summary: readonly (readonly [string, string])[];
}
