import { Text, type TextProps } from "@mantine/core";
import { Fragment, type ReactNode } from "react";

/**
 * A namespace, key or credential name that may wrap after a dot or an underscore but never at a hyphen,
 * so `team-a.etl-jobs` never shows as `team-` / `a.etl-` / `jobs`. The text is unchanged (copy-paste safe).
 */
export function Name({ value, ...props }: { value: string } & TextProps) {
  return (
    <Text span inherit {...props}>
      {nameSegments(value)}
    </Text>
  );
}

/** `Name`'s content, for a plain element where a Mantine `Text` would cost too much (a table row). */
export function nameSegments(value: string): ReactNode {
  return value.split(/(?<=[._])/).map((segment, index) => (
    <Fragment key={index}>
      {index > 0 && <wbr />}
      <span style={NO_WRAP}>{segment}</span>
    </Fragment>
  ));
}

const NO_WRAP = { whiteSpace: "nowrap" } as const;
