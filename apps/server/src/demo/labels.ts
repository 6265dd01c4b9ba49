const KIND_LABELS: Record<string, string> = { town: '镇', xiang: '乡', subdistrict: '街道' };

export function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind;
}
