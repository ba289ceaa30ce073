import { Progress, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * The OKR colour bands, the one place they are set: below 0.4 behind (red), 0.4 to 0.7 at risk
 * (amber), above 0.7 on track (green). The colours are dark enough to stand out on white.
 */
export const PROGRESS_BANDS = {
  behind: { below: 0.4, color: '#c41d1d' },
  atRisk: { upTo: 0.7, color: '#b76e00' },
  onTrack: { color: '#237804' },
} as const;

export type ProgressBand = keyof typeof PROGRESS_BANDS;

export function progressBand(progress: number): ProgressBand {
  if (progress < PROGRESS_BANDS.behind.below) return 'behind';
  if (progress <= PROGRESS_BANDS.atRisk.upTo) return 'atRisk';
  return 'onTrack';
}

/** A progress bar (0–1) in its band's colour, named for screen readers with the band in words; "no data yet" when unset. */
export function OkrProgress({ value, label, size }: { value: number | null | undefined; label: string; size?: 'small' | 'default' }) {
  const { t } = useTranslation();
  if (value === null || value === undefined) return <Typography.Text type="secondary">{t('objectives.noProgress')}</Typography.Text>;
  const band = progressBand(value);
  const percent = Math.round(value * 100);
  return (
    <Progress
      percent={percent}
      status="normal"
      strokeColor={PROGRESS_BANDS[band].color}
      size={size}
      aria-label={t('objectives.progressOf', { name: label, percent, band: t(`objectives.band.${band}`) })}
      data-band={band}
    />
  );
}
