/** What `spec.traffic` and `spec.expect` references are checked against. */
export interface SectionWorld {
  readonly durationMs: number;
  /** Every node of the cluster: generated or listed ones, and Node manifests. */
  readonly nodeNames: ReadonlySet<string>;
  /** `objectKey()` of every object the file defines: manifests and objects the timeline applies. */
  readonly objectKeys: ReadonlySet<string>;
}
