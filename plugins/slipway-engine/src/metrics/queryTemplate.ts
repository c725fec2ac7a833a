/** What a metric query may refer to: `{{ namespace }}`, `{{ target }}`, `{{ interval }}`. */
export type QueryVariables = {
  namespace: string;
  /** The canary's target Deployment. */
  target: string;
  /** The metric's interval as PromQL writes a range, e.g. `1m`. */
  interval: string;
};

/**
 * Fills a query's `{{ variable }}` placeholders. An unknown name is an
 * error rather than an empty string, which would make a query that silently
 * matches everything or nothing.
 */
export function renderQuery(template: string, variables: QueryVariables) {
  return template.replace(/\{\{\s*([a-zA-Z]+)\s*\}\}/g, (_, name: string) => {
    if (!(name in variables)) {
      throw new Error(
        `unknown variable {{ ${name} }} in the query; known: ${Object.keys(
          variables,
        ).join(', ')}`,
      );
    }
    return variables[name as keyof QueryVariables];
  });
}
