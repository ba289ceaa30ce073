import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Form,
  Popconfirm,
  Result,
  Space,
  Steps,
  Table,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../../../components/PageHeader';
import { ApiError } from '../../../lib/api';
import { base64Of, download } from '../../../lib/files';
import { DATE_FORMAT, formatNumber, todayInVietnam } from '../../../lib/format';
import { GROUPS, type ImportAnswer, useImportWorkItems } from '../api/catalog';

/** The largest file the wizard sends. */
const MAX_BYTES = 10 * 1024 * 1024;

/** The file as sent for checking: the same bytes are sent again to import. */
interface Checked {
  fileName: string;
  content: string;
  answer: ImportAnswer;
}

/**
 * Importing a catalog spreadsheet (nhập danh mục): choose an .xlsx or .csv file, have the server
 * check every row without writing anything, read the problems (or download them as a report),
 * then import the same file, as drafts or published at once from a date. All rows are written in
 * one transaction, or none.
 */
export default function CatalogImportPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [checked, setChecked] = useState<Checked>();
  const [done, setDone] = useState<ImportAnswer>();
  const [publish, setPublish] = useState(false);
  const [effective, setEffective] = useState<Dayjs | null>(dayjs(todayInVietnam()));
  const send = useImportWorkItems();
  const failed = (err: unknown) => message.error(err instanceof ApiError ? err.text : t('common.error'));

  const check = async () => {
    const file = files[0]?.originFileObj;
    if (!file) return;
    if (file.size > MAX_BYTES) {
      message.error(t('catalogImport.tooLarge'));
      return;
    }
    try {
      const content = await base64Of(file);
      const answer = await send.mutateAsync({ file_name: file.name, content, validate_only: true });
      setChecked({ fileName: file.name, content, answer });
    } catch (err) {
      failed(err);
    }
  };

  const write = async () => {
    if (!checked) return;
    try {
      const answer = await send.mutateAsync({
        file_name: checked.fileName,
        content: checked.content,
        validate_only: false,
        publish,
        effective_from: publish ? (effective?.format('YYYY-MM-DD') ?? '') : '',
      });
      // A problem found only now (an item added meanwhile with the same code): nothing was written.
      if (answer.issue_count > 0) setChecked({ ...checked, answer });
      else setDone(answer);
    } catch (err) {
      failed(err);
    }
  };

  const restart = () => {
    setFiles([]);
    setChecked(undefined);
    setDone(undefined);
  };

  const problems = (checked?.answer.issue_count ?? 0) > 0;
  const current = done ? 3 : checked ? (problems ? 1 : 2) : 0;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeader title={t('catalogImport.title')} />
      <Steps
        size="small"
        current={current}
        status={problems && !done ? 'error' : done ? 'finish' : 'process'}
        items={[
          { title: t('catalogImport.steps.choose') },
          { title: t('catalogImport.steps.check') },
          { title: t('catalogImport.steps.confirm') },
          { title: t('catalogImport.steps.done') },
        ]}
      />
      {done ? (
        <Card size="small">
          <Result
            status="success"
            title={t(publish ? 'catalogImport.donePublished' : 'catalogImport.doneDrafts', {
              count: done.created_count,
              n: formatNumber(done.created_count),
            })}
            extra={
              <Space wrap>
                <Link to="/catalog">{t('catalogImport.openCatalog')}</Link>
                <Button onClick={restart}>{t('catalogImport.another')}</Button>
              </Space>
            }
          />
          <Counts answer={done} />
        </Card>
      ) : checked ? (
        <Card size="small">
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Counts answer={checked.answer} />
            {problems ? (
              <>
                <Alert
                  type="error"
                  showIcon
                  title={t('catalogImport.invalid', { count: checked.answer.issue_count, n: formatNumber(checked.answer.issue_count) })}
                  description={t('catalogImport.invalidHelp')}
                  action={
                    <Space orientation="vertical">
                      {checked.answer.report?.content && (
                        <Button icon={<DownloadOutlined />} onClick={() => download(checked.answer.report)}>
                          {t('catalogImport.report')}
                        </Button>
                      )}
                      <Button onClick={restart}>{t('catalogImport.another')}</Button>
                    </Space>
                  }
                />
                <Issues answer={checked.answer} />
              </>
            ) : (
              <>
                <Alert
                  type="success"
                  showIcon
                  title={t('catalogImport.ready', { file: checked.fileName, n: formatNumber(checked.answer.row_count) })}
                />
                <Form layout="vertical" style={{ maxWidth: 480 }}>
                  <Form.Item extra={t('catalogImport.publishHelp')}>
                    <Checkbox checked={publish} onChange={(e) => setPublish(e.target.checked)}>
                      {t('catalogImport.publish')}
                    </Checkbox>
                  </Form.Item>
                  {publish && (
                    <Form.Item
                      label={t('catalogImport.effectiveFrom')}
                      htmlFor="catalog-import-date"
                      extra={t('catalogImport.effectiveHelp')}
                    >
                      <DatePicker
                        id="catalog-import-date"
                        format={DATE_FORMAT}
                        value={effective}
                        onChange={setEffective}
                        allowClear={false}
                      />
                    </Form.Item>
                  )}
                </Form>
                <Space wrap>
                  <Popconfirm
                    title={t(publish ? 'catalogImport.confirmPublish' : 'catalogImport.confirmDrafts', {
                      n: formatNumber(checked.answer.row_count),
                    })}
                    okText={t('catalogImport.confirm')}
                    cancelText={t('common.cancel')}
                    onConfirm={write}
                  >
                    <Button type="primary" loading={send.isPending}>
                      {t('catalogImport.confirm')}
                    </Button>
                  </Popconfirm>
                  <Button onClick={restart}>{t('catalogImport.another')}</Button>
                </Space>
              </>
            )}
          </Space>
        </Card>
      ) : (
        <Card size="small">
          <Form layout="vertical" onFinish={check} style={{ maxWidth: 720 }}>
            <Form.Item label={t('catalogImport.file')} extra={t('catalogImport.fileHelp')} required>
              <Upload.Dragger
                accept=".xlsx,.csv"
                maxCount={1}
                fileList={files}
                beforeUpload={() => false}
                onChange={({ fileList }) => setFiles(fileList.slice(-1))}
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text">{t('catalogImport.drop')}</p>
              </Upload.Dragger>
            </Form.Item>
            <Button type="primary" htmlType="submit" disabled={files.length === 0} loading={send.isPending}>
              {t('catalogImport.check')}
            </Button>
          </Form>
          <details style={{ marginTop: 16 }}>
            <summary>{t('catalogImport.layoutTitle')}</summary>
            <Typography.Paragraph style={{ marginTop: 8 }}>{t('catalogImport.layout')}</Typography.Paragraph>
            <Typography.Paragraph>{t('catalogImport.columns')}</Typography.Paragraph>
          </details>
        </Card>
      )}
    </Space>
  );
}

