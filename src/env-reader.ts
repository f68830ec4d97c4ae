/** One environment variable Perk cannot start with: its name, the value given, what is allowed. */
export interface ConfigProblem {
  name: string;
  value: string;
  allowed: string;
}

/** The configuration is refused; `problems` holds every bad variable, not only the first. */
export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(problems.map(describeConfigProblem).join('\n'));
    this.name = 'ConfigError';
  }
}

/** One line for a person: `PORT="http": allowed: a whole number 1..65535`. */
export function describeConfigProblem({ name, value, allowed }: ConfigProblem): string {
  return `${name}=${JSON.stringify(value)}: allowed: ${allowed}`;
}

/**
 * Reads variables and notes every bad one instead of throwing at the first, so a person fixes
 * them all in one go; `finish()` throws `ConfigError` when anything was noted. An empty variable
 * counts as unset, as a shell's `VAR=` means.
 */
export class EnvReader {
  private readonly problems: ConfigProblem[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  /** The variable's text, or undefined when unset or empty. */
  text(name: string): string | undefined {
    return this.env[name] || undefined;
  }

  /** A whole number written in plain digits within `min..max`. */
  wholeNumber(name: string, fallback: number, min: number, max: number): number;
  wholeNumber(name: string, fallback: undefined, min: number, max: number): number | undefined;
  wholeNumber(name: string, fallback: number | undefined, min: number, max: number) {
    const value = this.text(name);
    if (value === undefined) return fallback;
    const number = /^\d{1,15}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
    if (number >= min && number <= max) return number;
    this.refuse(name, value, `a whole number ${min}..${max}`);
    return fallback;
  }

  /** One of `choices`, compared without case. */
  oneOf<T extends string>(name: string, fallback: T, choices: readonly T[]): T {
    const value = this.text(name);
    if (value === undefined) return fallback;
    const choice = choices.find((c) => c === value.trim().toLowerCase());
    if (choice !== undefined) return choice;
    this.refuse(name, value, `one of ${choices.join(', ')}`);
    return fallback;
  }

  /** Notes a bad value found by the caller's own check. */
  refuse(name: string, value: string, allowed: string): void {
    this.problems.push({ name, value, allowed });
  }

  finish(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }
}
