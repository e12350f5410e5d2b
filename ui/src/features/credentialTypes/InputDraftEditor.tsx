import { ActionIcon, Checkbox, Fieldset, Group, Select, SimpleGrid, TagsInput, TextInput } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";

import type { FieldKind } from "../../bindings/FieldKind";
import { FORMAT_LABELS, KIND_LABELS, type InputDraft, type InputFormat, type TypeDraft } from "./typeModel";

interface Props {
  form: UseFormReturnType<TypeDraft>;
  index: number;
  count: number;
  readOnly: boolean;
  onMove: (by: number) => void;
  onRemove: () => void;
}

const KIND_OPTIONS = Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }));
const FORMAT_OPTIONS = [
  { value: "", label: "None" },
  ...Object.entries(FORMAT_LABELS).map(([value, label]) => ({ value, label })),
];

/** One input of a custom type: what the credential form asks for, and how. */
export function InputDraftEditor({ form, index, count, readOnly, onMove, onRemove }: Props) {
  const at = `inputs.${String(index)}`;
  const input: InputDraft | undefined = form.getValues().inputs[index];
  if (input === undefined) return null;
  const text = input.type === "string";
  const testId = (what: string) => `type-input-${String(index)}-${what}`;
  const patch = (changes: Partial<InputDraft>) => {
    const current = form.getValues().inputs[index];
    if (current !== undefined) form.replaceListItem("inputs", index, { ...current, ...changes });
  };

  return (
    <Fieldset
      legend={`Input ${String(index + 1)}${input.id === "" ? "" : `: ${input.id}`}`}
      disabled={readOnly}
      data-testid={`type-input-${String(index)}`}
    >
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
        <TextInput
          label="Id"
          description="In files and the API"
          placeholder="role_id"
          withAsterisk
          autoComplete="off"
          spellCheck={false}
          data-testid={testId("id")}
          {...form.getInputProps(`${at}.id`)}
        />
        <TextInput label="Label" placeholder="Role ID" withAsterisk data-testid={testId("label")} {...form.getInputProps(`${at}.label`)} />
        <Select
          label="Kind"
          data={KIND_OPTIONS}
          value={input.type}
          allowDeselect={false}
          onChange={(next) => {
            if (next === null) return;
            // Sensitive, multi-line, format and choices are for text inputs only.
            const toText = next === "string";
            patch({
              type: next as FieldKind,
              default: "",
              ...(toText ? {} : { secret: false, multiline: false, format: "", choices: [] }),
            });
          }}
          data-testid={testId("kind")}
        />
      </SimpleGrid>
      <Group gap="lg" mt="xs">
        <Checkbox label="Required" data-testid={testId("required")} {...form.getInputProps(`${at}.required`, { type: "checkbox" })} />
        <Checkbox
          label="Sensitive (a secret reference)"
          disabled={!text}
          data-testid={testId("secret")}
          {...form.getInputProps(`${at}.secret`, { type: "checkbox" })}
        />
        <Checkbox
          label="Multi-line"
          disabled={!text}
          data-testid={testId("multiline")}
          {...form.getInputProps(`${at}.multiline`, { type: "checkbox" })}
        />
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs" mt="xs">
        <Select
          label="Format"
          data={FORMAT_OPTIONS}
          value={input.format}
          disabled={!text}
          allowDeselect={false}
          onChange={(next) => {
            patch({ format: (next ?? "") as InputFormat });
          }}
          data-testid={testId("format")}
        />
        <TagsInput
          label="Choices"
          description="Offered as a list"
          placeholder={text && !input.secret ? "Type and press Enter" : undefined}
          disabled={!text || input.secret}
          value={input.choices}
          onChange={(next) => {
            patch({ choices: next });
          }}
          data-testid={testId("choices")}
        />
        {input.type === "boolean" ? (
          <Select
            label="Default"
            data={[
              { value: "true", label: "true" },
              { value: "false", label: "false" },
            ]}
            clearable
            value={input.default === "" ? null : input.default}
            onChange={(next) => {
              patch({ default: next ?? "" });
            }}
            error={form.getInputProps(`${at}.default`).error as string | undefined}
            data-testid={testId("default")}
          />
        ) : (
          <TextInput
            label="Default"
            disabled={input.secret}
            placeholder={input.type === "list" ? '["a", "b"]' : input.type === "object" ? '{"key": "value"}' : undefined}
            spellCheck={false}
            data-testid={testId("default")}
            {...form.getInputProps(`${at}.default`)}
          />
        )}
      </SimpleGrid>
      <Group align="flex-end" mt="xs" wrap="nowrap">
        <TextInput
          label="Help"
          description="Shown under the control"
          style={{ flex: 1 }}
          data-testid={testId("help")}
          {...form.getInputProps(`${at}.help`)}
        />
        {!readOnly && (
          <Group gap={4} wrap="nowrap">
            <ActionIcon
              variant="default"
              size="lg"
              aria-label={`Move input ${String(index + 1)} up`}
              disabled={index === 0}
              onClick={() => {
                onMove(-1);
              }}
              data-testid={testId("up")}
            >
              ↑
            </ActionIcon>
            <ActionIcon
              variant="default"
              size="lg"
              aria-label={`Move input ${String(index + 1)} down`}
              disabled={index === count - 1}
              onClick={() => {
                onMove(1);
              }}
              data-testid={testId("down")}
            >
              ↓
            </ActionIcon>
            <ActionIcon
              variant="light"
              color="red"
              size="lg"
              aria-label={`Remove input ${String(index + 1)}`}
              onClick={onRemove}
              data-testid={testId("remove")}
            >
              ✕
            </ActionIcon>
          </Group>
        )}
      </Group>
    </Fieldset>
  );
}