/** How many rows the file has, and how many items of each group. */
function Counts({ answer }: { answer: ImportAnswer }) {
  const { t } = useTranslation();
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, sm: 3, lg: 5 }}
      items={[
        { key: 'rows', label: t('catalogImport.rows'), children: formatNumber(answer.row_count) },
        ...GROUPS.map((g, i) => ({
          key: g,
          label: t('catalogImport.group', { group: g.slice(-1), name: t(`enums.workItemGroup.${g}`) }),
          children: formatNumber(answer.group_counts[i] ?? 0),
        })),
      ]}
    />
  );
}

/** The problems the server found, each with its row and column, in the person's language. */
function Issues({ answer }: { answer: ImportAnswer }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      {answer.issue_count > answer.issues.length && (
        <Typography.Text>
          {t('catalogImport.firstIssues', { shown: formatNumber(answer.issues.length), total: formatNumber(answer.issue_count) })}
        </Typography.Text>
      )}
      {/* Three columns whose text wraps: the table fits a phone without scrolling sideways. */}
      <Table
        rowKey={(i) => `${i.row}/${i.column}/${i.message_en}`}
        size="small"
        dataSource={answer.issues}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        columns={[
          { title: t('imports.issue.row'), dataIndex: 'row', render: (r: number) => (r ? formatNumber(r) : '') },
          { title: t('imports.issue.column'), dataIndex: 'column' },
          { title: t('imports.issue.message'), key: 'message', render: (_, i) => (i18n.language === 'en' ? i.message_en : i.message_vi) },
        ]}
      />
    </>
  );
}
