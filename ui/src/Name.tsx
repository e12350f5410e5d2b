import { Text, type TextProps } from "@mantine/core";
import { Fragment } from "react";

/**
 * A namespace, key or credential name that may wrap after a dot or an underscore but never at a hyphen,
 * so `team-a.etl-jobs` never shows as `team-` / `a.etl-` / `jobs`. The text is unchanged (copy-paste safe).
 */
export function Name({ value, ...props }: { value: string } & TextProps) {
  const segments = value.split(/(?<=[._])/);
  return (
    <Text span inherit {...props}>
      {segments.map((segment, index) => (
        <Fragment key={index}>
          {index > 0 && <wbr />}
          <span style={{ whiteSpace: "nowrap" }}>{segment}</span>
        </Fragment>
      ))}
    </Text>
  );
}
