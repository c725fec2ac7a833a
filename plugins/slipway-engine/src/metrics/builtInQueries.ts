/**
 * The metrics a Canary may name without a query, per router, as templates
 * over `{{ namespace }}`, `{{ target }}` and `{{ interval }}`. They select
 * the canary's pods only: a pod of `web` is `web-<hash>-<id>`, one of
 * `web-primary` has one more dash-separated part, and Prometheus anchors
 * its regular expressions, so the primary's pods never match.
 *
 * - App Mesh: the Envoy sidecar's upstream counters and timings, labelled
 *   by Prometheus's pod discovery (`kubernetes_namespace`,
 *   `kubernetes_pod_name`), as App Mesh's Prometheus setup scrapes them.
 * - Gateway API and Kubernetes: no proxy beside every pod, so the
 *   service's own metrics in the Prometheus client libraries' convention:
 *   `http_requests_total{namespace, pod, code}` and the histogram
 *   `http_request_duration_seconds`.
 *
 * request-success-rate is a percentage of non-5xx responses;
 * request-duration is the 99th percentile in milliseconds (Flagger's units).
 */
const canaryPods = (podLabel: string, namespaceLabel: string) =>
  `${namespaceLabel}="{{ namespace }}",${podLabel}=~"{{ target }}-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)"`;

const successRate = (counter: string, codeLabel: string, pods: string) =>
  `sum(rate(${counter}{${pods},${codeLabel}!~"5.*"}[{{ interval }}])) / sum(rate(${counter}{${pods}}[{{ interval }}])) * 100`;

const p99 = (buckets: string, pods: string, toMilliseconds: string) =>
  `histogram_quantile(0.99, sum(rate(${buckets}{${pods}}[{{ interval }}])) by (le))${toMilliseconds}`;

const envoy = canaryPods('kubernetes_pod_name', 'kubernetes_namespace');
const application = canaryPods('pod', 'namespace');

const applicationQueries = {
  'request-success-rate': successRate(
    'http_requests_total',
    'code',
    application,
  ),
  'request-duration': p99(
    'http_request_duration_seconds_bucket',
    application,
    ' * 1000',
  ),
};

const BUILT_IN: Record<string, Record<string, string>> = {
  appmesh: {
    'request-success-rate': successRate(
      'envoy_cluster_upstream_rq',
      'envoy_response_code',
      envoy,
    ),
    'request-duration': p99('envoy_cluster_upstream_rq_time_bucket', envoy, ''),
  },
  gatewayapi: applicationQueries,
  kubernetes: applicationQueries,
};

/**
 * The query template of a built-in metric for a router, if it has one.
 *
 * @public
 */
export function builtInQuery(
  provider: string,
  metric: string,
): string | undefined {
  return BUILT_IN[provider]?.[metric];
}
