/**
 * The lineage graph (@xyflow/react, loaded only with this page): nodes are divisions, edges are
 * merges, splits and absorptions with their date and document. Time runs left to right; clicking a
 * node opens that division.
 */
import { useMemo } from 'react';
import {
  Background,
  BaseEdge,
  Controls,
  EdgeLabelRenderer,
  Handle,
  Position,
  ReactFlow,
  getBezierPath,
  type Edge,
  type EdgeProps,
  type Node,
  type NodeProps,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useLocation } from 'wouter';
import type { Lineage, LineageEdge, LineageNode } from '../api/types';
import { useI18n } from '../i18n';
import { useTimeHref } from '../time/useTime';

type DivisionNodeData = { node: LineageNode; root: boolean };
type DivisionFlowNode = Node<DivisionNodeData, 'division'>;
type LineageFlowEdge = Edge<{ edge: LineageEdge }, 'lineage'>;

function DivisionNodeView({ data }: NodeProps<DivisionFlowNode>) {
  const { t, date } = useI18n();
  const n = data.node;
  return (
    <div
      className={`flow-node${data.root ? ' root' : ''}${n.endedAt ? ' flow-ended' : ''}`}
      data-testid={`lineage-node-${n.id}`}
      title={t('lineage.open')}
    >
      <Handle type="target" position={Position.Left} />
      <div className="flow-name">{n.name}</div>
      <div className="flow-meta">
        {n.code ?? ''} · {t(`kind.${n.kind}`)}
      </div>
      <div className="flow-meta">
        {date(n.establishedAt)} – {n.endedAt ? date(n.endedAt) : t('period.now')}
      </div>
      <Handle type="source" position={Position.Right} />
    </div>
  );
}

function LineageEdgeView({
  id,
  sourceX,
  sourceY,
  targetX,
  targetY,
  sourcePosition,
  targetPosition,
  data,
  markerEnd,
}: EdgeProps<LineageFlowEdge>) {
  const { t, date } = useI18n();
  const [path, labelX, labelY] = getBezierPath({
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
  });
  const e = data?.edge;
  return (
    <>
      <BaseEdge id={id} path={path} {...(markerEnd ? { markerEnd } : {})} />
      {e && (
        <EdgeLabelRenderer>
          <div
            className="edge-label nodrag nopan"
            data-testid="lineage-edge-label"
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          >
            <strong>{t(`lineage.how.${e.how}`)}</strong> {date(e.effectiveAt)}
            {e.documentNo && <div className="doc">{e.documentNo}</div>}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

const nodeTypes = { division: DivisionNodeView };
const edgeTypes = { lineage: LineageEdgeView };

/** Columns by generation (a division comes after every one it came from), rows in order. */
export function layout(lineage: Lineage): Map<string, { x: number; y: number }> {
  const rank = new Map<string, number>(lineage.nodes.map((n) => [n.id, 0]));
  // The edges go forward in time, so ranks settle within |nodes| rounds.
  for (let i = 0; i < lineage.nodes.length; i++) {
    let changed = false;
    for (const e of lineage.edges) {
      const r = (rank.get(e.from) ?? 0) + 1;
      if (r > (rank.get(e.to) ?? 0)) {
        rank.set(e.to, r);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const rows = new Map<number, number>();
  const out = new Map<string, { x: number; y: number }>();
  for (const n of [...lineage.nodes].sort((a, b) => (a.code ?? a.id).localeCompare(b.code ?? b.id))) {
    const r = rank.get(n.id) ?? 0;
    const row = rows.get(r) ?? 0;
    rows.set(r, row + 1);
    out.set(n.id, { x: r * 440, y: row * 120 });
  }
  return out;
}

export default function LineageGraph({ lineage }: { lineage: Lineage }) {
  const { t, date } = useI18n();
  const [, navigate] = useLocation();
  const href = useTimeHref();
  const { nodes, edges } = useMemo(() => {
    const pos = layout(lineage);
    const nodes: DivisionFlowNode[] = lineage.nodes.map((n) => ({
      id: n.id,
      type: 'division',
      position: pos.get(n.id) ?? { x: 0, y: 0 },
      data: { node: n, root: n.id === lineage.root },
      draggable: false,
      connectable: false,
    }));
    const edges: LineageFlowEdge[] = lineage.edges.map((e, i) => ({
      id: `${e.eventId}-${i}`,
      source: e.from,
      target: e.to,
      type: 'lineage',
      data: { edge: e },
    }));
    return { nodes, edges };
  }, [lineage]);
  const names = new Map(lineage.nodes.map((n) => [n.id, n.name]));

  return (
    <div data-testid="lineage-graph">
      <div
        className="flow"
        style={{ height: Math.max(260, Math.min(640, 120 + 110 * Math.max(...layoutRows(nodes)))) }}
      >
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          fitView
          fitViewOptions={{ padding: 0.15, maxZoom: 1 }}
          nodesConnectable={false}
          elementsSelectable={false}
          proOptions={{ hideAttribution: true }}
          onNodeClick={(_, node) => navigate(href(`/divisions/${encodeURIComponent(node.id)}`))}
          minZoom={0.2}
        >
          <Background gap={24} />
          <Controls showInteractive={false} />
        </ReactFlow>
      </div>
      <ul className="sr-only" aria-label={t('division.lineage')}>
        {lineage.edges.map((e, i) => (
          <li key={i}>
            {names.get(e.from)} → {names.get(e.to)}: {t(`lineage.how.${e.how}`)} {date(e.effectiveAt)}{' '}
            {e.documentNo ?? ''}
          </li>
        ))}
      </ul>
    </div>
  );
}

function layoutRows(nodes: DivisionFlowNode[]): number[] {
  const byX = new Map<number, number>();
  for (const n of nodes) byX.set(n.position.x, (byX.get(n.position.x) ?? 0) + 1);
  return [1, ...byX.values()];
}
