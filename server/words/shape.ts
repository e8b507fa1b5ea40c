import type { Localized } from '../../forms/lang.ts';
import type { AddressCheckFacts, ApprovalMailFacts, TemplateFacts, TicketFacts } from '../mail/facts.ts';

/**
 * Every word the server says to a person, defined once: each language's file
 * (fr.ts, en.ts, de.ts) is typed with this shape, so a word missing in one
 * language fails the type check. Functions take what the sentence needs,
 * already formatted in that language.
 */
export interface ServerWords {
  /** The default message of each error code (server/errors.ts gives each its status). */
  errors: {
    bad_request: string;
    too_large: string;
    unauthenticated: string;
    not_eligible: string;
    forbidden: string;
    not_found: string;
    conflict: string;
    validation: string;
    idempotency_mismatch: string;
    unreadable_mail: string;
    rate_limited: string;
    unavailable: string;
    internal: string;
  };
  /** What is wrong with a request as HTTP carried it. */
  request: {
    malformed(where: string): string;
    sendJson: string;
    tooManyParts: string;
    nulCharacter: string;
    originRefused: string;
    anonymousFiles: string;
    noLoginPage: string;
    honeypot: string;
  };
  identity: {
    sessionExpired: string;
    sessionInvalid: string;
    idpUnreachable: string;
    directoryUnreachable: string;
    badMailAttribute: string;
  };
  eligibility: {
    /** Each affiliation in the case the refusals need: French with its preposition, German in the dative. */
    affiliations: { staff: string; faculty: string; student: string; employee: string; member: string; affiliate: string; alum: string; external: string };
    /** The last joiner of a list: " and ", " or ". */
    and: string;
    or: string;
    /** A group's name as quoted in a sentence. */
    quoted(name: string): string;
    noContact: string;
    /** `detail`: the contact's address and link, already in parentheses, or empty. */
    contact(name: string, detail: string): string;
    deniedAffiliation(affiliations: string, contact: string): string;
    affiliation(affiliations: string, contact: string): string;
    emailDomain(endings: string, contact: string): string;
    group(count: number, groups: string, contact: string): string;
  };
  states: {
    label: { new: string; open: string; pending: string; appointment: string; pending_auto_close: string; closed: string };
    event: {
      submitted: string;
      requester_message: string;
      agent_reply: string;
      step_approved: string;
      step_declined: string;
      state_changed: string;
      approved: string;
      rejected: string;
      auto_closed: string;
      reopened: string;
      feedback: string;
    };
    transition(from: string, to: string): string;
  };
  lifecycle: {
    lockedBy(name: string): string;
    notAgent: string;
    noWorkflow: string;
    confirm: string;
    untilRequired: string;
    unknownQueue: string;
    notRejectable: string;
    closedReply: string;
    changed: string;
    anonymised: string;
  };
  reports: {
    notAgent: string;
    noQueue: string;
    badDate: string;
    order: string;
    span(days: number): string;
  };
  requester: {
    /** What happens next, by state; `queue` is the queue's name. */
    waitingFor(queue: string): string;
    workingOn(queue: string): string;
    notClosed: string;
    windowOver: string;
    changed: string;
    alreadyAccepted: string;
    /** `kept` and `of` are character counts, formatted. */
    mailCut(kept: string, of: string): string;
    attachmentsNotKept(names: string): string;
    yes: string;
  };
  anonymous: {
    altchaMissing: string;
    altchaFailed: string;
    nameTooLong: string;
  };
  pages: {
    status: { title: string; intro: string };
    reopen: { title: string; intro: string };
  };
  dev: {
    sampleThanks: string;
    noReplyTo: string;
    badDuration(given: string): string;
  };
  mail: {
    signature: string;
    hello(name: string): string;
    helloNoName: string;
    /** "Label: value" as the language writes it. */
    labelled(label: string, value: string): string;
    /** A table's heading followed by its rows. */
    heading(text: string): string;
    follow: { text: string; label: string };
    replyHint: string;
    yourRequest: string;
    confirmation: { subject(f: TicketFacts): string; received(f: TicketFacts): string; personal: string };
    agentReply: { subject(f: TicketFacts): string; replied(f: TemplateFacts['agent_reply']): string };
    approved: { subject(f: TicketFacts): string; approved(f: TicketFacts): string; download: string; installHelp: string; closesAt(date: string): string };
    rejected: { subject(f: TicketFacts): string; rejected(f: TicketFacts): string; question: string };
    waiting: { subject(f: TemplateFacts['waiting']): string; now(f: TemplateFacts['waiting']): string };
    closed: { subject(f: TicketFacts): string; handled(f: TemplateFacts['closed']): string; notSolved: string };
    closure: {
      subject(f: TicketFacts): string;
      scheduled(f: TicketFacts): string;
      idle(f: TicketFacts): string;
      reopenUntil(date: string): string;
      link: string;
      linkLabel: string;
    };
    queueReopened: { subject(f: TicketFacts): string; reopened(f: TicketFacts): string };
    queueNewTicket: { subject(f: TicketFacts): string; from(f: TemplateFacts['queue_new_ticket']): string; heading: string; attachments: string };
    queueRequesterMessage: { subject(f: TicketFacts): string; wrote(f: TicketFacts): string };
    unanswered: { subject(count: number, queue: string): string; intro(queue: string): string; heading: string };
    addressCheck: { subject(f: AddressCheckFacts): string; prepared(f: AddressCheckFacts): string; link: string; linkLabel: string; notYou: string };
  };
  /** Approval steps by people outside the queue (services/approvals.ts, routes/approval-page.ts, mail/approval-templates.ts). */
  approval: {
    changed: string;
    notAgent: string;
    nothingToResend: string;
    addressNeeded: string;
    stepsNotApproved: string;
    /** The requester's next step while an outside approver decides. */
    requesterAwaiting(name: string): string;
    awaitingApprover(name: Localized): string;
    page: {
      title: string;
      intro(requester: string, form: string, number: string, step: string): string;
      request: string;
      requester: string;
      validUntil(until: string): string;
      approveHeading: string;
      approve: string;
      declineHeading: string;
      reason: string;
      decline: string;
      approved: string;
      declined: string;
      alreadyDecided(when: string, decision: 'approved' | 'declined'): string;
      expired: string;
      replaced: string;
      withdrawn: string;
      invalid: string;
      reasonNeeded: string;
    };
    mail: {
      hello: string;
      request: {
        subject(f: ApprovalMailFacts): string;
        reminderSubject(f: ApprovalMailFacts): string;
        intro(f: ApprovalMailFacts): string;
        reminder: string;
        link: string;
        label: string;
        valid(until: string): string;
        questions(queue: string): string;
        heading: string;
      };
      declined: { subject(f: ApprovalMailFacts): string; intro(f: ApprovalMailFacts, by: string): string; after: string };
      stuck: {
        subject(f: ApprovalMailFacts): string;
        unanswered(f: ApprovalMailFacts, who: string, since: string, reminders: number): string;
        nobody(f: ApprovalMailFacts, why: string): string;
        action: string;
      };
      /** Why nobody could be asked, in the queue's mail. */
      unresolved: { noAddress: string; notInDirectory(attribute: string): string };
    };
  };
}
