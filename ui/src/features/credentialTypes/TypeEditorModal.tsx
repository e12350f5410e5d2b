import { Alert, Button, Divider, Group, Modal, ScrollArea, SimpleGrid, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";

import type { CredentialType } from "../../bindings/CredentialType";
import { notifySuccess } from "../../notify";
import { ServerErrorAlert } from "../../ServerErrorAlert";
import { InputDraftEditor } from "./InputDraftEditor";
import { useSaveCredentialType } from "./queries";
import { TypePreview } from "./TypePreview";
import { draftOf, emptyDraft, emptyInput, previewType, toDefinition, validateDraft, type TypeDraft } from "./typeModel";

export type EditorMode =
  | { kind: "new" }
  | { kind: "edit"; type: CredentialType }
  /** A built-in type, or a custom one the caller may not change: shown, not editable. */
  | { kind: "view"; type: CredentialType };

interface Props {
  tenant: string;
  mode: EditorMode;
  /** Ids a new type may not take. */
  builtinIds: string[];
  onClose: () => void;
}

/** The window less the modal's header and buttons. */
const COLUMN_HEIGHT = "calc(100dvh - 15rem)";

function title(mode: EditorMode): string {
  switch (mode.kind) {
    case "new":
      return "New credential type";
    case "edit":
      return `Edit credential type ${mode.type.id}`;
    case "view":
      return `Credential type ${mode.type.id}${mode.type.managed ? " (built-in)" : ""}`;
  }
}

/** The schema of a custom type beside the credential form it generates (below it on narrow windows). */
export function TypeEditorModal({ tenant, mode, builtinIds, onClose }: Props) {
  const editingId = mode.kind === "edit" ? mode.type.id : null;
  const readOnly = mode.kind === "view";
  const save = useSaveCredentialType(tenant, editingId);
  const form = useForm<TypeDraft>({
    initialValues: mode.kind === "new" ? emptyDraft() : draftOf(mode.type),
    validate: (values) => validateDraft(values, mode.kind === "new" ? builtinIds : []),
  });
  const values = form.getValues();
  const preview = readOnly ? mode.type : previewType(values);

  const submit = form.onSubmit((draft) => {
    save.mutate(toDefinition(draft), {
      onSuccess: (saved) => {
        notifySuccess(`Credential type ${saved.id} ${editingId === null ? "created" : "saved"}`);
        onClose();
      },
    });
  });

  return (
    <Modal opened onClose={onClose} title={title(mode)} size={1200} data-testid="type-editor-modal">
      <form onSubmit={submit} noValidate data-testid="type-editor-form">
        {/* Each side scrolls on its own: the preview stays in view while a long schema is edited. */}
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <ScrollArea.Autosize mah={COLUMN_HEIGHT} offsetScrollbars data-testid="type-schema-column">
            <Stack gap="sm">
              {mode.kind === "edit" && (
                <Alert color="blue" variant="light" data-testid="type-edit-notice">
                  Saved credentials of this type must still match it: an input they use cannot be removed, renamed or
                  made sensitive (or plain), and a new required input needs a value in each of them. Keystead names
                  any credential a change would break.
                </Alert>
              )}
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
                <TextInput
                  label="Id"
                  description={editingId === null ? "Credentials name this type by its id" : "An id cannot change"}
                  placeholder="vault_approle"
                  withAsterisk
                  disabled={mode.kind !== "new"}
                  autoComplete="off"
                  spellCheck={false}
                  data-autofocus
                  data-testid="type-id-input"
                  {...form.getInputProps("id")}
                />
                <TextInput
                  label="Label"
                  placeholder="Vault AppRole"
                  withAsterisk
                  disabled={readOnly}
                  data-testid="type-label-input"
                  {...form.getInputProps("label")}
                />
              </SimpleGrid>
              <Textarea
                label="Description"
                autosize
                minRows={1}
                maxRows={4}
                disabled={readOnly}
                data-testid="type-description-input"
                {...form.getInputProps("description")}
              />
              <Divider label="Inputs" labelPosition="left" />
              {typeof form.errors.inputs === "string" && (
                <Text size="sm" c="red" data-testid="type-inputs-error">
                  {form.errors.inputs}
                </Text>
              )}
              {readOnly ? (
                <ReadOnlyInputs type={mode.type} />
              ) : (
                values.inputs.map((input, index) => (
                  <InputDraftEditor
                    key={input.key}
                    form={form}
                    index={index}
                    count={values.inputs.length}
                    readOnly={false}
                    onMove={(by) => {
                      form.reorderListItem("inputs", { from: index, to: index + by });
                    }}
                    onRemove={() => {
                      form.removeListItem("inputs", index);
                    }}
                  />
                ))
              )}
              {!readOnly && (
                <Group>
                  <Button
                    variant="light"
                    size="xs"
                    onClick={() => {
                      form.insertListItem("inputs", emptyInput());
                    }}
                    data-testid="type-add-input"
                  >
                    Add input
                  </Button>
                </Group>
              )}
            </Stack>
          </ScrollArea.Autosize>
          <ScrollArea.Autosize mah={COLUMN_HEIGHT}>
            <TypePreview key={JSON.stringify(preview.inputs)} tenant={tenant} type={preview} />
          </ScrollArea.Autosize>
        </SimpleGrid>
        <Stack mt="md">
          {save.isError && (
            <ServerErrorAlert
              error={save.error}
              title={editingId === null ? "The type was not created" : "The type was not changed"}
              testId="type-save-error"
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {readOnly ? "Close" : "Cancel"}
            </Button>
            {!readOnly && (
              <Button type="submit" loading={save.isPending} data-testid="type-save">
                {editingId === null ? "Create type" : "Save type"}
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** A type that cannot be edited here: its inputs as a summary (the preview shows the form). */
function ReadOnlyInputs({ type }: { type: CredentialType }) {
  return (
    <Stack gap={4} data-testid="type-inputs-readonly">
      {type.inputs.map((field) => (
        <Text key={field.id} size="sm">
          <Text span ff="monospace" fw={600}>
            {field.id}
          </Text>{" "}
          {field.label} · {field.type}
          {field.required ? " · required" : ""}
          {field.secret ? " · sensitive" : ""}
          {field.format === null ? "" : ` · ${field.format}`}
        </Text>
      ))}
    </Stack>
  );
}
