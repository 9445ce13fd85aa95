/** A users import or export job as Auth0's jobs API shows it. */
export interface UserJob {
  id: string;
  type: 'users_import' | 'users_export';
  status: 'pending' | 'processing' | 'completed' | 'failed';
  created_at: string;
  connection_id?: string;
  external_id?: string;
  status_details?: string;
  summary?: { inserted: number; updated: number; failed: number; total: number };
  percentage_done?: number;
  time_left_seconds?: number;
  format?: 'json' | 'csv';
  location?: string;
}
