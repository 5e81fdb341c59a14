/** A kube-proxy release, `MAJOR.MINOR.PATCH`, as `kube-proxy --version` names it (without the `v`). */
export interface KubeProxyVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

// Release versions only: pre-releases (`1.23.0-rc.0`) and build metadata carry code between two
// releases, which svcsim cannot place on either side of a fix, so they are refused rather than guessed.
const RELEASE_VERSION = /^v?(0|[1-9][0-9]{0,5})\.(0|[1-9][0-9]{0,5})\.(0|[1-9][0-9]{0,5})$/;

/** What `emulateVersion` fields accept, for error messages. */
export const KUBE_PROXY_VERSION_EXPECTED = 'a Kubernetes release version such as 1.22.3 or v1.22.3';

/** Parses `1.22.3` or `v1.22.3`; undefined for anything else (`1.22`, `1.22.3-rc.0`, `01.22.3`). */
export function parseKubeProxyVersion(text: string): KubeProxyVersion | undefined {
  const match = RELEASE_VERSION.exec(text);
  if (match === null) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

/** Orders releases: negative when `a` is older than `b`, 0 when they are the same release. */
export function compareKubeProxyVersions(a: KubeProxyVersion, b: KubeProxyVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** Whether `version` lies in `[from, until)`: at or after the first affected release, before the fix. */
export function isKubeProxyVersionIn(
  version: KubeProxyVersion,
  from: KubeProxyVersion,
  until: KubeProxyVersion,
): boolean {
  return compareKubeProxyVersions(version, from) >= 0 && compareKubeProxyVersions(version, until) < 0;
}
