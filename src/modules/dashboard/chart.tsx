// The dashboard's charts as SVG drawn on the server: no script, no library, styled by the site's
// stylesheet. Each chart is an image with a text alternative; the same figures are in a table
// beside it for anyone who reads them rather than sees them.
import { shortMonth, type StageFlows } from './dashboard.js';

const WIDTH = 264;
const HEIGHT = 96;
const AXIS = 48;
const LABEL_ROOM = 14;

/**
 * One stage's entries (bars above the line) and exits (below it) in each month. `scale` is the
 * largest monthly figure of all the stages, so charts side by side compare at a glance.
 */
export function StageFlowChart({ flows, scale }: { flows: StageFlows; scale: number }) {
  const slot = WIDTH / flows.months.length;
  const bar = Math.max(2, slot - 6);
  const unit = (AXIS - 6) / Math.max(1, scale);
  const id = `flow-${flows.state}`;
  const first = flows.months[0]?.month;
  const last = flows.months.at(-1)?.month;
  return (
    <svg class="flow-chart" viewBox={`0 0 ${WIDTH} ${HEIGHT + LABEL_ROOM}`} role="img" aria-labelledby={`${id}-title`} width={WIDTH} height={HEIGHT + LABEL_ROOM}>
      <title id={`${id}-title`}>{`${flows.label}: ${flows.entered} entered and ${flows.left} left in the last ${flows.months.length} months`}</title>
      {flows.months.map((m, i) => {
        const x = i * slot + (slot - bar) / 2;
        const up = m.entered * unit;
        const down = m.left * unit;
        return (
          <g>
            {m.entered > 0 && <rect class="flow-in" x={x} y={AXIS - up} width={bar} height={up} />}
            {m.left > 0 && <rect class="flow-out" x={x} y={AXIS} width={bar} height={down} />}
          </g>
        );
      })}
      <line class="flow-axis" x1="0" x2={WIDTH} y1={AXIS} y2={AXIS} />
      {first && <text class="flow-label" x="0" y={HEIGHT + LABEL_ROOM - 2}>{shortMonth(first)}</text>}
      {last && <text class="flow-label" x={WIDTH} y={HEIGHT + LABEL_ROOM - 2} text-anchor="end">{shortMonth(last)}</text>}
    </svg>
  );
}

/** A bar in proportion to `value` of `max`, beside the figure a table cell already states. */
export function CountBar({ value, max }: { value: number; max: number }) {
  const width = max > 0 ? Math.round((value / max) * 160) : 0;
  return (
    <svg class="count-bar" viewBox="0 0 160 12" width="160" height="12" aria-hidden="true" focusable="false">
      {width > 0 && <rect x="0" y="0" width={width} height="12" />}
    </svg>
  );
}
