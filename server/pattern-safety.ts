import { isSafePattern } from 'redos-detector';

/** The longest a pattern's check may take at start-up or in `forms check`; one that cannot be proven safe by then is refused. */
const checkMilliseconds = 2000;

// Forms are loaded again on reload and by every test runtime: each pattern is judged once per process.
const verdicts = new Map<string, string | undefined>();

/**
 * Why a form's `pattern` is refused, or undefined when it is safe: a pattern
 * that can backtrack catastrophically (`^(a+)+$`) would let one submission hold
 * the server (redos-detector proves, or fails to prove, that it cannot).
 */
export function unsafePattern(pattern: string): string | undefined {
  if (verdicts.has(pattern)) return verdicts.get(pattern);
  let verdict: string | undefined;
  try {
    const result = isSafePattern(pattern, { timeout: checkMilliseconds });
    if (!result.safe) {
      verdict =
        result.error === 'timedOut'
          ? `the pattern ${pattern} could not be proven free of catastrophic backtracking within ${checkMilliseconds} ms: simplify it`
          : `the pattern ${pattern} can backtrack catastrophically (its time can grow exponentially with the input): rewrite it without nested or overlapping repetition`;
    }
  } catch {
    verdict = `the pattern ${pattern} could not be checked for catastrophic backtracking: simplify it`;
  }
  verdicts.set(pattern, verdict);
  return verdict;
}
