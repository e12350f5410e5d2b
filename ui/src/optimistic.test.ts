import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";

import { patchOptimistically, removeOptimistically } from "./optimistic";

interface Row {
  key: string;
  flag: boolean;
}

const rows = (...keys: string[]): Row[] => keys.map((key) => ({ key, flag: false }));
const keysOf = (client: QueryClient, key: string[]) => client.getQueryData<Row[]>(key)?.map((row) => row.key);

describe("optimistic listings", () => {
  it("a failed delete puts back only its own rows, in place, while another delete stays shown", async () => {
    const client = new QueryClient();
    client.setQueryData(["x", "a"], rows("A", "B", "C"));
    client.setQueryData(["x", "b"], rows("B", "D"));
    client.setQueryData(["x", "meta"], { count: 3 });

    const undoB = await removeOptimistically<Row>(client, ["x"], (row) => row.key === "B");
    await removeOptimistically<Row>(client, ["x"], (row) => row.key === "C");
    expect(keysOf(client, ["x", "a"])).toEqual(["A"]);
    expect(keysOf(client, ["x", "b"])).toEqual(["D"]);

    undoB();
    expect(keysOf(client, ["x", "a"])).toEqual(["A", "B"]);
    expect(keysOf(client, ["x", "b"])).toEqual(["B", "D"]);
    expect(client.getQueryData(["x", "meta"])).toEqual({ count: 3 });
  });

  it("never shows a row twice when a refetch brought it back first", async () => {
    const client = new QueryClient();
    client.setQueryData(["x", "a"], rows("A", "B"));
    const undo = await removeOptimistically<Row>(client, ["x"], (row) => row.key === "A");
    client.setQueryData(["x", "a"], rows("A", "B"));
    undo();
    expect(keysOf(client, ["x", "a"])).toEqual(["A", "B"]);
  });

  it("a failed patch sets back its own fields only, keeping what changed since", async () => {
    const client = new QueryClient();
    client.setQueryData(["x", "a"], rows("A", "B"));
    const undo = await patchOptimistically<Row>(client, ["x"], (row) => row.key === "A", { flag: true });
    expect(client.getQueryData<Row[]>(["x", "a"])?.[0]).toEqual({ key: "A", flag: true });
    // Meanwhile B went away (another write).
    client.setQueryData<Row[]>(["x", "a"], (current) => current?.filter((row) => row.key !== "B"));
    undo();
    expect(client.getQueryData(["x", "a"])).toEqual([{ key: "A", flag: false }]);
  });
});
