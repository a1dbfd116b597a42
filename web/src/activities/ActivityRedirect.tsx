import { Navigate } from '@tanstack/react-router';
import { QueryState } from '../components/QueryState';
import { activityAnchor, useActivity } from './api';

/** /activities/:id (the link of a task reminder): opens the deal, contact or company the activity belongs to. */
export function ActivityRedirect({ id }: { id: number }) {
  const a = useActivity(id);
  // The record's page scrolls to the activity and marks it (ActivityItem reads the hash).
  const hash = activityAnchor(id);
  if (!a.data) {
    if (a.error) return <Navigate to="/my-day" replace />;
    return <QueryState isPending error={null} />;
  }
  if (a.data.dealId) return <Navigate to="/deals/$id" params={{ id: String(a.data.dealId) }} hash={hash} replace />;
  if (a.data.contactId) return <Navigate to="/contacts/$id" params={{ id: String(a.data.contactId) }} hash={hash} replace />;
  if (a.data.companyId) return <Navigate to="/companies/$id" params={{ id: String(a.data.companyId) }} hash={hash} replace />;
  return <Navigate to="/my-day" hash={hash} replace />;
}
