import { apiUrl, type Params } from "../../api/client";
import type { Column } from "../DataTable";

/** A download under /api (an NDJSON or file answer, not JSON): a plain link the browser saves. */
export function downloadUrl(path: string, params: Params): string {
  return apiUrl(path, params);
}

/** Params without paging and sort, for an export of "what the list shows". */
export function withoutPaging(params: Params): Params {
  const { page: _p, page_size: _s, ...rest } = params;
  return rest;
}

/** Sort state of DataTable from the URL's sort_by / sort_order. */
export function sortState(sortBy: string, sortOrder: "asc" | "desc", fallback: string) {
  return { key: sortBy || fallback, order: sortBy ? sortOrder : "desc" } as const;
}

/** Marks the columns the server can sort by; the others get no sort button. */
export function serverSortable<T>(columns: Column<T>[], keys: readonly string[]): Column<T>[] {
  return columns.map((c) => ({ ...c, sortable: keys.includes(c.key) }));
}
