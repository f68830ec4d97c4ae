import { operatorRoles } from '../access/permissions.ts';
import { ProblemCollector } from '../errors.ts';
import type { OperatorRole } from '../store/schema.ts';

export const passwordMinLength = 10;
export const passwordMaxLength = 200;

/** What an admin says about an operator; each field is checked, all problems answered at once. */
export interface OperatorFields {
  email?: string;
  name?: string;
  role?: OperatorRole;
  password?: string;
}

// Enough to catch a slip of the keyboard; whether the address works is the mail server's business.
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The form an e-mail is stored and looked up in: trimmed, lower case. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Adds every problem of `fields` (those present) to `problems`, with JSON pointers. */
export function checkOperatorFields(fields: OperatorFields, problems: ProblemCollector): void {
  if (fields.email !== undefined) {
    const email = normaliseEmail(fields.email);
    if (email.length > 254 || !emailPattern.test(email))
      problems.add('/email', 'invalid_email', 'Not an e-mail address');
  }
  if (fields.name !== undefined) {
    const name = fields.name.trim();
    if (name.length === 0 || name.length > 200)
      problems.add('/name', 'invalid_name', 'A name of 1 to 200 characters');
  }
  if (fields.role !== undefined && !operatorRoles.includes(fields.role))
    problems.add('/role', 'unknown_role', `Role is one of ${operatorRoles.join(', ')}`);
  if (fields.password !== undefined) checkPassword(fields.password, '/password', problems);
}

/** Length is the rule that matters (NIST SP 800-63B); no composition rules. */
export function checkPassword(password: string, field: string, problems: ProblemCollector): void {
  const length = [...password.normalize('NFC')].length;
  if (length < passwordMinLength)
    problems.add(field, 'password_too_short', `At least ${passwordMinLength} characters`);
  if (length > passwordMaxLength)
    problems.add(field, 'password_too_long', `At most ${passwordMaxLength} characters`);
}

export function refuseIfAny(check: (problems: ProblemCollector) => void): void {
  const problems = new ProblemCollector();
  check(problems);
  problems.throwIfAny();
}
