// ECharts with only what the dashboard draws (a choropleth map and a bar chart), so the bundle
// does not carry every chart type: echarts/core plus the parts, and echarts-for-react's core
// component, which takes this echarts instance instead of importing the whole library.
import { BarChart, MapChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';

echarts.use([MapChart, BarChart, GridComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export { echarts, ReactEChartsCore as ReactECharts };
