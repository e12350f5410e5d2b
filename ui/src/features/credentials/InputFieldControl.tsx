import { NumberInput, Select, Switch, TagsInput, Textarea, TextInput } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import type { ReactNode } from "react";

import type { InputField } from "../../bindings/InputField";
import { MONOSPACE } from "../secrets/SecretValueInput";
import type { CredentialFormValues } from "./formModel";
import { SecretPicker } from "./SecretPicker";

interface Props {
  field: InputField;
  form: UseFormReturnType<CredentialFormValues>;
  tenant: string;
  namespace: string;
  /** Narrower choices than the schema's (after discovery). */
  choices?: string[];
  /** Rendered as a preview of the form (the credential types editor): secret inputs list no secrets. */
  preview?: boolean;
}

/** One control generated from an input field of the type's schema. */
export function InputFieldControl({ field, form, tenant, namespace, choices, preview }: Props) {
  const path = `inputs.${field.id}`;
  const props = form.getInputProps(path);
  const value = form.getValues().inputs[field.id];
  const common = {
    label: field.label,
    description: field.help === "" ? undefined : field.help,
    required: field.required,
    withAsterisk: field.required,
    error: props.error as ReactNode,
    "data-testid": `field-${field.id}`,
  };
  const setValue = (next: CredentialFormValues["inputs"][string]) => {
    form.setFieldValue(path, next);
  };

  if (field.secret) {
    return (
      <SecretPicker
        tenant={tenant}
        namespace={namespace}
        fieldId={field.id}
        label={field.label}
        description={field.help}
        multiline={field.multiline}
        required={field.required}
        error={common.error}
        value={typeof value === "string" ? value : ""}
        onChange={setValue}
        preview={preview}
      />
    );
  }
  if (field.type === "boolean") {
    // A switch has no asterisk (Mantine would pass the prop on to the DOM).
    const switchProps = { ...common, withAsterisk: undefined };
    return (
      <Switch
        {...switchProps}
        checked={value === true}
        onChange={(event) => {
          setValue(event.currentTarget.checked);
        }}
      />
    );
  }
  if (field.type === "list") {
    return (
      <TagsInput
        {...common}
        placeholder="Type and press Enter"
        value={Array.isArray(value) ? value : []}
        onChange={setValue}
      />
    );
  }
  if (field.type === "object") {
    return (
      <Textarea
        {...common}
        description={field.help === "" ? "A JSON object" : `${field.help} A JSON object.`}
        placeholder='{"key": "value"}'
        autosize
        minRows={2}
        maxRows={10}
        styles={{ input: { fontFamily: MONOSPACE } }}
        spellCheck={false}
        value={typeof value === "string" ? value : ""}
        onChange={(event) => {
          setValue(event.currentTarget.value);
        }}
      />
    );
  }
  if (field.type === "integer") {
    return (
      <NumberInput
        {...common}
        allowDecimal={false}
        value={typeof value === "string" ? value : ""}
        onChange={(next) => {
          setValue(String(next));
        }}
      />
    );
  }
  const options = (choices ?? field.choices).filter((choice) => choice !== "");
  if (field.choices.length > 0) {
    return (
      <Select
        {...common}
        data={options}
        value={typeof value === "string" && value !== "" ? value : null}
        onChange={(next) => {
          setValue(next ?? "");
        }}
        clearable={!field.required}
        allowDeselect={!field.required}
      />
    );
  }
  if (field.multiline) {
    return (
      <Textarea
        {...common}
        autosize
        minRows={3}
        maxRows={12}
        styles={{ input: { fontFamily: MONOSPACE } }}
        spellCheck={false}
        value={typeof value === "string" ? value : ""}
        onChange={(event) => {
          setValue(event.currentTarget.value);
        }}
      />
    );
  }
  return (
    <TextInput
      {...common}
      placeholder={field.format === "url" ? "https://" : field.format === "duration" ? "PT1M" : undefined}
      autoComplete="off"
      spellCheck={false}
      value={typeof value === "string" ? value : ""}
      onChange={(event) => {
        setValue(event.currentTarget.value);
      }}
    />
  );
}
