/** The Kafka APIs this client sends, by api key. */
export const ApiKey = {
  metadata: 3,
  saslHandshake: 17,
  apiVersions: 18,
  saslAuthenticate: 36,
} as const;

export type ApiKey = (typeof ApiKey)[keyof typeof ApiKey];
