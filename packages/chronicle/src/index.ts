/**
 * The county chronicle written from the events (isomorphic part): the document shape and its
 * Markdown and HTML forms, and the formatting of dates, numbers and templates. The read model, the
 * texts, the report, the DOCX and the procedures are `./server`.
 */
export * from './document';
export {
  formatDate,
  formatInstant,
  formatNumber,
  formatPercent,
  fill,
  dayOf,
  ENGINE_TEMPLATES,
} from './format';
