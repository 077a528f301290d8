import { useMemo, useState, type ReactNode } from "react";
import { Link, useNavigate } from "react-router";
import { EmptyState } from "./EmptyState";

export interface Column<T> {
  key: string;
  label: string;
  /** The cell's content; default String(row[key]). */
  render?: (row: T) => ReactNode;
  /** The value sorted by; default row[key]. Leave sortable false for unsortable columns. */
  sortValue?: (row: T) => number | string | null | undefined;
  sortable?: boolean;
  align?: "left" | "right";
  title?: string;
}

export interface SortState {
  key: string;
  order: "asc" | "desc";
}

/**
 * A table with sortable headers and paging. Rows are data-testid="row" with data-id; with rowHref the whole row
 * navigates and its first cell is a real link. Sorting and paging are client-side unless controlled: pass sort +
 * onSort to sort on the server, and total + page + onPage to page on the server (rows is then one page).
 */
export function DataTable<T>({
  columns,
  rows,
  rowId,
  rowHref,
  pageSize = 25,
  sort: sortProp,
  onSort,
  total,
  page: pageProp,
  onPage,
  empty = "Nothing in this range",
  testId,
}: {
  columns: Column<T>[];
  rows: T[];
  rowId: (row: T) => string;
  rowHref?: (row: T) => string;
  pageSize?: number;
  sort?: SortState;
  onSort?: (s: SortState) => void;
  total?: number;
  page?: number;
  onPage?: (page: number) => void;
  empty?: ReactNode;
  testId?: string;
}) {
  const navigate = useNavigate();
  const [localSort, setLocalSort] = useState<SortState | undefined>(undefined);
  const [localPage, setLocalPage] = useState(1);
  const sort = sortProp ?? localSort;
  const serverPaged = total !== undefined && onPage !== undefined;
  const page = serverPaged ? (pageProp ?? 1) : localPage;

  const sorted = useMemo(() => {
    if (!sort || onSort) return rows;
    const col = columns.find((c) => c.key === sort.key);
    if (!col) return rows;
    const val = col.sortValue ?? ((r: T) => (r as Record<string, unknown>)[col.key] as number | string | null);
    const dir = sort.order === "asc" ? 1 : -1;
    return [...rows].sort((a, b) => {
      const x = val(a);
      const y = val(b);
      if (x === y) return 0;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      return (x < y ? -1 : 1) * dir;
    });
  }, [rows, sort, onSort, columns]);

  const count = serverPaged ? total : sorted.length;
  const pages = Math.max(1, Math.ceil(count / pageSize));
  const shown = serverPaged ? sorted : sorted.slice((page - 1) * pageSize, page * pageSize);

  const clickSort = (c: Column<T>) => {
    if (c.sortable === false) return;
    const next: SortState =
      sort?.key === c.key ? { key: c.key, order: sort.order === "desc" ? "asc" : "desc" } : { key: c.key, order: "desc" };
    if (onSort) onSort(next);
    else setLocalSort(next);
  };
  const goPage = (p: number) => (serverPaged ? onPage!(p) : setLocalPage(p));

  if (rows.length === 0 && (!serverPaged || total === 0)) {
    return typeof empty === "string" ? <EmptyState title={empty} /> : <>{empty}</>;
  }
  return (
    <div className="table-wrap" data-testid={testId}>
      <table className="data-table">
        <thead>
          <tr>
            {columns.map((c) => {
              const active = sort?.key === c.key;
              return (
                <th
                  key={c.key}
                  className={(c.align === "right" ? "num " : "") + (c.sortable === false ? "" : "sortable")}
                  aria-sort={active ? (sort!.order === "asc" ? "ascending" : "descending") : undefined}
                  title={c.title}
                >
                  {c.sortable === false ? (
                    c.label
                  ) : (
                    <button type="button" onClick={() => clickSort(c)}>
                      {c.label}
                      <span className="sort-mark">{active ? (sort!.order === "asc" ? " ▲" : " ▼") : ""}</span>
                    </button>
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => {
            const id = rowId(row);
            const href = rowHref?.(row);
            return (
              <tr
                key={id}
                data-testid="row"
                data-id={id}
                className={href ? "linked" : undefined}
                onClick={
                  href
                    ? (e) => {
                        if ((e.target as HTMLElement).closest("a,button")) return;
                        navigate(href);
                      }
                    : undefined
                }
              >
                {columns.map((c, i) => {
                  const content = c.render ? c.render(row) : String((row as Record<string, unknown>)[c.key] ?? "–");
                  return (
                    <td key={c.key} className={c.align === "right" ? "num" : undefined}>
                      {href && i === 0 ? <Link to={href}>{content}</Link> : content}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      {pages > 1 ? (
        <div className="pager">
          <button type="button" className="btn btn-small" disabled={page <= 1} onClick={() => goPage(page - 1)}>
            ‹ Prev
          </button>
          <span>
            Page {page} of {pages} · {count} rows
          </span>
          <button type="button" className="btn btn-small" disabled={page >= pages} onClick={() => goPage(page + 1)}>
            Next ›
          </button>
        </div>
      ) : null}
    </div>
  );
}
