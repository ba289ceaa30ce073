import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Popconfirm,
  Progress,
  Result,
  Space,
  Steps,
  Table,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { AgencyPicker } from '../../../components/AgencyPicker';
import { CursorPager } from '../../../components/CursorPager';
import { ErrorState } from '../../../components/ErrorState';
import { ListTable } from '../../../components/ListTable';
import { PageHeader } from '../../../components/PageHeader';
import { ApiError, api } from '../../../lib/api';
import { base64Of } from '../../../lib/files';
import { DATE_FORMAT, formatDateTime, formatNumber, todayInVietnam } from '../../../lib/format';
import { useCursorPages } from '../../../lib/use-cursor-pages';
import { useFileDownload } from '../../../lib/use-file-download';
import { type ImportJob, isRunning, useConfirmImport, useImport, useImportIssues, useImports, useStartImport } from '../api/imports';

/** 10 MB of files per import, as the server takes. */
const MAX_BYTES = 10 * 1024 * 1024;
const ISSUES_PER_PAGE = 50;

const STEP_OF: Record<string, number> = {
  IMPORT_STATUS_VALIDATING: 1,
  IMPORT_STATUS_INVALID: 1,
  IMPORT_STATUS_READY: 2,
  IMPORT_STATUS_APPLYING: 3,
  IMPORT_STATUS_DONE: 3,
};

/** The dot beside a status; the status is said in words in the text's own colour (contrast holds whatever the dot). */
const STATUS_BADGE: Record<string, 'processing' | 'error' | 'warning' | 'success'> = {
  IMPORT_STATUS_VALIDATING: 'processing',
  IMPORT_STATUS_INVALID: 'error',
  IMPORT_STATUS_READY: 'warning',
  IMPORT_STATUS_APPLYING: 'processing',
  IMPORT_STATUS_DONE: 'success',
};

/**
 * Import and export of an agency's org chart and staff (nhập, xuất dữ liệu tổ chức): choose the
 * agency, the day the changes take effect and the files; the server checks every row and either
 * lists the problems (downloadable as a spreadsheet) or says what the import will do; a person
 * confirms, and it is written at once. The job's id is in the address, so a reload keeps the page.
 */
export default function ImportPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const jobId = params.get('id') ?? undefined;
  const [agencyId, setAgencyId] = useState<string | undefined>(params.get('agency') ?? undefined);
  const [effective, setEffective] = useState<Dayjs | null>(dayjs(todayInVietnam()));
  const [files, setFiles] = useState<UploadFile[]>([]);
  const chart = useFileDownload();
  const start = useStartImport();
  const job = useImport(jobId);

  const open = (id: string | undefined, agency = agencyId) => {
    const next = new URLSearchParams();
    if (id) next.set('id', id);
    if (agency) next.set('agency', agency);
    setParams(next);
  };
  const failed = (err: unknown) => message.error(err instanceof ApiError ? err.text : t('common.error'));

  const submit = async () => {
    const chosen = files.map((f) => f.originFileObj).filter((f): f is NonNullable<typeof f> => Boolean(f));
    if (chosen.reduce((n, f) => n + f.size, 0) > MAX_BYTES) {
      message.error(t('imports.tooLarge'));
      return;
    }
    try {
      const answer = await start.mutateAsync({
        agency_id: agencyId,
        effective_date: effective?.format('YYYY-MM-DD') ?? '',
        files: await Promise.all(chosen.map(async (f) => ({ name: f.name, content: await base64Of(f) }))),
      });
      setFiles([]);
      open(answer.job.id);
    } catch (err) {
      failed(err);
    }
  };

  const exportChart = async (format: 'SHEET_FORMAT_XLSX' | 'SHEET_FORMAT_CSV') => {
    if (!agencyId) return;
    await chart.download(format, async () => {
      const { file } = await api('GET /api/v1/agencies/{agency_id}/org-chart', {
        agency_id: agencyId,
        format,
        sheet: 'ORG_SHEET_STAFF',
      });
      return file;
    });
  };

  const current = job.data?.job;
  // The list of imports shows each one's status: read it again when the open one's changes.
  const queryClient = useQueryClient();
  useEffect(() => {
    if (current?.status) queryClient.invalidateQueries({ queryKey: ['imports'] });
  }, [current?.status, queryClient]);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeader
        title={t('imports.title')}
        extra={
          <Space wrap>
            <Button
              icon={<DownloadOutlined />}
              disabled={!agencyId}
              loading={chart.busy === 'SHEET_FORMAT_XLSX'}
              onClick={() => exportChart('SHEET_FORMAT_XLSX')}
            >
              {t('imports.exportXlsx')}
            </Button>
            <Button disabled={!agencyId} loading={chart.busy === 'SHEET_FORMAT_CSV'} onClick={() => exportChart('SHEET_FORMAT_CSV')}>
              {t('imports.exportCsv')}
            </Button>
          </Space>
        }
      />
      <Steps
        size="small"
        current={current ? STEP_OF[current.status] : 0}
        status={current?.status === 'IMPORT_STATUS_INVALID' ? 'error' : current?.status === 'IMPORT_STATUS_DONE' ? 'finish' : 'process'}
        items={[
          { title: t('imports.steps.upload') },
          { title: t('imports.steps.check') },
          { title: t('imports.steps.confirm') },
          { title: t('imports.steps.write') },
        ]}
      />
      {!jobId ? (
        <Card size="small">
          <Form layout="vertical" onFinish={submit} style={{ maxWidth: 720 }}>
            <Form.Item label={t('imports.agency')} htmlFor="import-agency" required>
              <AgencyPicker
                id="import-agency"
                value={agencyId}
                onChange={(v) => {
                  setAgencyId(v);
                  open(undefined, v);
                }}
              />
            </Form.Item>
            <Form.Item label={t('imports.effectiveDate')} htmlFor="import-date" extra={t('imports.effectiveDateHelp')}>
              <DatePicker id="import-date" format={DATE_FORMAT} value={effective} onChange={setEffective} allowClear={false} />
            </Form.Item>
            <Form.Item label={t('imports.files')} extra={t('imports.filesHelp')} required>
              <Upload.Dragger
                multiple
                accept=".xlsx,.csv"
                fileList={files}
                beforeUpload={() => false}
                onChange={({ fileList }) => setFiles(fileList.slice(-3))}
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text">{t('imports.drop')}</p>
              </Upload.Dragger>
            </Form.Item>
            <Button type="primary" htmlType="submit" disabled={!agencyId || files.length === 0} loading={start.isPending}>
              {t('imports.start')}
            </Button>
          </Form>
          <Layout />
        </Card>
      ) : job.error ? (
        <ErrorState error={job.error} onRetry={() => job.refetch()} />
      ) : current ? (
        <JobView job={current} onAnother={() => open(undefined, current.agency_id)} />
      ) : null}
      {agencyId && <History agencyId={agencyId} onOpen={(id) => open(id)} />}
    </Space>
  );
}

