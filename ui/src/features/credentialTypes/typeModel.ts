// The custom type editor's values, their checks (the core's rules for a custom type, see
// validate_custom in src/credentials/types.rs) and their conversion to the `CustomTypeDefinition` the
// core saves and the `CredentialType` the preview renders. Pure functions: tested without rendering.
import type { CredentialType } from "../../bindings/CredentialType";
import type { CustomTypeDefinition } from "../../bindings/CustomTypeDefinition";
import type { FieldKind } from "../../bindings/FieldKind";
import type { InputField } from "../../bindings/InputField";

export type InputFormat = "" | "url" | "pem" | "duration";

/** One input as edited; `default` as text (JSON for list and object inputs). */
export interface InputDraft {
  /** Stable across reorders and renames (React keys); never sent. */
  key: string;
  id: string;
  label: string;
  type: FieldKind;
  required: boolean;
  secret: boolean;
  multiline: boolean;
  format: InputFormat;
  choices: string[];
  default: string;
  help: string;
}

export interface TypeDraft {
  id: string;
  label: string;
  description: string;
  inputs: InputDraft[];
}

export const KIND_LABELS: Record<FieldKind, string> = {
  string: "Text",
  boolean: "Yes / no",
  integer: "Whole number",
  object: "JSON object",
  list: "List of texts",
};

export const FORMAT_LABELS: Record<Exclude<InputFormat, "">, string> = {
  url: "URL",
  pem: "PEM (key or certificate)",
  duration: "ISO-8601 duration",
};

const TYPE_ID = /^[a-z0-9][a-z0-9_.-]{0,127}$/;
const INPUT_ID = /^[a-z][a-z0-9_]*$/;

let nextKey = 0;
function newKey(): string {
  nextKey += 1;
  return `input-${String(nextKey)}`;
}

export function emptyInput(): InputDraft {
  return {
    key: newKey(),
    id: "",
    label: "",
    type: "string",
    required: false,
    secret: false,
    multiline: false,
    format: "",
    choices: [],
    default: "",
    help: "",
  };
}

export function emptyDraft(): TypeDraft {
  return { id: "", label: "", description: "", inputs: [emptyInput()] };
}

function defaultText(field: InputField): string {
  const value = field.default;
  if (value === null || value === undefined) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

function asFormat(format: string | null): InputFormat {
  return format === "url" || format === "pem" || format === "duration" ? format : "";
}

/** The editor's values for an existing type. */
export function draftOf(type: CredentialType): TypeDraft {
  return {
    id: type.id,
    label: type.label,
    description: type.description,
    inputs: type.inputs.map((field) => ({
      key: newKey(),
      id: field.id,
      label: field.label,
      type: field.type,
      required: field.required,
      secret: field.secret,
      multiline: field.multiline,
      format: asFormat(field.format),
      choices: field.choices,
      default: defaultText(field),
      help: field.help,
    })),
  };
}

/** A default as the core stores it, or `undefined` when the text does not fit the kind. */
function parseDefault(input: InputDraft): unknown {
  const text = input.default.trim();
  if (text === "") return null;
  switch (input.type) {
    case "string":
      return input.default;
    case "integer":
      return /^-?\d+$/.test(text) ? Number(text) : undefined;
    case "boolean":
      return text === "true" ? true : text === "false" ? false : undefined;
    case "list":
    case "object": {
      try {
        const parsed: unknown = JSON.parse(text);
        if (input.type === "list") {
          return Array.isArray(parsed) && parsed.every((item) => typeof item === "string") ? parsed : undefined;
        }
        return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? parsed : undefined;
      } catch {
        return undefined;
      }
    }
  }
}

const DEFAULT_HINT: Record<FieldKind, string> = {
  string: "",
  integer: "Enter a whole number",
  boolean: "Choose true or false",
  list: 'Enter a JSON list of texts, for example ["a", "b"]',
  object: 'Enter a JSON object, for example {"key": "value"}',
};

/**
 * The core's checks, keyed by form path (`id`, `inputs.2.id`, …). `builtinIds`: ids the type may not
 * take; the core refuses them too (and a taken custom id), this only says so sooner.
 */
export function validateDraft(draft: TypeDraft, builtinIds: string[]): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!TYPE_ID.test(draft.id)) {
    errors.id = "Use 1 to 128 characters of a-z, 0-9, '_', '.' and '-', starting with a letter or digit";
  } else if (builtinIds.includes(draft.id)) {
    errors.id = `${draft.id} is a built-in type: choose another id`;
  }
  if (draft.label.trim() === "") errors.label = "The type needs a label";
  if (draft.inputs.length === 0) errors.inputs = "The type needs at least one input";
  const seen = new Set<string>();
  draft.inputs.forEach((input, index) => {
    const at = `inputs.${String(index)}`;
    if (!INPUT_ID.test(input.id)) {
      errors[`${at}.id`] = "Use a-z, 0-9 and '_', starting with a letter";
    } else if (seen.has(input.id)) {
      errors[`${at}.id`] = `${input.id} is defined twice`;
    }
    seen.add(input.id);
    if (input.label.trim() === "") errors[`${at}.label`] = "Give the input a label";
    if (input.secret && input.type !== "string") errors[`${at}.secret`] = "Only text inputs can be sensitive";
    if (!input.secret && parseDefault(input) === undefined) errors[`${at}.default`] = DEFAULT_HINT[input.type];
  });
  return errors;
}

/** What the core saves. Options a kind does not use are dropped (a format only for text, …). */
export function toDefinition(draft: TypeDraft): CustomTypeDefinition {
  return {
    id: draft.id.trim(),
    label: draft.label.trim(),
    description: draft.description.trim(),
    inputs: draft.inputs.map(toField),
  };
}

function toField(input: InputDraft): InputField {
  const text = input.type === "string";
  const parsed = input.secret ? null : parseDefault(input);
  return {
    id: input.id.trim(),
    label: input.label.trim() === "" ? input.id.trim() : input.label.trim(),
    type: input.type,
    secret: text && input.secret,
    multiline: text && input.multiline,
    format: text && input.format !== "" ? input.format : null,
    choices: text && !input.secret ? input.choices : [],
    default: parsed === undefined ? null : parsed,
    required: input.required,
    help: input.help.trim(),
  };
}

/** The type as the credential form would get it, for the preview (what is not valid yet is left out). */
export function previewType(draft: TypeDraft): CredentialType {
  const definition = toDefinition(draft);
  const seen = new Set<string>();
  const inputs = definition.inputs.filter((field) => {
    const usable = INPUT_ID.test(field.id) && !seen.has(field.id);
    seen.add(field.id);
    return usable;
  });
  return {
    id: definition.id,
    label: definition.label === "" ? "Untitled type" : definition.label,
    description: definition.description,
    kind: "static",
    managed: false,
    inputs,
  };
}
