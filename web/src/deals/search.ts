// URL state of /deals: board or table, and the pipeline shown.
export interface DealsSearch {
  view?: 'board' | 'table';
  pipelineId?: number;
}

export function validateDealsSearch(s: Record<string, unknown>): DealsSearch {
  const pipelineId = Number(s.pipelineId);
  return {
    view: s.view === 'table' ? 'table' : undefined,
    pipelineId: Number.isInteger(pipelineId) && pipelineId > 0 ? pipelineId : undefined,
  };
}
