import { Table, type TableProps, Typography } from 'antd';

type Props<T> = Omit<TableProps<T>, 'dataSource' | 'pagination' | 'scroll' | 'locale' | 'size'> & {
  /** One page of the list (lists page by cursor, never by the table). */
  rows: readonly T[] | undefined;
  emptyText: string;
};

/**
 * A page of a list as a table. Wide tables scroll sideways inside their own box on a phone; an
 * empty one does not (a region scrolled by nothing focusable fails keyboard users), and says it
 * is empty in the body colour (the library's grey falls below the contrast minimum).
 */
export function ListTable<T extends object>({ rows, emptyText, ...props }: Props<T>) {
  return (
    <Table<T>
      size="small"
      pagination={false}
      dataSource={rows ? [...rows] : []}
      scroll={rows?.length ? { x: 'max-content' } : undefined}
      locale={{ emptyText: <Typography.Text>{emptyText}</Typography.Text> }}
      {...props}
    />
  );
}
