import { PasswordInput, Stack, Switch, Textarea } from "@mantine/core";
import { useRef, useState, type ClipboardEvent, type KeyboardEvent, type ReactNode } from "react";

// Inputs take their font from --input-font-family, so `ff` on the root would not reach the text area.
export const MONOSPACE = "var(--mantine-font-family-monospace)";

interface Props {
  label: string;
  description?: ReactNode;
  error?: ReactNode;
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  /** Start multi-line (a PEM input, for example). */
  multilineByDefault?: boolean;
  /** Enter in the single-line input, Ctrl/⌘+Enter in the multi-line one: save without submitting an outer form. */
  onSave?: () => void;
  testId: string;
}

/**
 * A secret value: masked on one line, or a monospace text area that keeps every line break (PEM keys).
 * Pasting text with line breaks into the masked input switches to the text area instead of letting the
 * browser drop the breaks.
 */
export function SecretValueInput({ label, description, error, value, onChange, onBlur, multilineByDefault = false, onSave, testId }: Props) {
  const [multiline, setMultiline] = useState(multilineByDefault);
  // After a paste switched inputs, typing continues in the text area.
  const focusArea = useRef(false);

  const pasteIntoLine = (event: ClipboardEvent<HTMLInputElement>) => {
    const pasted = event.clipboardData.getData("text");
    if (!/[\r\n]/.test(pasted)) return;
    event.preventDefault();
    const input = event.currentTarget;
    const start = input.selectionStart ?? value.length;
    const end = input.selectionEnd ?? value.length;
    onChange(value.slice(0, start) + pasted + value.slice(end));
    focusArea.current = true;
    setMultiline(true);
  };

  const saveKey = (event: KeyboardEvent) => {
    if (onSave === undefined || event.key !== "Enter") return;
    if (multiline && !(event.ctrlKey || event.metaKey)) return;
    event.preventDefault();
    onSave();
  };

  const common = {
    label,
    description,
    error,
    value,
    onBlur,
    autoComplete: "off",
    spellCheck: false,
    onKeyDown: saveKey,
    "data-testid": testId,
  };

  return (
    <Stack gap={6}>
      {multiline ? (
        <Textarea
          {...common}
          ref={(node) => {
            if (node !== null && focusArea.current) {
              focusArea.current = false;
              node.focus();
            }
          }}
          autosize
          minRows={4}
          maxRows={12}
          styles={{ input: { fontFamily: MONOSPACE, whiteSpace: "pre", overflowX: "auto" } }}
          onChange={(event) => {
            onChange(event.currentTarget.value);
          }}
        />
      ) : (
        <PasswordInput
          {...common}
          onPaste={pasteIntoLine}
          onChange={(event) => {
            onChange(event.currentTarget.value);
          }}
        />
      )}
      <Switch
        size="xs"
        label="Multi-line value (shown in clear while typing)"
        checked={multiline}
        onChange={(event) => {
          setMultiline(event.currentTarget.checked);
        }}
        data-testid={`${testId}-multiline`}
      />
    </Stack>
  );
}