/** What the files must hold: the three sheets and their columns. */
function Layout() {
  const { t } = useTranslation();
  const sheets = ['units', 'positions', 'staff'] as const;
  return (
    <details style={{ marginTop: 16 }}>
      <summary>{t('imports.layout.title')}</summary>
      <Typography.Paragraph style={{ marginTop: 8 }}>{t('imports.layout.intro')}</Typography.Paragraph>
      <ul>
        {sheets.map((s) => (
          <li key={s}>
            <Typography.Text strong>{t(`imports.layout.${s}`)}</Typography.Text>: {t(`imports.layout.${s}Columns`)}
          </li>
        ))}
      </ul>
    </details>
  );
}

function Summary({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const s = job.summary;
  const rows: [string, number][] = [
    ['unitsCreated', s.units_created],
    ['unitsRenamed', s.units_renamed],
    ['unitsMoved', s.units_moved],
    ['positionsCreated', s.positions_created],
    ['officialsCreated', s.officials_created],
    ['officialsUpdated', s.officials_updated],
    ['postsChanged', s.posts_changed],
    ['rowsUnchanged', s.rows_unchanged],
  ];
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, sm: 2, lg: 4 }}
      items={rows.map(([k, v]) => ({ key: k, label: t(`imports.summary.${k}`), children: formatNumber(v) }))}
    />
  );
}

