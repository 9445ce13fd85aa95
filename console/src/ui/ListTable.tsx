import type { ReactNode } from 'react';
import { Empty, ErrorNotice, Loading } from './feedback';

interface Props<T> {
  /** Names the table for screen readers (not shown). */
  caption: string;
  columns: string[];
  /** The rows; undefined while the first load is under way or failed. */
  items: T[] | undefined;
  loading: boolean;
  error: Error | undefined;
  /** What to say when the list is empty. */
  empty: ReactNode;
  row(item: T): ReactNode;
  className?: string;
}

/** A list screen's table with its error, loading and empty states: every list says the same things. */
export function ListTable<T>({ caption, columns, items, loading, error, empty, row, className }: Props<T>) {
  return (
    <>
      <ErrorNotice error={error} />
      {loading && !items ? <Loading /> : null}
      {items && items.length === 0 ? <Empty>{empty}</Empty> : null}
      {items && items.length > 0 ? (
        <table className={className ? `table ${className}` : 'table'}>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th scope="col" key={c}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>{items.map(row)}</tbody>
        </table>
      ) : null}
    </>
  );
}
