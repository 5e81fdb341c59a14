/**
 * Why an allocator refused a request, named after the apiserver's sentinel errors (ErrNotInRange,
 * ErrAllocated, ErrFull in pkg/registry/core/service/{ipallocator,portallocator}).
 */
export type AllocatorErrorReason = 'NotInRange' | 'Allocated' | 'Full';

/** An allocator's refusal: the reason, and the error text the apiserver would print for it. */
export interface AllocatorError {
  readonly reason: AllocatorErrorReason;
  readonly message: string;
}

/** The outcome of one allocation: the value reserved, or why nothing was reserved. */
export type AllocationResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AllocatorError };

/** The allocators' "range is full" refusal (ErrFull), shared by the IP and port allocators. */
export const RANGE_FULL: AllocatorError = { reason: 'Full', message: 'range is full' };
