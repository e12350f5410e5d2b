import { Button, Group, Input, SegmentedControl, Stack, Text, Textarea, TextInput } from "@mantine/core";
import type { ReactNode } from "react";

import type { KvType } from "../../bindings/KvType";
import { MONOSPACE } from "../secrets/SecretValueInput";
import { parseInstant, parseValueText } from "./kvValue";

interface Props {
  type: KvType;
  value: string;
  onChange: (text: string) => void;
  error: ReactNode;
}

const TEST_ID = "kv-value-input";

/** Quick values for a duration (the same grammar as a TTL). */
const DURATION_PRESETS = [
  { value: "PT5M", label: "5 min" },
  { value: "PT15M", label: "15 min" },
  { value: "PT1H", label: "1 hour" },
  { value: "P1D", label: "1 day" },
  { value: "P7D", label: "7 days" },
];

const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The value, with the input its type needs. Every input is labelled "Value". */
export function KvValueField({ type, value, onChange, error }: Props) {
  const change = (event: { currentTarget: { value: string } }) => {
    onChange(event.currentTarget.value);
  };
  switch (type) {
    case "string":
      return <Textarea label="Value" autosize minRows={1} maxRows={8} value={value} onChange={change} error={error} data-testid={TEST_ID} />;
    case "number":
      return (
        <TextInput
          label="Value"
          inputMode="decimal"
          autoComplete="off"
          placeholder="42"
          value={value}
          onChange={change}
          error={error}
          data-testid={TEST_ID}
        />
      );
    case "boolean":
      return (
        <Input.Wrapper label="Value" error={error}>
          <div>
            <SegmentedControl
              mt={4}
              data={["true", "false"]}
              value={value}
              onChange={onChange}
              data-testid="kv-value-boolean"
            />
          </div>
        </Input.Wrapper>
      );
    case "datetime":
      return (
        <TextInput
          type="datetime-local"
          step={1}
          label="Value"
          description={<DatetimeHint text={value} />}
          value={value}
          onChange={change}
          error={error}
          data-testid={TEST_ID}
        />
      );
    case "date":
      return <TextInput type="date" label="Value" value={value} onChange={change} error={error} data-testid={TEST_ID} />;
    case "duration":
      return (
        <Stack gap={4}>
          <TextInput
            label="Value"
            placeholder="PT5M"
            autoComplete="off"
            spellCheck={false}
            value={value}
            onChange={change}
            error={error}
            data-testid={TEST_ID}
          />
          <Group gap={4} role="group" aria-label="Duration presets">
            {DURATION_PRESETS.map((preset) => (
              <Button
                key={preset.value}
                size="compact-xs"
                variant={value === preset.value ? "filled" : "default"}
                aria-label={`${preset.label} (${preset.value})`}
                onClick={() => {
                  onChange(preset.value);
                }}
              >
                {preset.label}
              </Button>
            ))}
          </Group>
        </Stack>
      );
    case "json":
      return <JsonEditor value={value} onChange={onChange} error={error} />;
  }
}

/** Where the wall-clock time is read, and the instant that will be stored. */
function DatetimeHint({ text }: { text: string }) {
  const at = parseInstant(text);
  return (
    <>
      In your time zone ({timeZone}); stored in UTC{at === null ? "." : `: ${at.toISOString()}`}
    </>
  );
}

/** A monospace editor that says, as you type, whether the text is JSON; Format indents it. */
function JsonEditor({ value, onChange, error }: Omit<Props, "type">) {
  const parsed = value.trim() === "" ? null : parseValueText("json", value);
  return (
    <Stack gap={4}>
      <Textarea
        label="Value"
        autosize
        minRows={4}
        maxRows={14}
        spellCheck={false}
        autoComplete="off"
        styles={{ input: { fontFamily: MONOSPACE, whiteSpace: "pre", overflowX: "auto" } }}
        value={value}
        onChange={(event) => {
          onChange(event.currentTarget.value);
        }}
        error={error}
        data-testid={TEST_ID}
      />
      <Group gap="xs" justify="space-between" wrap="nowrap">
        {/* The live verdict; once the form shows its own error, that one speaks. */}
        <Text size="xs" c={parsed?.ok === false ? "red" : "dimmed"} aria-live="polite" data-testid="kv-json-status">
          {parsed === null || error ? "" : parsed.ok ? "Valid JSON" : parsed.error}
        </Text>
        <Button
          size="compact-xs"
          variant="default"
          disabled={parsed?.ok !== true}
          onClick={() => {
            if (parsed?.ok === true) onChange(JSON.stringify(parsed.value, null, 2));
          }}
          data-testid="kv-json-format"
        >
          Format
        </Button>
      </Group>
    </Stack>
  );
}
