import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Allocation, AllocationRequest } from '@/contracts/delegates';
import { apiPost } from '@/web/lib/api-client';
import { allocationQueryOptions } from '@/web/features/delegates/api/get-allocation';

/** `POST /api/v1/delegates/allocations`: computes and stores an allocation. */
export function useCreateAllocation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AllocationRequest) => apiPost<Allocation>('/api/v1/delegates/allocations', body),
    onSuccess: (allocation) => {
      queryClient.setQueryData(allocationQueryOptions(allocation.id).queryKey, allocation);
      void queryClient.invalidateQueries({ queryKey: ['delegates', 'allocations', 'list'] });
    },
  });
}
