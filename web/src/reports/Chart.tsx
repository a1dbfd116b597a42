// ECharts with only the pieces the reports use (bar, line, funnel; SVG renderer for crisp text).
import { Box } from '@mantine/core';
import { BarChart, FunnelChart, LineChart } from 'echarts/charts';
import { DatasetComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import type { EChartsOption } from 'echarts';

echarts.use([BarChart, LineChart, FunnelChart, GridComponent, TooltipComponent, LegendComponent, DatasetComponent, SVGRenderer]);

export const PALETTE = ['#4c6ef5', '#12b886', '#fab005', '#fa5252', '#7950f2', '#15aabf'];

export function Chart({ option, height = 340, testId }: { option: EChartsOption; height?: number; testId: string }) {
  return (
    <Box data-testid={testId} style={{ width: '100%' }}>
      <ReactEChartsCore echarts={echarts} option={{ color: PALETTE, animationDuration: 300, textStyle: { fontFamily: 'Inter, sans-serif' }, ...option }}
        notMerge lazyUpdate style={{ height, width: '100%' }} opts={{ renderer: 'svg' }} />
    </Box>
  );
}
