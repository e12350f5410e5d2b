import { Text } from "@mantine/core";
import { Component, type ReactNode } from "react";

interface State {
  failed: boolean;
}

/**
 * Keeps the rest of the view when the timeline cannot be drawn (its chart library failed to load or
 * to render): the table below lists the same items.
 */
export class ChartBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override render() {
    if (this.state.failed) {
      return (
        <Text size="xs" c="dimmed" data-testid="expiring-chart-unavailable">
          The timeline could not be drawn here; the table below lists the same items.
        </Text>
      );
    }
    return this.props.children;
  }
}
