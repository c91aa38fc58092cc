import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconFileSpreadsheet, IconPhoto } from '@tabler/icons-react';
import { useRef, useState, type ReactNode } from 'react';
import { useT } from '@/web/components/i18n/i18n';
import { downloadCsv, downloadSvgAsPng, toCsv } from '@/web/features/statistics/chart-export';

export interface ChartData {
  header: string[];
  rows: (string | number | null)[][];
}

/**
 * A chart with its title and two downloads: its numbers as CSV and the picture as PNG. The chart
 * is an SVG inside `children`; the PNG is drawn from the first SVG found there.
 */
export function ChartCard({
  title,
  description,
  fileName,
  data,
  children,
  withPng = true,
  pngFootnote,
}: {
  title: string;
  description?: string;
  /** Without extension, e.g. "mitglieder-je-kreis-2026-03-31". */
  fileName: string;
  data: ChartData;
  children: ReactNode;
  withPng?: boolean;
  /** A line written below the chart in the PNG, e.g. the attribution a map must carry. */
  pngFootnote?: string;
}) {
  const t = useT();
  const body = useRef<HTMLDivElement>(null);
  const [pngFailed, setPngFailed] = useState(false);
  const savePng = async () => {
    const svg = body.current?.querySelector('svg');
    if (!svg) return;
    try {
      setPngFailed(false);
      await downloadSvgAsPng(svg, `${fileName}.png`, pngFootnote);
    } catch {
      setPngFailed(true);
    }
  };
  return (
    <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} shadow="xs" component="section">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4">
            {title}
          </Title>
          {description && (
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          )}
        </div>
        <div ref={body}>{children}</div>
        <Group gap="xs">
          <Button
            size="xs"
            variant="default"
            leftSection={<IconFileSpreadsheet size={16} aria-hidden="true" />}
            aria-label={t('statistics.downloadCsvOf', { chart: title })}
            onClick={() => downloadCsv(`${fileName}.csv`, toCsv(data.header, data.rows))}
          >
            {t('statistics.downloadCsv')}
          </Button>
          {withPng && (
            <Button
              size="xs"
              variant="default"
              leftSection={<IconPhoto size={16} aria-hidden="true" />}
              aria-label={t('statistics.downloadPngOf', { chart: title })}
              onClick={() => void savePng()}
            >
              {t('statistics.downloadPng')}
            </Button>
          )}
        </Group>
        {pngFailed && (
          <Text size="sm" c="red.8" role="alert">
            {t('statistics.pngFailed')}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
