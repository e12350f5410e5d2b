import { useEffect, useState } from "react";

/** The current time, refreshed every `intervalMs` while mounted. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => {
      setNow(Date.now());
    }, intervalMs);
    return () => {
      clearInterval(timer);
    };
  }, [intervalMs]);
  return now;
}

function span(totalSeconds: number): string {
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return `${hours}h ${minutes}m ${seconds}s`;
  if (minutes > 0) return `${minutes}m ${seconds}s`;
  return `${seconds}s`;
}

/** "expires in 59m 58s" or "expired 3s ago", from an RFC 3339 instant. */
export function describeExpiry(expiresAt: string, now: number): string {
  const remaining = Math.round((Date.parse(expiresAt) - now) / 1000);
  if (Number.isNaN(remaining)) return `expires at ${expiresAt}`;
  return remaining > 0 ? `expires in ${span(remaining)}` : `expired ${span(-remaining)} ago`;
}
