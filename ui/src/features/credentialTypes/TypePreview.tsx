import { Badge, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useForm } from "@mantine/form";

import type { CredentialType } from "../../bindings/CredentialType";
import { initialValues, validateValues, type CredentialFormValues } from "../credentials/formModel";
import { InputFieldControl } from "../credentials/InputFieldControl";

interface Props {
  tenant: string;
  /** The type as the credential form would get it. Give a new `key` when it changes: the form restarts. */
  type: CredentialType;
}

/**
 * The inputs part of the credential form generated from `type`, with the real form's controls and
 * checks: what an admin creating a credential of this type will see. Nothing is saved from here.
 */
export function TypePreview({ tenant, type }: Props) {
  const form = useForm<CredentialFormValues>({
    // The name is not part of the preview: a valid one keeps its check quiet.
    initialValues: { ...initialValues(type, null), name: "preview" },
    validate: (values) => validateValues(type, values),
  });

  return (
    <Paper withBorder p="md" data-testid="type-preview">
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Title order={5}>Preview: new {type.label} credential</Title>
          <Badge variant="light" color="gray">
            preview
          </Badge>
        </Group>
        {type.description !== "" && (
          <Text size="sm" c="dimmed">
            {type.description}
          </Text>
        )}
        {type.inputs.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="type-preview-empty">
            Inputs appear here as you give them a valid id.
          </Text>
        ) : (
          type.inputs.map((field) => (
            <InputFieldControl key={field.id} field={field} form={form} tenant={tenant} namespace="" preview />
          ))
        )}
        <Group justify="flex-end">
          <Button
            variant="light"
            size="xs"
            onClick={() => {
              form.validate();
            }}
            data-testid="type-preview-check"
          >
            Check as the form would
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
