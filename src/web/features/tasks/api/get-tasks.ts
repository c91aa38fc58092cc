import { useQuery } from '@tanstack/react-query';
import type { TaskOverview } from '@/contracts/tasks';
import { apiGet } from '@/web/lib/api-client';

/** `GET /api/v1/tasks`: running deadlines and open notifications of the caller's units. */
export function useTasks() {
  return useQuery({
    queryKey: ['tasks'],
    queryFn: ({ signal }) => apiGet<TaskOverview>('/api/v1/tasks', signal),
  });
}
