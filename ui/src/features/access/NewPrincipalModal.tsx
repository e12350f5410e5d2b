import { Button, Group, Input, Modal, SegmentedControl, Stack, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";

import { errorCode, toBackendError } from "../../backend";
import type { PrincipalDto } from "../../bindings/PrincipalDto";
import type { PrincipalKind } from "../../bindings/PrincipalKind";
import { notifySuccess } from "../../notify";
import { ServerErrorAlert } from "../../ServerErrorAlert";
import { validatePrincipalName } from "./principalName";
import { useCreatePrincipal } from "./queries";

interface Props {
  tenant: string;
  onClose: () => void;
  onCreated: (principal: PrincipalDto) => void;
}

interface Values {
  kind: PrincipalKind;
  name: string;
  description: string;
}

export const KIND_LABEL: Record<PrincipalKind, string> = { user: "User", service_account: "Service account" };

export function NewPrincipalModal({ tenant, onClose, onCreated }: Props) {
  const create = useCreatePrincipal(tenant);
  const form = useForm<Values>({
    initialValues: { kind: "service_account", name: "", description: "" },
    validate: { name: validatePrincipalName },
  });

  const submit = form.onSubmit((values) => {
    create.mutate(values, {
      onSuccess: (created) => {
        notifySuccess(`${KIND_LABEL[created.kind]} ${created.name} created`);
        onCreated(created);
      },
      onError: (error) => {
        // A taken or refused name belongs under the name field; anything else (forbidden…) in the alert.
        const code = errorCode(error);
        if (code === "conflict" || code === "invalid_input") form.setFieldError("name", toBackendError(error).message);
      },
    });
  });
  const code = errorCode(create.error);

  return (
    <Modal opened onClose={onClose} title="New user or service account">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Input.Wrapper label="Kind" description="A service account is for machines (CI/CD, scripts); a user for a person.">
            <SegmentedControl
              fullWidth
              mt={4}
              data={[
                { value: "service_account", label: KIND_LABEL.service_account },
                { value: "user", label: KIND_LABEL.user },
              ]}
              value={form.values.kind}
              onChange={(value) => {
                form.setFieldValue("kind", value as PrincipalKind);
              }}
              data-testid="principal-kind"
            />
          </Input.Wrapper>
          <TextInput
            label="Name"
            description="Lowercase letters, digits and '-'; it cannot be changed later."
            placeholder="ci-deployer"
            autoComplete="off"
            spellCheck={false}
            data-autofocus
            data-testid="principal-name-input"
            {...form.getInputProps("name")}
          />
          <Textarea
            label="Description"
            autosize
            minRows={1}
            maxRows={4}
            data-testid="principal-description-input"
            {...form.getInputProps("description")}
          />
          {create.isError && code !== "conflict" && code !== "invalid_input" && (
            <ServerErrorAlert error={create.error} title="Not created" testId="principal-create-error" />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="principal-submit">
              Create
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
