// The public API of @svcsim/proxy-modes. The proxy modes arrive with the kube-proxy issue; the package
// exists now so the dependency direction (core <- proxy-modes <- scenarios <- tools) is fixed from the start.
export {};
