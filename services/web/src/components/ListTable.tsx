import { Table, type TableProps, Typography } from 'antd';

const EMPTY_STYLE = { padding: '12px 16px', background: '#fff', borderRadius: 8, textAlign: 'center' } as const;

type Props<T> = Omit<TableProps<T>, 'dataSource' | 'pagination' | 'scroll' | 'locale' | 'size'> & {
  /** One page of the list (lists page by cursor, never by the table). */
  rows: readonly T[] | undefined;
  emptyText: string;
};

/**
 * A page of a list as a table. Wide tables scroll sideways inside their own box on a phone. An
 * empty list is a line of text, not an empty table: its headers alone are wider than a phone, and
 * scrolling them would be a region scrolled by nothing focusable, which fails keyboard users. The
 * text is in the body colour (the library's grey falls below the contrast minimum).
 */
export function ListTable<T extends object>({ rows, emptyText, ...props }: Props<T>) {
  if (rows && rows.length === 0 && !props.loading)
    return (
      <div style={EMPTY_STYLE}>
        <Typography.Text>{emptyText}</Typography.Text>
      </div>
    );
  return (
    <Table<T>
      size="small"
      pagination={false}
      dataSource={rows ? [...rows] : []}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: <Typography.Text>{emptyText}</Typography.Text> }}
      {...props}
    />
  );
}
