import { RE2JS } from 're2js';

/**
 * An image-policy regular expression, run by RE2's linear-time engine: a
 * pattern from an annotation cannot make a replica backtrack for minutes.
 * Backreferences and lookaround, which need backtracking, are refused.
 *
 * @public
 */
export type TagPattern = {
  /** The version text of a matching tag (group `version`, else group 1, else the tag), or undefined. */
  versionOf(tag: string): string | undefined;
};

/**
 * Compiles an image-policy regular expression with RE2; throws with RE2's message when the pattern is not one it runs (backreferences, lookaround).
 *
 * @public
 */
export function compileTagPattern(pattern: string): TagPattern {
  const compiled = RE2JS.compile(pattern);
  const named = Object.keys(compiled.namedGroups?.() ?? {}).includes('version');
  return {
    versionOf(tag) {
      const m = compiled.matcher(tag);
      if (!m.find()) {
        return undefined;
      }
      if (named) {
        return m.group('version') ?? tag;
      }
      return compiled.groupCount() >= 1 ? m.group(1) ?? tag : tag;
    },
  };
}

/**
 * Why the pattern cannot be used, or undefined when it can.
 *
 * @public
 */
export function tagPatternProblem(pattern: string): string | undefined {
  try {
    compileTagPattern(pattern);
    return undefined;
  } catch (error) {
    const detail = (error as Error).message.replace(
      /^error parsing regexp: /,
      '',
    );
    return `is not a regular expression Slipway runs (RE2 syntax, no backreferences or lookaround): ${detail}`;
  }
}
