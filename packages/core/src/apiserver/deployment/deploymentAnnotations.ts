/** The rollout sequence number of a Deployment's ReplicaSet (and, copied, of the Deployment). */
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
/** Earlier revisions a ReplicaSet served, when a rollback reused it. */
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
/** spec.replicas of the Deployment when it last scaled this ReplicaSet; a mismatch marks a scaling event. */
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
/** spec.replicas + maxSurge when the Deployment last scaled this ReplicaSet; the base of proportional scaling. */
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';

/** Deployment annotations the controller never copies onto its ReplicaSets (annotationsToSkip). */
const ANNOTATIONS_TO_SKIP: ReadonlySet<string> = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  'deprecated.deployment.rollback.to',
]);

/** The revision-history annotation is capped at this many characters (maxRevHistoryLengthInChars). */
const MAX_REVISION_HISTORY_CHARS = 2000;

/**
 * Parses an annotation as Go's strconv.ParseInt(v, 10, 64) would: an optional sign and decimal digits.
 * Absent means 0; anything else is undefined (the controller skips such ReplicaSets).
 */
export function parseRevision(annotations: Readonly<Record<string, string>> | undefined): number | undefined {
  const raw = annotations?.[REVISION_ANNOTATION];
  if (raw === undefined) return 0;
  return parseGoInt(raw);
}

/** strconv.Atoi-style parsing of a decimal integer annotation; undefined when malformed. */
export function parseGoInt(raw: string): number | undefined {
  if (!/^[+-]?\d+$/.test(raw)) return undefined;
  const value = Number(raw);
  return Number.isSafeInteger(value) ? value : undefined;
}

/**
 * deploymentutil.SetNewReplicaSetAnnotations, on a mutable copy of the ReplicaSet's annotations: copies
 * the Deployment's own annotations, raises the revision to newRevision when it is higher (recording the
 * superseded one in revision-history, which is what a rollback to an existing ReplicaSet looks like), and
 * for a ReplicaSet about to be created sets desired-replicas and max-replicas. Returns whether anything
 * changed.
 */
export function setNewReplicaSetAnnotations(
  rsAnnotations: Record<string, string>,
  deploymentAnnotations: Readonly<Record<string, string>> | undefined,
  newRevision: number,
  replicaAnnotations: { readonly desired: number; readonly max: number } | undefined,
): boolean {
  let changed = copyDeploymentAnnotations(rsAnnotations, deploymentAnnotations);
  const oldRevisionText = rsAnnotations[REVISION_ANNOTATION];
  const oldRevision = oldRevisionText === undefined ? 0 : parseGoInt(oldRevisionText);
  // The real helper gives up on a ReplicaSet whose revision is not a number, leaving it untouched.
  if (oldRevision === undefined) return false;
  if (oldRevision < newRevision) {
    rsAnnotations[REVISION_ANNOTATION] = String(newRevision);
    changed = true;
    if (oldRevisionText !== undefined) appendRevisionHistory(rsAnnotations, oldRevisionText);
  }
  if (replicaAnnotations !== undefined) {
    changed =
      setReplicasAnnotations(rsAnnotations, replicaAnnotations.desired, replicaAnnotations.max) || changed;
  }
  return changed;
}

function copyDeploymentAnnotations(
  rsAnnotations: Record<string, string>,
  deploymentAnnotations: Readonly<Record<string, string>> | undefined,
): boolean {
  let changed = false;
  for (const [key, value] of Object.entries(deploymentAnnotations ?? {})) {
    if (ANNOTATIONS_TO_SKIP.has(key) || rsAnnotations[key] === value) continue;
    rsAnnotations[key] = value;
    changed = true;
  }
  return changed;
}

function appendRevisionHistory(rsAnnotations: Record<string, string>, oldRevision: string): void {
  const history = rsAnnotations[REVISION_HISTORY_ANNOTATION] ?? '';
  if (history === '') {
    rsAnnotations[REVISION_HISTORY_ANNOTATION] = oldRevision;
    return;
  }
  // Drop the oldest entries until the appended list fits the cap, as the real controller does.
  const revisions = history.split(',');
  let totalLength = history.length + oldRevision.length + 1;
  let start = 0;
  while (totalLength > MAX_REVISION_HISTORY_CHARS && start < revisions.length) {
    totalLength -= (revisions[start] ?? '').length + 1;
    start++;
  }
  if (totalLength <= MAX_REVISION_HISTORY_CHARS) {
    rsAnnotations[REVISION_HISTORY_ANNOTATION] = [...revisions.slice(start), oldRevision].join(',');
  }
}

/** Sets desired-replicas and max-replicas; returns whether either changed (SetReplicasAnnotations). */
export function setReplicasAnnotations(
  rsAnnotations: Record<string, string>,
  desired: number,
  max: number,
): boolean {
  let changed = false;
  if (rsAnnotations[DESIRED_REPLICAS_ANNOTATION] !== String(desired)) {
    rsAnnotations[DESIRED_REPLICAS_ANNOTATION] = String(desired);
    changed = true;
  }
  if (rsAnnotations[MAX_REPLICAS_ANNOTATION] !== String(max)) {
    rsAnnotations[MAX_REPLICAS_ANNOTATION] = String(max);
    changed = true;
  }
  return changed;
}
