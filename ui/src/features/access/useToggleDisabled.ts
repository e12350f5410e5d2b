import type { PrincipalDto } from "../../bindings/PrincipalDto";
import { notifyError, notifySuccess } from "../../notify";
import { useSetPrincipalDisabled } from "./queries";

/** Disables an enabled principal (its tokens are refused from the next request) or enables a disabled one. */
export function useToggleDisabled(tenant: string) {
  const setDisabled = useSetPrincipalDisabled(tenant);
  const run = (principal: PrincipalDto) => {
    const disabled = !principal.disabled;
    setDisabled.mutate(
      { name: principal.name, disabled },
      {
        onSuccess: () => {
          notifySuccess(disabled ? `${principal.name} disabled: its tokens are refused` : `${principal.name} enabled`);
        },
        onError: (error) => {
          notifyError(`Could not ${disabled ? "disable" : "enable"} ${principal.name}`, error);
        },
      },
    );
  };
  return { run, isPending: setDisabled.isPending };
}
