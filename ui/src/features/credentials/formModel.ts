// The credential form's values, derived from a type's input schema, and their conversion to the
// `CredentialDefinition` the core validates. Pure functions: tested without rendering.
import type { CredentialDefinition } from "../../bindings/CredentialDefinition";
import type { CredentialDto } from "../../bindings/CredentialDto";
import type { CredentialSettings } from "../../bindings/CredentialSettings";
import type { CredentialType } from "../../bindings/CredentialType";
import type { InputField } from "../../bindings/InputField";

/** string and integer fields as text, object fields as JSON text, list fields as tags, booleans as such. */
export type FieldValue = string | boolean | string[];

export interface CredentialFormValues {
  type: string;
  name: string;
  description: string;
  /** A tenant-level credential (namespace null): visible in every namespace. */
  tenantLevel: boolean;
  inputs: Record<string, FieldValue>;
  settings: CredentialSettings;
}

export const DEFAULT_SETTINGS: CredentialSettings = { cache: true, refresh_before_expiry: "PT1M", timeout: "PT30S" };

const CREDENTIAL_NAME = /^[a-z0-9][a-z0-9_.-]{0,127}$/;

function fieldValue(field: InputField, value: unknown): FieldValue {
  switch (field.type) {
    case "boolean":
      return value === true;
    case "list":
      return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
    case "object":
      return value !== null && typeof value === "object" ? JSON.stringify(value, null, 2) : "";
    case "integer":
      return typeof value === "number" ? String(value) : "";
    case "string":
      return typeof value === "string" ? value : "";
  }
}

/** Inputs of a new credential: each field's default, else empty. */
export function defaultInputs(type: CredentialType): Record<string, FieldValue> {
  return Object.fromEntries(type.inputs.map((field) => [field.id, fieldValue(field, field.default)]));
}

export function initialValues(type: CredentialType, existing: CredentialDto | null): CredentialFormValues {
  if (existing === null) {
    return {
      type: type.id,
      name: "",
      description: "",
      tenantLevel: false,
      inputs: defaultInputs(type),
      settings: DEFAULT_SETTINGS,
    };
  }
  return {
    type: type.id,
    name: existing.name,
    description: existing.description,
    tenantLevel: existing.namespace === null,
    inputs: Object.fromEntries(type.inputs.map((field) => [field.id, fieldValue(field, existing.inputs[field.id])])),
    settings: existing.settings,
  };
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function isEmpty(value: FieldValue): boolean {
  return typeof value === "string" ? value.trim() === "" : Array.isArray(value) ? value.length === 0 : false;
}

/** Client-side checks that need no host (the core validates everything again). Keys are form paths. */
export function validateValues(type: CredentialType, values: CredentialFormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!CREDENTIAL_NAME.test(values.name)) {
    errors.name = "Use a-z, 0-9, '_', '.' and '-', starting with a letter or digit (for example okta-ci)";
  }
  for (const field of type.inputs) {
    const value = values.inputs[field.id] ?? "";
    const path = `inputs.${field.id}`;
    if (field.required && isEmpty(value)) {
      errors[path] = field.secret ? "Pick or create a secret" : `${field.label} is required`;
    } else if (field.type === "object" && typeof value === "string" && value.trim() !== "" && parseObject(value) === null) {
      errors[path] = 'Enter a JSON object, for example {"key": "value"}';
    } else if (field.type === "integer" && typeof value === "string" && value.trim() !== "" && !/^-?\d+$/.test(value.trim())) {
      errors[path] = "Enter a whole number";
    }
  }
  return errors;
}

/** The definition to apply or test. Empty inputs are left out (the core applies defaults). */
export function toDefinition(type: CredentialType, values: CredentialFormValues, namespace: string): CredentialDefinition {
  const inputs: Record<string, unknown> = {};
  for (const field of type.inputs) {
    const value = values.inputs[field.id];
    if (value === undefined || isEmpty(value)) continue;
    if (field.type === "object" && typeof value === "string") {
      inputs[field.id] = parseObject(value) ?? value;
    } else if (field.type === "integer" && typeof value === "string") {
      inputs[field.id] = Number(value.trim());
    } else {
      inputs[field.id] = typeof value === "string" ? value.trim() : value;
    }
  }
  return {
    namespace: values.tenantLevel ? null : namespace,
    name: values.name.trim(),
    type: type.id,
    description: values.description.trim(),
    inputs,
    settings: values.settings,
  };
}
