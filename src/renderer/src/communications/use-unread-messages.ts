import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { RingsideClient } from '../../../shared/api/contract';
import { useApiQuery } from '../api/use-api-query';

/**
 * Conversations with unread messages (`messages.unreadCount`), for the navigation badge: read again on every
 * `data.changed` of messages (use-data-changes.ts), and at once when a message arrives.
 */
export function useUnreadMessages(client: RingsideClient): number {
  const queryClient = useQueryClient();
  const unread = useApiQuery(client, 'messages.unreadCount', {});
  useEffect(
    () =>
      client.on('messages.arrived', () => {
        void queryClient.invalidateQueries({ queryKey: ['messages.unreadCount'] });
      }),
    [client, queryClient],
  );
  return unread.data?.unread ?? 0;
}
