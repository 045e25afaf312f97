// The webhooks module's tables: endpoints administrators register, one delivery per (endpoint,
// event), and every attempt made to deliver it.

export interface WebhookEndpointsTable {
  id: string;
  url: string;
  description: string;
  /** JSON list of event types, or ["*"] for every public event. */
  event_types: string;
  /** `whsec_` + base64 of 32 random bytes, sealed (AES-256-GCM, platform/crypto/secret-box.ts); never exported, shown once when made. */
  secret: string | null;
  /** The secret a rotation replaced, sealed: it signs beside the new one until `previous_secret_until`. */
  previous_secret: string | null;
  previous_secret_until: string | null;
  status: 'active' | 'disabled';
  /** The stream's last position when it was registered: it is sent only events after it. */
  from_position: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDeliveriesTable {
  id: string;
  endpoint_id: string;
  /** The event's stable id: the `webhook-id` header, the same on every attempt. */
  event_id: string;
  event_position: number;
  event_type: string;
  status: DeliveryStatus;
  /** Attempts since it was queued (or last sent again by hand): they set the next wait. */
  attempts: number;
  /** When it may next be tried. */
  next_attempt_at: string;
  /** The instance sending it now, and until when its claim holds. */
  claimed_by: string | null;
  claimed_until: string | null;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: string | null;
  created_at: string;
  updated_at: string;
}

export type AttemptOutcome = 'delivered' | 'refused' | 'error' | 'timeout';

export interface WebhookAttemptsTable {
  id: string;
  delivery_id: string;
  endpoint_id: string;
  started_at: string;
  duration_ms: number;
  /** The endpoint's HTTP status, when it answered. */
  status_code: number | null;
  outcome: AttemptOutcome;
  /** The first kilobyte of its answer, as text. */
  response_excerpt: string | null;
  error: string | null;
}

export interface WebhookTables {
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
}
