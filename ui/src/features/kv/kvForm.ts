// The create/edit form's values and checks. One text field holds the value for every type; it is
// parsed into typed JSON only when sent, so switching the type never loses what was typed.
import { useForm } from "@mantine/form";

import type { KvType } from "../../bindings/KvType";
import type { KvValueInput } from "../../bindings/KvValueInput";
import { atError, ttlError, type ExpiryState } from "./kvExpiry";
import { parseValueText } from "./kvValue";

export interface KvFormValues {
  key: string;
  type: KvType;
  text: string;
  description: string;
  expiry: ExpiryState;
}

/** What an edit loaded: an unchanged value is not sent again (nor checked again). */
export interface LoadedValue {
  type: KvType;
  text: string;
}

// Mirrors the core's KvKey rule so the form can refuse early; the core checks again.
const KV_KEY = /^[A-Za-z0-9_.-]+$/;

export function validateKvKey(value: string): string | null {
  if (value.length === 0) return "Enter a key, for example last_run.cursor";
  if (value.length > 255) return "At most 255 characters";
  return KV_KEY.test(value) ? null : "Use letters, digits, '_', '.' and '-' only (for example last_run.cursor)";
}

export function valueChanged(values: KvFormValues, loaded: LoadedValue | null): boolean {
  return loaded === null || values.type !== loaded.type || values.text !== loaded.text;
}

/** The value to send: typed JSON, or null to keep the stored one. Call after validation. */
export function valueInput(values: KvFormValues, loaded: LoadedValue | null): KvValueInput | null {
  if (!valueChanged(values, loaded)) return null;
  const parsed = parseValueText(values.type, values.text);
  if (!parsed.ok) throw new Error(parsed.error);
  return { type: values.type, value: parsed.value, parse: false };
}

export function useKvForm(initialValues: KvFormValues, loaded: LoadedValue | null) {
  return useForm<KvFormValues>({
    initialValues,
    validate: {
      key: (value) => (loaded === null ? validateKvKey(value) : null),
      text: (text, values) => {
        if (!valueChanged(values, loaded)) return null;
        const parsed = parseValueText(values.type, text);
        return parsed.ok ? null : parsed.error;
      },
      expiry: {
        otherTtl: (value, values) =>
          values.expiry.mode === "ttl" && values.expiry.preset === "other" ? ttlError(value) : null,
        at: (value, values) => (values.expiry.mode === "at" ? atError(value, Date.now()) : null),
      },
    },
  });
}

export type KvForm = ReturnType<typeof useKvForm>;
