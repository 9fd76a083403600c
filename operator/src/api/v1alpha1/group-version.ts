/** Where ChatGateway lives in the API; must match crds/chatgateways.cmf.io.yaml (checked by schema.test.ts). */
export const ChatGatewayResource = {
  group: 'cmf.io',
  version: 'v1alpha1',
  apiVersion: 'cmf.io/v1alpha1',
  kind: 'ChatGateway',
  listKind: 'ChatGatewayList',
  plural: 'chatgateways',
  singular: 'chatgateway',
  shortName: 'cgw',
  crdName: 'chatgateways.cmf.io',
} as const;
