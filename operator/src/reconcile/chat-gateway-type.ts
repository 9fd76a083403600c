import { ChatGatewayResource } from '../api/v1alpha1/index.js';
import type { ResourceType } from '../kube/index.js';

export const ChatGatewayType: ResourceType = {
  apiVersion: ChatGatewayResource.apiVersion,
  kind: ChatGatewayResource.kind,
  plural: ChatGatewayResource.plural,
};
