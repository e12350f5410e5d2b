import { ActionIcon, Menu, Text } from "@mantine/core";

import type { CredentialDto } from "../../bindings/CredentialDto";

export interface CredentialRowActions {
  onCopy: (item: CredentialDto) => void;
  /** Edit where the credential is defined (own rows, or explicitly at tenant level). */
  onEdit: (item: CredentialDto) => void;
  onDelete: (item: CredentialDto) => void;
  /** Save a prefilled copy of an inherited credential into the namespace being viewed. */
  onOverride: (item: CredentialDto) => void;
  /** Show the namespace an inherited credential is defined in. */
  onOpenNamespace?: ((namespace: string) => void) | undefined;
}

interface Props extends CredentialRowActions {
  namespace: string;
  item: CredentialDto;
}

/**
 * A row's actions besides Test, behind one compact button. An inherited row never offers a plain
 * Edit or Delete (they would act on the parent's copy): Override here, Open in the origin, or, for a
 * tenant-level credential that has no namespace to open, Edit/Delete labelled "at tenant level".
 */
export function CredentialRowMenu({ namespace, item, onCopy, onEdit, onDelete, onOverride, onOpenNamespace }: Props) {
  const origin = item.namespace;
  const open = onOpenNamespace;
  return (
    <Menu position="bottom-end" withinPortal shadow="md">
      <Menu.Target>
        <ActionIcon variant="subtle" size="md" aria-label={`Actions for ${item.name}`} data-testid={`credential-actions-${item.name}`}>
          <Text span fw={700} aria-hidden>
            ⋯
          </Text>
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => { onCopy(item); }} data-testid={`copy-credential-${item.name}`}>
          Copy…
        </Menu.Item>
        {!item.inherited ? (
          <>
            <Menu.Item onClick={() => { onEdit(item); }} data-testid={`edit-${item.name}`}>
              Edit…
            </Menu.Item>
            <Menu.Item color="red" onClick={() => { onDelete(item); }} data-testid={`delete-credential-${item.name}`}>
              Delete…
            </Menu.Item>
          </>
        ) : (
          <>
            <Menu.Item onClick={() => { onOverride(item); }} data-testid={`override-${item.name}`}>
              Override in {namespace}…
            </Menu.Item>
            {origin !== null && open !== undefined && (
              <Menu.Item onClick={() => { open(origin); }} data-testid={`open-origin-${item.name}`}>
                Open in {origin}
              </Menu.Item>
            )}
            {origin === null && (
              <>
                <Menu.Item onClick={() => { onEdit(item); }} data-testid={`edit-${item.name}`}>
                  Edit at tenant level…
                </Menu.Item>
                <Menu.Item color="red" onClick={() => { onDelete(item); }} data-testid={`delete-credential-${item.name}`}>
                  Delete at tenant level…
                </Menu.Item>
              </>
            )}
          </>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
