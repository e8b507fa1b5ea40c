export { languages, isLang, firstSupportedLang, type Lang, type Localized } from './lang.ts';
export {
  parseFormDefinition,
  DefinitionError,
  formDefinitionSchema,
  queueDefinitionSchema,
  fieldTypes,
  type FormDefinition,
  type FieldDefinition,
  type FieldOption,
  type QueueDefinition,
} from './definition.ts';
export { fileErrors, fileLimits, acceptedKinds } from './files.ts';
export { compileForm, validate, fieldErrors, isShown, prune, type CompiledForm, type FormValues, type FieldErrors, type Validation } from './compile.ts';
export { validationMessages, type ValidationMessages } from './locales/index.ts';
export { fileKinds, fileKindNames, type FileKind } from './file-kinds.ts';
