import { PasswordInput, Progress, Stack } from "@mantine/core";
import type { GetInputPropsReturnType } from "@mantine/form";

import { passphraseStrength, type StrengthLevel } from "./passphrase";

const COLOR: Record<StrengthLevel, string> = { too_short: "gray", weak: "red", fair: "yellow", strong: "teal" };

interface Props {
  /** The typed passphrase, for the strength hint. */
  value: string;
  passphraseProps: GetInputPropsReturnType;
  confirmProps: GetInputPropsReturnType;
  label?: string;
  disabled?: boolean;
  autoFocus?: boolean;
  testIdPrefix: string;
}

/**
 * A new passphrase and its confirmation, with a strength hint that screen readers hear as the field's
 * description (the meter beside it is decoration).
 */
export function NewPassphraseFields({ value, passphraseProps, confirmProps, label = "New passphrase", disabled, autoFocus, testIdPrefix }: Props) {
  const strength = passphraseStrength(value);
  return (
    <Stack gap="xs">
      <PasswordInput
        label={label}
        description={value === "" ? "At least 12 characters; several unrelated words are easy to type and hard to guess." : strength.hint}
        autoComplete="new-password"
        autoFocus={autoFocus}
        disabled={disabled}
        data-testid={`${testIdPrefix}-input`}
        inputWrapperOrder={["label", "input", "description", "error"]}
        {...passphraseProps}
      />
      <Progress
        value={value === "" ? 0 : strength.score}
        color={COLOR[strength.level]}
        size="xs"
        aria-hidden
        data-testid={`${testIdPrefix}-strength`}
        data-level={value === "" ? "empty" : strength.level}
      />
      <PasswordInput
        label="Confirm passphrase"
        autoComplete="new-password"
        disabled={disabled}
        data-testid={`${testIdPrefix}-confirm-input`}
        {...confirmProps}
      />
    </Stack>
  );
}
