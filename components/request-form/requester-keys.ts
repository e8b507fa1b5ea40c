/** Keys of the anonymous requester's controls, as the server's 422 names them (server/services/anonymous.ts). */
export const requesterName = 'requester.name';
export const requesterEmail = 'requester.email';
export const altchaKey = 'altcha';
