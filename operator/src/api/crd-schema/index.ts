export { applyDefaults } from './apply-defaults.js';
export {
  asCustomResourceDefinition,
  crdVersion,
  type CustomResourceDefinition,
  type CustomResourceVersion,
} from './custom-resource-definition.js';
export type { DeepRequired, FieldDrift, FieldEntry, FieldsOf } from './field-types.js';
export {
  renderFieldsModule,
  schemaFields,
  valueFieldPaths,
  type FieldPresence,
  type SchemaField,
} from './schema-fields.js';
export {
  isRecord,
  mapValueSchema,
  propertyOf,
  schemaAt,
  type SchemaNode,
  type SchemaValidation,
} from './schema-node.js';
export { validateAgainstSchema } from './validate.js';