function JobView({ job, onAnother }: { job: ImportJob; onAnother: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const confirm = useConfirmImport();
  const reportFile = useFileDownload();
  const percent = job.rows_total ? Math.floor((job.rows_done / job.rows_total) * 100) : 0;
  const report = () =>
    reportFile.download(
      'report',
      async () => (await api('GET /api/v1/imports/{id}/report', { id: job.id, format: 'SHEET_FORMAT_XLSX' })).file,
    );
  const files = job.file_names.join(', ');

  if (isRunning(job.status))
    return (
      <Card size="small" aria-live="polite">
        <Typography.Paragraph>
          {t(job.status === 'IMPORT_STATUS_VALIDATING' ? 'imports.checking' : 'imports.writing', { files })}
        </Typography.Paragraph>
        <Progress percent={percent} status="active" aria-label={t('imports.progress')} />
        <Typography.Text type="secondary">
          {t('imports.rows', { done: formatNumber(job.rows_done), total: formatNumber(job.rows_total) })}
        </Typography.Text>
      </Card>
    );
  if (job.status === 'IMPORT_STATUS_INVALID')
    return (
      <Card size="small">
        <Alert
          type="error"
          showIcon
          title={t('imports.invalid', { count: job.issue_count, n: formatNumber(job.issue_count) })}
          description={t('imports.invalidHelp')}
          action={
            <Space orientation="vertical">
              <Button icon={<DownloadOutlined />} loading={reportFile.busy === 'report'} onClick={report}>
                {t('imports.report')}
              </Button>
              <Button onClick={onAnother}>{t('imports.another')}</Button>
            </Space>
          }
        />
        <Issues jobId={job.id} />
      </Card>
    );
  if (job.status === 'IMPORT_STATUS_READY')
    return (
      <Card size="small">
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Alert type="success" showIcon title={t('imports.ready', { files })} description={t('imports.readyHelp')} />
          <Summary job={job} />
          <Space wrap>
            <Popconfirm
              title={t('imports.confirmQuestion')}
              okText={t('imports.confirm')}
              cancelText={t('common.cancel')}
              onConfirm={() =>
                confirm.mutateAsync(job.id).catch((err) => message.error(err instanceof ApiError ? err.text : t('common.error')))
              }
            >
              <Button type="primary" loading={confirm.isPending}>
                {t('imports.confirm')}
              </Button>
            </Popconfirm>
            <Button onClick={onAnother}>{t('imports.another')}</Button>
          </Space>
        </Space>
      </Card>
    );
  return (
    <Card size="small">
      <Result
        status="success"
        title={t('imports.done')}
        subTitle={t('imports.doneAt', { at: formatDateTime(job.update_time) })}
        extra={<Button onClick={onAnother}>{t('imports.another')}</Button>}
      />
      <Summary job={job} />
    </Card>
  );
}

function Issues({ jobId }: { jobId: string }) {
  const { t, i18n } = useTranslation();
  const pages = useCursorPages(jobId);
  const list = useImportIssues({ import_id: jobId, page_size: ISSUES_PER_PAGE, page_token: pages.token }, true);
  if (list.error) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  return (
    <>
      <Table
        rowKey={(i) => `${i.sheet}/${i.row}/${i.column}/${i.message_en}`}
        size="small"
        style={{ marginTop: 16 }}
        loading={list.isFetching}
        dataSource={list.data?.issues ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('imports.issue.sheet'), dataIndex: 'sheet' },
          { title: t('imports.issue.row'), dataIndex: 'row', render: (r: number) => (r ? formatNumber(r) : '') },
          { title: t('imports.issue.column'), dataIndex: 'column' },
          {
            title: t('imports.issue.message'),
            key: 'message',
            render: (_, i) => (i18n.language === 'en' ? i.message_en : i.message_vi),
          },
        ]}
      />
      <CursorPager
        page={pages.page}
        nextToken={list.data?.next_page_token}
        onNext={pages.next}
        onPrevious={pages.previous}
        loading={list.isFetching}
      />
    </>
  );
}

/** The agency's earlier imports, to reopen one. */
function History({ agencyId, onOpen }: { agencyId: string; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const pages = useCursorPages(agencyId);
  const list = useImports({ agency_id: agencyId, page_size: 10, page_token: pages.token });
  if (list.error) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  return (
    <Card size="small" title={t('imports.history')}>
      <ListTable
        rowKey="id"
        loading={list.isFetching}
        rows={list.data?.jobs}
        emptyText={t('imports.none')}
        columns={[
          { title: t('imports.startedAt'), dataIndex: 'create_time', render: formatDateTime },
          {
            title: t('imports.files'),
            key: 'files',
            render: (_, j) => (
              <Button type="link" size="small" onClick={() => onOpen(j.id)}>
                {j.file_names.join(', ')}
              </Button>
            ),
          },
          {
            title: t('imports.status'),
            dataIndex: 'status',
            render: (s: string) => <Badge status={STATUS_BADGE[s]} text={t(`enums.importStatus.${s}`)} />,
          },
          { title: t('imports.rowsColumn'), dataIndex: 'rows_total', render: (n: number) => formatNumber(n) },
          { title: t('imports.issueCount'), dataIndex: 'issue_count', render: (n: number) => formatNumber(n) },
        ]}
      />
      <CursorPager
        page={pages.page}
        nextToken={list.data?.next_page_token}
        onNext={pages.next}
        onPrevious={pages.previous}
        loading={list.isFetching}
      />
    </Card>
  );
}
