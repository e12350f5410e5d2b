import { keepPreviousData, useQuery } from "@tanstack/react-query";

import { useBackend } from "../../backend";

export const expiringKeys = {
  all: (tenant: string) => ["expiring", tenant] as const,
  report: (tenant: string, within: string, secretAge: string) => ["expiring", tenant, within, secretAge] as const,
};

/**
 * What needs attention within `within` (ISO-8601), secrets counted from `secretAge`. The core decides
 * what the caller may see; a new choice keeps the last answer on screen until the next one arrives.
 */
export function useExpiring(tenant: string, within: string, secretAge: string) {
  const backend = useBackend();
  return useQuery({
    queryKey: expiringKeys.report(tenant, within, secretAge),
    queryFn: () => backend.expiring({ tenant, within, secret_age: secretAge }),
    placeholderData: keepPreviousData,
  });
}
