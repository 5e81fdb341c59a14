/** `-m comment --comment X`, quoted the way kube-proxy quotes it: only when X contains a space. */
export function iptablesComment(text: string): string[] {
  return ['-m', 'comment', '--comment', text.includes(' ') ? `"${text}"` : text];
}
