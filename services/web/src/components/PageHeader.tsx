import { Space, Typography } from 'antd';
import type { ReactNode } from 'react';

/** The page's one level-1 heading, with what acts on the whole page (a button, a date range) at its right. */
export function PageHeader({ title, extra }: { title: ReactNode; extra?: ReactNode }) {
  return (
    <Space className="page-header" wrap>
      <Typography.Title level={1} className="page-title">
        {title}
      </Typography.Title>
      {extra}
    </Space>
  );
}
