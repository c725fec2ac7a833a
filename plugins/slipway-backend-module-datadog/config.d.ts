export interface Config {
  slipway?: {
    canary?: {
      /** Datadog, for Canary metrics with `provider: { type: datadog }`. */
      datadog?: {
        /** The API's base URL, e.g. https://api.datadoghq.eu; https://api.datadoghq.com by default. */
        site?: string;
        /** @visibility secret */
        apiKey: string;
        /** @visibility secret */
        applicationKey: string;
      };
    };
  };
}
